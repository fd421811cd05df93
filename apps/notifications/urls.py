from django.urls import path

from apps.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/resend/", views.resend, name="resend"),
]
