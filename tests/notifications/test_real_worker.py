"""Email through the real parts: a Celery worker process, Redis, and an SMTP server.

These tests are slower than the rest (each starts processes); they prove what the rest assume.
"""

import time
from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from apps.notifications.calendar import build_invite
from apps.notifications.models import Email
from apps.notifications.services import Content, queue_email
from tests.factories import StaffFactory
from tests.notifications.stack import wait_until

pytestmark = pytest.mark.worker

SIGN_UP = {
    "full_name": "Ines Moreau",
    "email": "ines@example.edu",
    "password1": "lighthouse-orchard-91",
    "password2": "lighthouse-orchard-91",
}


def queue_batch(count: int, *, to: str = "reader@alumni.example.org") -> None:
    with transaction.atomic():
        for number in range(count):
            queue_email(
                event="test",
                key=f"batch:{number}",
                to=to,
                content=Content(subject=f"Message {number}", text=f"Body {number}"),
            )


def test_a_sign_up_delivers_exactly_one_verification_email(stack):
    stack.start_worker()

    response = Client().post(reverse("account_signup"), SIGN_UP)

    assert response.status_code == 302
    assert stack.smtp.wait_for(1, timeout=30)
    time.sleep(1)  # anything doubled would have arrived by now
    [message] = stack.smtp.messages
    assert message["To"] == "ines@example.edu"
    assert "/accounts/confirm-email/" in message.get_body(("plain",)).get_content()
    assert Email.objects.get().status == Email.Status.SENT


def test_a_sign_up_while_redis_is_down_succeeds_and_the_email_follows_once(stack):
    stack.start_worker()
    stack.start_beat()
    stack.stop("redis")

    response = Client().post(reverse("account_signup"), SIGN_UP)

    assert response.status_code == 302
    assert Email.objects.get().status == Email.Status.QUEUED
    stack.start_redis()
    assert stack.smtp.wait_for(1, timeout=60), "the sweeper never sent the email"
    time.sleep(2)
    assert stack.smtp.count() == 1
    assert Email.objects.get().status == Email.Status.SENT


def test_a_worker_killed_mid_batch_loses_nothing_and_doubles_only_what_was_in_flight(stack):
    stack.start_beat()
    queue_batch(1000)
    expected = set(Email.objects.values_list("message_id", flat=True))
    stack.start_worker()
    assert stack.smtp.wait_for(200, timeout=60)

    stack.kill("worker")
    in_flight = set(
        Email.objects.filter(status=Email.Status.SENDING).values_list("message_id", flat=True)
    )
    stack.start_worker()

    assert wait_until(lambda: set(stack.smtp.message_ids()) >= expected, timeout=120)
    time.sleep(3)  # let any late duplicate arrive before counting
    received = Counter(stack.smtp.message_ids())
    assert set(received) == expected
    doubled = {message_id for message_id, times in received.items() if times > 1}
    assert doubled <= in_flight
    assert all(times <= 2 for times in received.values())
    assert not Email.objects.exclude(status=Email.Status.SENT).exists()


def test_a_temporary_failure_is_retried_and_delivered_once(stack):
    stack.smtp.replies.append("451 4.3.0 Mailbox busy, try again later")
    stack.start_worker()

    queue_batch(1)

    assert wait_until(lambda: Email.objects.get().status == Email.Status.SENT, timeout=30)
    email = Email.objects.get()
    assert email.attempts == 2
    assert stack.smtp.count() == 1


def test_a_permanent_failure_is_recorded_and_shown_to_staff(stack):
    stack.smtp.refused.add("gone@alumni.example.org")
    stack.start_worker()

    queue_batch(1, to="gone@alumni.example.org")

    assert wait_until(lambda: Email.objects.get().status == Email.Status.FAILED, timeout=30)
    assert "550" in Email.objects.get().last_error
    assert stack.smtp.count() == 0
    staff = Client()
    staff.force_login(StaffFactory())
    page = staff.get(reverse("notifications:outbox"), {"status": "failed"}).content.decode()
    assert "gone@alumni.example.org" in page
    assert "550" in page


def test_odd_but_valid_input_arrives_intact_and_injection_attempts_stay_inert(stack):
    stack.start_worker()
    odd = [
        ("o'brien+spotlight@mail.example.org", "Zoë Ångström", "Café ☕ à 15 h"),
        ("ana@example.edu", "Eve\r\nBcc: victim@example.org", "Hi\nBcc: victim@example.org"),
        ("long@example.edu", "Lee", "Long subject " * 100),
    ]
    with transaction.atomic():
        for number, (address, name, subject) in enumerate(odd):
            queue_email(
                event="test",
                key=f"odd:{number}",
                to=address,
                name=name,
                content=Content(subject=subject, text="Grüße 👋"),
            )

    assert stack.smtp.wait_for(3, timeout=30)
    by_recipient = {message["X-Envelope-To"]: message for message in stack.smtp.messages}
    assert set(by_recipient) == {address for address, _, _ in odd}
    assert by_recipient["o'brien+spotlight@mail.example.org"]["Subject"] == "Café ☕ à 15 h"
    assert "Zoë Ångström" in str(by_recipient["o'brien+spotlight@mail.example.org"]["To"])
    injected = by_recipient["ana@example.edu"]
    assert injected["Bcc"] is None
    assert injected["Subject"] == "Hi Bcc: victim@example.org"
    assert by_recipient["long@example.edu"].get_body(("plain",)).get_content().strip() == "Grüße 👋"
    assert not Email.objects.exclude(status=Email.Status.SENT).exists()


def test_an_invite_reaches_the_smtp_server_as_a_calendar_part(stack):
    stack.start_worker()
    starts_at = datetime(2027, 3, 15, 10, 0, tzinfo=ZoneInfo("America/New_York"))
    invite = build_invite(
        uid="interview-7@spotlight.example.edu",
        sequence=1,
        method="REQUEST",
        starts_at=starts_at,
        minutes=30,
        time_zone="America/New_York",
        summary="Informational interview",
        description="Thirty minutes about product design.",
        location_or_link="https://meet.example.org/xyz",
        organizer=("Career Center Spotlight", "spotlight@example.edu"),
        attendees=[("Ana Lima", "ana@example.edu"), ("Bo Chen", "bo@alumni.example.org")],
    )
    with transaction.atomic():
        queue_email(
            event="test",
            key="invite:7",
            to="bo@alumni.example.org",
            content=Content(subject="Your interview on 15 March", text="See you then."),
            calendar=invite,
        )

    assert stack.smtp.wait_for(1, timeout=30)
    [message] = stack.smtp.messages
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    [attachment] = [p for p in message.walk() if p.get_filename() == "invite.ics"]
    assert part.get_param("method") == "REQUEST"
    calendar = Calendar.from_ical(part.get_content())
    [event] = calendar.events
    assert (event["UID"], event["SEQUENCE"]) == ("interview-7@spotlight.example.edu", 1)
    assert event.start.astimezone(UTC) == datetime(2027, 3, 15, 14, 0, tzinfo=UTC)
    assert Calendar.from_ical(attachment.get_content()).events[0]["UID"] == event["UID"]
    assert Email.objects.get().status == Email.Status.SENT
