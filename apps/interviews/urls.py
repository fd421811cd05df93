"""The student's side of interview requests: asking, following a request, notes and thanks."""

from django.urls import path

from apps.interviews import views

app_name = "interviews"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/<int:profile_pk>/", views.new_request, name="new"),
    # Emails link here (emails.request_url): keep the path.
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/held/", views.complete, name="complete"),
    path("<int:pk>/missed/", views.no_show, name="no_show"),
    path("<int:pk>/notes/", views.notes, name="notes"),
    path("<int:pk>/referrals/add/", views.add_referral, name="add_referral"),
    path("<int:pk>/thank-you/", views.thank_you, name="thank_you"),
]
