from django.urls import path

from apps.advising import views

app_name = "advising"

urlpatterns = [
    path("", views.home, name="home"),
    path("assignments/", views.assignments, name="assignments"),
    path("assignments/<int:student_pk>/", views.assign, name="assign"),
]
