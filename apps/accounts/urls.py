from django.urls import path

from apps.accounts import views

app_name = "accounts"

urlpatterns = [
    path("home/", views.home, name="home"),
    path("settings/", views.profile, name="profile"),
    path("settings/export/", views.export_data, name="export_data"),
    path("settings/delete/", views.delete_account, name="delete_account"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("volunteer/", views.apply, name="apply"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/invitations/", views.invitations, name="invitations"),
    path("staff/applications/", views.applications, name="applications"),
    path(
        "staff/applications/<int:pk>/review/",
        views.review_application,
        name="review_application",
    ),
]
