"""The volunteer's side of interview requests: the inbox, answers, and one-click email links."""

from django.urls import path  # noqa: F401

app_name = "inbox"

urlpatterns: list = []
