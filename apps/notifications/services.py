"""The email outbox: record an email with the change that causes it, then deliver it once.

Lifecycle of an Email row:

    queued --claim--> sending --accepted--> sent
       ^                 |--temporary failure--> queued (later, with back-off)
       |                 |--permanent failure, or too many attempts--> failed
       +--sweeper: a send that never finished (worker died) goes back to queued
    queued --sweeper: still not sent after SPOTLIGHT_EMAIL_EXPIRE_AFTER_HOURS--> expired
    failed or expired --staff re-send--> queued (attempts start again from zero)

Each step is a conditional UPDATE that checks the row is still in the state it expects, so a
task delivered twice, two workers, or a double-clicked re-send can never send a message twice.
"""

import contextlib
import logging
import random
import smtplib
import threading
from dataclasses import dataclass
from datetime import timedelta
from email.utils import format_datetime, formataddr, make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from apps.notifications import calendar as invites
from apps.notifications.models import Email

logger = logging.getLogger(__name__)

Status = Email.Status


class InvalidRecipient(ValueError):
    """The address cannot receive email; the message is refused rather than queued."""


@dataclass(frozen=True)
class Content:
    subject: str
    text: str
    html: str = ""


def render(template: str, context: dict) -> Content:
    """Render emails/<template>_subject.txt, _body.txt and _body.html with the site context."""
    context = {
        "site_name": settings.SPOTLIGHT_SITE_NAME,
        "base_url": settings.SPOTLIGHT_BASE_URL,
        **context,
    }
    return Content(
        subject=plain_text(render_to_string(f"emails/{template}_subject.txt", context)),
        text=plain_text(render_to_string(f"emails/{template}_body.txt", context)),
        html=render_to_string(f"emails/{template}_body.html", context),
    )


def plain_text(rendered: str) -> str:
    """A text template's output as an ordinary string.

    render_to_string marks what it returns safe for HTML, but a plain-text body is rendered
    with autoescaping off: shown on a page (the request form's preview), it must be escaped.
    """
    return str.__str__(rendered)


def queue_email(
    *,
    event: str,
    key: str,
    to: str,
    content: Content,
    name: str = "",
    reply_to: str = "",
    about: models.Model | None = None,
    calendar: str = "",
) -> Email | None:
    """Record an email in the current transaction; it is sent once the transaction commits.

    `calendar` is an invite from `notifications.calendar.build_invite`, sent with the message.
    Returns None when this event already wrote an email to this recipient.
    """
    recipient = _clean_address(to)
    # Parsed now, inside the caller's transaction, so that a broken invite fails the change
    # that made it rather than the send an hour later.
    calendar_method = invites.method_of(calendar) if calendar else ""
    fields = {
        "event": event,
        "recipient_name": one_line(name)[:150],
        "reply_to": _clean_address(reply_to) if reply_to else "",
        "subject": one_line(content.subject)[:400],
        "body_text": content.text,
        "body_html": content.html,
        "calendar": calendar,
        "calendar_method": calendar_method,
        "message_id": make_msgid(domain=_message_id_domain()),
    }
    if about is not None:
        fields["content_type"] = ContentType.objects.get_for_model(about)
        fields["object_id"] = str(about.pk)
    try:
        with transaction.atomic():
            email = Email.objects.create(event_key=key, recipient=recipient, **fields)
    except IntegrityError:
        if Email.objects.filter(event_key=key, recipient=recipient).exists():
            return None
        raise
    transaction.on_commit(lambda: enqueue(email.pk))
    return email


def one_line(text: str) -> str:
    """Header values are one line: a newline in a name or subject must not start a new header."""
    return " ".join(text.split())


def _clean_address(address: str) -> str:
    address = address.strip()
    try:
        validate_email(address)
    except ValidationError:
        raise InvalidRecipient(f"{address!r} is not an email address.") from None
    return address


def _message_id_domain() -> str:
    return urlsplit(settings.SPOTLIGHT_BASE_URL).hostname or "spotlight.invalid"


def enqueue(email_id: int, *, countdown: float | None = None) -> None:
    """Hand the email to Celery. If the broker is down, the sweeper sends it later."""
    from apps.notifications.tasks import deliver_email

    try:
        deliver_email.apply_async((email_id,), countdown=countdown)
    except Exception:
        logger.warning(
            "Could not enqueue email %s; the sweeper will send it.", email_id, exc_info=True
        )


# --- Delivery ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: str
    retry_in: float | None = None


def deliver(email_id: int) -> Outcome:
    """Claim the email, send it over SMTP and record the result."""
    email = _claim(email_id)
    if email is None:
        return Outcome("not claimed")
    try:
        _send(email)
    except Exception as error:
        return _record_failure(email, error)
    # The window for a duplicate is here: between the server's "250 accepted" and this UPDATE.
    Email.objects.filter(pk=email_id, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return Outcome(Status.SENT)


CLAIM = """
    UPDATE notifications_email
       SET status = %s, claimed_at = now(), attempts = attempts + 1
     WHERE id = %s AND status = %s AND (next_attempt_at IS NULL OR next_attempt_at <= now())
 RETURNING *
"""


def _claim(email_id: int) -> Email | None:
    """Move a due email from queued to sending and load it, in one statement; None if another
    worker has it, it was sent already, or its retry is not due yet."""
    claimed = list(Email.objects.raw(CLAIM, [Status.SENDING, email_id, Status.QUEUED]))
    return claimed[0] if claimed else None


def build_message(email: Email) -> EmailMultiAlternatives:
    to = (
        formataddr((email.recipient_name, email.recipient))
        if email.recipient_name
        else email.recipient
    )
    # On the career center's clock with its real offset; Django's own Date says -0000.
    sent_at = timezone.localtime(timezone.now(), timezone.get_default_timezone())
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={
            "Message-ID": email.message_id,
            "Date": format_datetime(sent_at),
            "Auto-Submitted": "auto-generated",
        },
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    if email.calendar:
        # Both forms, as the big calendar services send them: the text/calendar alternative is
        # what Gmail and Outlook turn into an invitation, and invite.ics is there for clients
        # that only offer attachments.
        message.attach_alternative(email.calendar, f"text/calendar; method={email.calendar_method}")
        message.attach("invite.ics", email.calendar.encode(), "application/ics")
    return message


_local = threading.local()


def _send(email: Email) -> None:
    """Send over one SMTP connection kept open per worker thread, reopened after any error.

    A kept connection may have been closed by the server while idle; that shows up on the
    first command, before the message is handed over, so one immediate retry on a fresh
    connection is safe. A fresh connection that drops is not retried here but recorded.
    """
    reused = getattr(_local, "connection", None) is not None
    try:
        _connection().send_messages([build_message(email)])
    except smtplib.SMTPServerDisconnected:
        _close_connection()
        if not reused:
            raise
        _connection().send_messages([build_message(email)])
    except Exception:
        _close_connection()
        raise


def _connection():
    if getattr(_local, "connection", None) is None:
        connection = get_connection(fail_silently=False)
        connection.open()
        _local.connection = connection
    return _local.connection


def _close_connection() -> None:
    connection = getattr(_local, "connection", None)
    _local.connection = None
    if connection is not None:
        with contextlib.suppress(Exception):  # it is being thrown away
            connection.close()


def is_permanent(error: Exception) -> bool:
    """5xx answers are final; 4xx answers, time-outs and dropped connections are worth a retry."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    # Anything that is not the network (a bug, a message that cannot be encoded) will not
    # get better by retrying.
    return not isinstance(error, OSError)


def retry_delay(attempts: int) -> float:
    """Exponential back-off with jitter: a random wait between half and all of
    base * 2^(attempts - 1) seconds, the ceiling capped at SPOTLIGHT_EMAIL_RETRY_MAX_SECONDS."""
    ceiling = settings.SPOTLIGHT_EMAIL_RETRY_BASE_SECONDS * 2 ** (attempts - 1)
    ceiling = min(ceiling, settings.SPOTLIGHT_EMAIL_RETRY_MAX_SECONDS)
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not cryptography


def _record_failure(email: Email, error: Exception) -> Outcome:
    description = f"{error.__class__.__name__}: {error}"[:2000]
    attempts = email.attempts
    if is_permanent(error) or attempts >= settings.SPOTLIGHT_EMAIL_MAX_ATTEMPTS:
        Email.objects.filter(pk=email.pk, status=Status.SENDING).update(
            status=Status.FAILED, last_error=description
        )
        logger.warning("Email %s failed: %s", email.pk, description)
        return Outcome(Status.FAILED)
    delay = retry_delay(attempts)
    Email.objects.filter(pk=email.pk, status=Status.SENDING).update(
        status=Status.QUEUED,
        last_error=description,
        next_attempt_at=timezone.now() + timedelta(seconds=delay),
    )
    return Outcome(Status.QUEUED, retry_in=delay)


# --- Sweeper and staff actions -----------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    requeued: int
    recovered: int
    expired: int


def sweep() -> SweepResult:
    """Hand Celery again the queued mail it has not sent in time (never enqueued, or a retry
    long overdue), recover sends cut short, and give up on queued mail that is too old."""
    now = timezone.now()
    expired = Email.objects.filter(
        status=Status.QUEUED,
        created_at__lt=now - timedelta(hours=settings.SPOTLIGHT_EMAIL_EXPIRE_AFTER_HOURS),
    ).update(status=Status.EXPIRED, last_error="Not delivered in time; gave up.")
    # A worker that died mid-send leaves its row in "sending"; the send may or may not have
    # reached the server, so sending again (with the same Message-ID) is the safe choice.
    stale = now - timedelta(seconds=settings.SPOTLIGHT_EMAIL_STALE_SENDING_SECONDS)
    recovered = Email.objects.filter(status=Status.SENDING, claimed_at__lt=stale).update(
        status=Status.QUEUED, next_attempt_at=None
    )
    waiting = now - timedelta(seconds=settings.SPOTLIGHT_EMAIL_SWEEP_AFTER_SECONDS)
    due = Email.objects.filter(status=Status.QUEUED, created_at__lt=waiting).filter(
        models.Q(next_attempt_at__isnull=True) | models.Q(next_attempt_at__lt=waiting)
    )
    ids = list(due.values_list("pk", flat=True)[: settings.SPOTLIGHT_EMAIL_SWEEP_BATCH])
    for email_id in ids:
        enqueue(email_id)
    return SweepResult(requeued=len(ids), recovered=recovered, expired=expired)


def resend(*, email: Email) -> bool:
    """Staff send a failed or expired email again; False if it is not in such a state."""
    with transaction.atomic():
        changed = Email.objects.filter(
            pk=email.pk, status__in=[Status.FAILED, Status.EXPIRED]
        ).update(status=Status.QUEUED, next_attempt_at=None, attempts=0, last_error="")
        if changed:
            transaction.on_commit(lambda: enqueue(email.pk))
    return changed == 1


def status_counts() -> dict[str, int]:
    counts = dict(Email.objects.values_list("status").annotate(total=Count("pk")).order_by())
    return {status: counts.get(status, 0) for status in Status.values}
