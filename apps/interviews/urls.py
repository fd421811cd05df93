"""The student's side of interview requests: asking, following a request, notes and thanks."""

from django.urls import path  # noqa: F401

app_name = "interviews"

urlpatterns: list = []
