from django.urls import path

from apps.students import views

app_name = "students"

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.edit_profile, name="edit_profile"),
    path("log/", views.log, name="log"),
    path("log/add/", views.add_contact, name="add_contact"),
    path("log/<int:pk>/edit/", views.edit_contact, name="edit_contact"),
    path("log/<int:pk>/delete/", views.delete_contact, name="delete_contact"),
    path("log/export.csv", views.export_log, name="export_log"),
]
