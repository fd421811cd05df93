from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class Email(models.Model):
    """One email in the outbox: written in the same transaction as the change that causes it,
    then delivered by Celery. Its Message-ID is fixed when it is written, so that a message sent
    twice after a crash is folded into one by the recipient's mail client."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Gave up"

    event = models.CharField(max_length=80)
    # Names the business event (e.g. "invitation:42"): with the recipient, it is unique, so the
    # same event raised twice writes one email.
    event_key = models.CharField(max_length=200)
    recipient = models.CharField(max_length=320)
    recipient_name = models.CharField(max_length=150, blank=True)
    reply_to = models.CharField(max_length=320, blank=True)
    subject = models.CharField(max_length=400)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # A calendar invite (apps/notifications/calendar.py) sent with the message, and its METHOD,
    # which the MIME part must repeat for mail clients to offer it as an invitation.
    calendar = models.TextField(blank=True)
    calendar_method = models.CharField(max_length=10, blank=True)
    message_id = models.CharField(max_length=250, unique=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    about = GenericForeignKey("content_type", "object_id")

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["event_key", "recipient"], name="one_email_per_event"),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "sending", "sent", "failed", "expired"]),
                name="email_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(calendar="", calendar_method="")
                | (~Q(calendar="") & Q(calendar_method__in=["REQUEST", "CANCEL"])),
                name="email_calendar_has_method",
            ),
        ]
        indexes = [
            # The sweeper's scans: unsent mail waiting too long, and sends that never finished.
            models.Index(fields=["created_at"], condition=Q(status="queued"), name="email_queued"),
            models.Index(
                fields=["claimed_at"], condition=Q(status="sending"), name="email_sending"
            ),
            models.Index(fields=["status", "-created_at"], name="email_status_recent"),
            models.Index(fields=["recipient"], name="email_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.event} to {self.recipient}"
