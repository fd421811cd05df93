"""The outbox in-process: what is written, what is sent, and what happens when sending fails.

Celery runs tasks in-process here (CELERY_TASK_ALWAYS_EAGER) and mail lands in mail.outbox;
test_real_worker.py runs the same code in a real worker against a real SMTP server.
"""

import smtplib
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from apps.notifications import services
from apps.notifications.models import Email
from apps.notifications.services import Content, InvalidRecipient, queue_email
from tests.factories import EmailFactory

pytestmark = pytest.mark.django_db

HELLO = Content(subject="Hello", text="Plain words.", html="<p>Plain words.</p>")


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def queue(key="event:1", to="reader@alumni.example.org", content=HELLO, **extra):
    return queue_email(event="test", key=key, to=to, content=content, **extra)


def test_an_email_is_sent_once_its_transaction_commits(mailoutbox, committing):
    with committing():
        email = queue()
        assert mailoutbox == []

    assert len(mailoutbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Email.Status.SENT, 1)


def failing_change() -> None:
    with transaction.atomic():
        queue()
        raise RuntimeError("the change failed")


def test_a_rolled_back_change_writes_and_sends_nothing(mailoutbox, committing):
    with committing(), pytest.raises(RuntimeError):
        failing_change()

    assert not Email.objects.exists()
    assert mailoutbox == []


def test_the_same_event_raised_twice_writes_one_email(mailoutbox, committing):
    with committing():
        first = queue(key="invitation:7")
        second = queue(key="invitation:7")

    assert first is not None
    assert second is None
    assert len(mailoutbox) == 1


def test_a_second_delivery_of_the_same_task_sends_nothing(mailoutbox, committing):
    with committing():
        email = queue()

    assert services.deliver(email.pk).status == "not claimed"
    assert len(mailoutbox) == 1


def test_the_message_is_multipart_with_a_fixed_message_id_and_reply_to(
    mailoutbox, committing, settings
):
    settings.DEFAULT_FROM_EMAIL = "Career Center Spotlight <spotlight@example.edu>"
    with committing():
        email = queue(reply_to="careers@example.edu", name="Ana Lima")

    [message] = mailoutbox
    assert message.from_email == "Career Center Spotlight <spotlight@example.edu>"
    assert message.to == ["Ana Lima <reader@alumni.example.org>"]
    assert message.reply_to == ["careers@example.edu"]
    assert message.extra_headers["Message-ID"] == email.message_id
    assert message.alternatives[0][1] == "text/html"


def test_a_newline_in_a_name_or_subject_cannot_add_a_header(mailoutbox, committing):
    sneaky = Content(subject="Hi\r\nBcc: victim@example.org", text="x")
    with committing():
        queue(content=sneaky, name="Eve\nBcc: victim@example.org")

    raw = mailoutbox[0].message().as_string()
    assert "\nBcc:" not in raw
    assert mailoutbox[0].subject == "Hi Bcc: victim@example.org"


def test_non_ascii_names_and_subjects_are_encoded(mailoutbox, committing):
    with committing():
        queue(name="Zoë Ångström", content=Content(subject="Café ☕ à 15 h", text="Merci !"))

    raw = mailoutbox[0].message().as_bytes()
    assert b"=?utf-8?" in raw
    assert mailoutbox[0].subject == "Café ☕ à 15 h"


def test_a_very_long_subject_is_shortened_not_refused(mailoutbox, committing):
    with committing():
        queue(content=Content(subject="Long " * 500, text="x"))

    assert len(mailoutbox[0].subject) <= 400


@pytest.mark.parametrize(
    "address",
    ["o'brien+spotlight@mail.example.org", "ANA@EXAMPLE.EDU", "x@xn--bcher-kva.example"],
)
def test_odd_but_valid_addresses_are_sent(address, mailoutbox, committing):
    with committing():
        queue(to=address)

    assert len(mailoutbox) == 1


@pytest.mark.parametrize("address", ["not-an-address", "a@b@c.org", "eve@example.org\nBcc: x@y"])
def test_an_invalid_address_is_refused_clearly_and_nothing_is_written(address):
    with pytest.raises(InvalidRecipient, match="is not an email address"):
        queue(to=address)

    assert not Email.objects.exists()


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        (smtplib.SMTPDataError(451, b"try later"), False),
        (smtplib.SMTPDataError(550, b"no"), True),
        (smtplib.SMTPRecipientsRefused({"a@b.org": (550, b"unknown")}), True),
        (smtplib.SMTPRecipientsRefused({"a@b.org": (450, b"greylisted")}), False),
        (smtplib.SMTPServerDisconnected("gone"), False),
        (ConnectionRefusedError(), False),
        (TimeoutError(), False),
        (UnicodeEncodeError("ascii", "é", 0, 1, "no"), True),
    ],
)
def test_failures_are_sorted_into_temporary_and_permanent(error, permanent):
    assert services.is_permanent(error) is permanent


@given(attempts=st.integers(min_value=1, max_value=30))
def test_retries_back_off_exponentially_with_jitter_up_to_a_ceiling(attempts):
    delay = services.retry_delay(attempts)
    ceiling = min(30 * 2 ** (attempts - 1), 3600)

    assert ceiling / 2 <= delay <= ceiling


def test_a_temporary_failure_waits_and_a_permanent_one_fails(settings):
    queued, failed = EmailFactory(), EmailFactory()
    services._claim(queued.pk)
    services._claim(failed.pk)
    queued.refresh_from_db()
    failed.refresh_from_db()

    services._record_failure(queued, smtplib.SMTPDataError(451, b"later"))
    services._record_failure(failed, smtplib.SMTPDataError(554, b"rejected as spam"))

    queued.refresh_from_db()
    failed.refresh_from_db()
    assert queued.status == Email.Status.QUEUED
    assert queued.next_attempt_at > timezone.now()
    assert failed.status == Email.Status.FAILED
    assert "554" in failed.last_error


def test_too_many_temporary_failures_end_in_failed(settings):
    settings.SPOTLIGHT_EMAIL_MAX_ATTEMPTS = 3
    email = EmailFactory(attempts=2)
    services._claim(email.pk)
    email.refresh_from_db()

    services._record_failure(email, smtplib.SMTPDataError(451, b"later"))

    email.refresh_from_db()
    assert email.status == Email.Status.FAILED


def test_the_sweeper_sends_what_was_never_handed_to_celery(mailoutbox):
    email = EmailFactory()
    Email.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=5))

    services.sweep()

    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert len(mailoutbox) == 1


def test_the_sweeper_leaves_fresh_mail_to_its_own_task(mailoutbox):
    EmailFactory()

    assert services.sweep().requeued == 0
    assert mailoutbox == []


def test_a_send_cut_short_by_a_crash_is_sent_again_with_the_same_message_id(mailoutbox, committing):
    with committing():
        email = queue()
    # The worker died after the server accepted the message but before it recorded "sent".
    long_ago = timezone.now() - timedelta(minutes=10)
    Email.objects.filter(pk=email.pk).update(
        status=Email.Status.SENDING, claimed_at=long_ago, created_at=long_ago
    )

    services.sweep()

    ids = [message.extra_headers["Message-ID"] for message in mailoutbox]
    assert ids == [email.message_id, email.message_id]


def test_the_sweeper_gives_up_on_mail_that_could_not_be_sent_for_days():
    email = EmailFactory()
    Email.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(days=4))

    assert services.sweep().expired == 1

    email.refresh_from_db()
    assert email.status == Email.Status.EXPIRED


def test_staff_send_a_failed_email_again(client, staff, mailoutbox, committing):
    email = EmailFactory(status=Email.Status.FAILED, last_error="550 no such mailbox")
    client.force_login(staff)

    with committing():
        client.post(reverse("notifications:resend", args=[email.pk]))

    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert len(mailoutbox) == 1


def test_a_sent_email_is_never_sent_again_from_the_outbox_page(client, staff, mailoutbox):
    email = EmailFactory(status=Email.Status.SENT)
    client.force_login(staff)

    client.post(reverse("notifications:resend", args=[email.pk]))

    email.refresh_from_db()
    assert email.status == Email.Status.SENT
    assert mailoutbox == []


def test_staff_find_emails_by_recipient_and_status(client, staff):
    EmailFactory(recipient="ana@alumni.example.org", status=Email.Status.FAILED)
    EmailFactory(recipient="ana@alumni.example.org", status=Email.Status.SENT)
    EmailFactory(recipient="bo@alumni.example.org", status=Email.Status.FAILED)
    client.force_login(staff)

    response = client.get(reverse("notifications:outbox"), {"q": "ana@", "status": "failed"})

    shown = [(e.recipient, e.status) for e in response.context["page"].object_list]
    assert shown == [("ana@alumni.example.org", "failed")]
    assert ("failed", "Failed", 2) in response.context["statuses"]


@pytest.mark.parametrize("emails", [3, 60])
def test_the_outbox_page_makes_the_same_queries_for_any_number_of_emails(
    client, staff, django_assert_num_queries, emails
):
    EmailFactory.create_batch(emails)
    client.force_login(staff)

    # session, user, status counts, page count, page rows
    with django_assert_num_queries(5):
        client.get(reverse("notifications:outbox"))
