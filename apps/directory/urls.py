from django.urls import path

from apps.directory import import_views, views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.profile, name="profile"),
    path("<int:pk>/photo/", views.photo, name="photo"),
    path("volunteer/", views.alumni_home, name="alumni_home"),
    path("volunteer/profile/", views.edit_own_profile, name="edit_own_profile"),
    path("staff/profiles/", views.staff_profiles, name="staff_profiles"),
    path("staff/profiles/<int:pk>/", views.staff_edit_profile, name="staff_edit_profile"),
    path("staff/profiles/<int:pk>/publish/", views.publish, name="publish"),
    path("staff/import/", import_views.import_upload, name="import_upload"),
    path("staff/import/<int:pk>/", import_views.import_job, name="import_job"),
    path("staff/import/<int:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("staff/import/<int:pk>/progress/", import_views.import_progress, name="import_progress"),
]
