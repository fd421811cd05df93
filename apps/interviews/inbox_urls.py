"""The volunteer's side of interview requests: the inbox, answers, and one-click email links.

The paths `<pk>/` and `reply/<token>/` are also written into emails (apps/interviews/emails.py).
"""

from django.urls import path

from apps.interviews import inbox_views

app_name = "inbox"

urlpatterns = [
    path("", inbox_views.inbox, name="list"),
    path("<int:pk>/", inbox_views.detail, name="detail"),
    path("<int:pk>/accept/", inbox_views.accept, name="accept"),
    path("<int:pk>/propose/", inbox_views.propose, name="propose"),
    path("<int:pk>/decline/", inbox_views.decline, name="decline"),
    path("<int:pk>/cancel/", inbox_views.cancel, name="cancel"),
    path("<int:pk>/no-show/", inbox_views.no_show, name="no_show"),
    path("reply/<str:token>/", inbox_views.reply, name="reply"),
]
