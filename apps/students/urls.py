from django.urls import path

from apps.students import views

app_name = "students"

urlpatterns = [
    path("", views.home, name="home"),
]
