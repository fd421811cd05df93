from django.urls import path

from apps.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/", views.show_email, name="show_email"),
    path("<int:pk>/html/", views.show_email_html, name="show_email_html"),
    path(
        "<int:pk>/attachments/<int:number>/", views.download_attachment, name="download_attachment"
    ),
    path("<int:pk>/resend/", views.resend, name="resend"),
]
