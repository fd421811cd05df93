from django.urls import path

from apps.directory import views

app_name = "directory"

urlpatterns = [
    path("volunteer/", views.alumni_home, name="alumni_home"),
]
