from django.urls import path

from apps.students import views

app_name = "students"

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.edit_profile, name="edit_profile"),
]
