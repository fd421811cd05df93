"""Every interview email through the real parts, once each: the services commit, a Celery worker
process takes the task from Redis and sends over SMTP to a server on localhost.

One worker, Redis and SMTP server serve the whole module (starting them is most of the cost);
each test writes its own people and reads only what arrived after it started.
"""

import re
import time
from collections import Counter
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from icalendar import Calendar

from apps.interviews import services
from apps.interviews.models import InterviewRequest
from apps.notifications.models import Email
from apps.notifications.smtp_sink import SmtpSink
from config.celery_app import app as celery_app
from tests.factories import AlumniFactory, SpotlightProfileFactory, StudentFactory
from tests.interviews.conftest import in_days, send
from tests.notifications.stack import Stack, publish_to

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Long enough for a second copy of anything to arrive, were one sent.
SETTLE_SECONDS = 1
REPLY_LINK = re.compile(r"http://testserver/inbox/reply/([^/\s]+)/")


@pytest.fixture(scope="module")
def worker(django_db_setup, tmp_path_factory) -> Iterator[Stack]:
    """A worker on the test database, its Redis, and the SMTP server, for the whole module.

    (django_db_setup first: the worker is told the name of the test database.)"""
    smtp = SmtpSink().start()
    stack = Stack(directory=tmp_path_factory.mktemp("interview-worker"), smtp=smtp)
    saved_url, saved_eager = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    try:
        stack.start_redis()
        publish_to(stack.redis_url, eager=False)
        stack.start_worker()
        yield stack
    finally:
        stack.stop_all()
        smtp.stop()
        publish_to(saved_url, eager=saved_eager)


class Arrivals:
    """The messages that reach the SMTP server from the moment a test starts."""

    def __init__(self, stack: Stack):
        self.smtp = stack.smtp
        self.start = stack.smtp.count()

    def wait_for(self, count: int) -> list[EmailMessage]:
        assert self.smtp.wait_for(self.start + count, timeout=30), self._so_far()
        return self.smtp.messages[self.start :]

    def exactly(self, count: int) -> list[EmailMessage]:
        """Wait for `count` messages, then make sure no more come."""
        self.wait_for(count)
        time.sleep(SETTLE_SECONDS)
        messages = self.smtp.messages[self.start :]
        assert len(messages) == count, self._so_far()
        assert max(Counter(message["Message-ID"] for message in messages).values()) == 1
        return messages

    def _so_far(self) -> str:
        return "arrived: " + repr([m["Subject"] for m in self.smtp.messages[self.start :]])


@pytest.fixture
def arrivals(worker) -> Arrivals:
    return Arrivals(worker)


@pytest.fixture
def student(db):
    return StudentFactory(full_name="Sam Okafor", time_zone="America/New_York")


@pytest.fixture
def volunteer(db):
    return AlumniFactory(full_name="Priya Raman")


@pytest.fixture
def profile(volunteer):
    return SpotlightProfileFactory(
        user=volunteer, full_name="Priya Raman", formats=["video"], time_zone="Europe/Berlin"
    )


def to(messages: list[EmailMessage], address: str) -> list[EmailMessage]:
    return [message for message in messages if message["X-Envelope-To"] == address]


def one(messages: list[EmailMessage], address: str, subject_start: str) -> EmailMessage:
    [message] = [m for m in to(messages, address) if m["Subject"].startswith(subject_start)]
    return message


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def invite_in(message: EmailMessage):
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(part.get_content())
    assert part.get_param("method") == str(calendar["METHOD"])
    [event] = calendar.events
    return str(calendar["METHOD"]), event


def assert_all_sent() -> None:
    assert not Email.objects.exclude(status=Email.Status.SENT).exists()


def test_request_accept_by_link_and_cancel_each_deliver_once_with_invites(
    arrivals, student, profile
):
    request = send(student, profile)
    [received] = arrivals.wait_for(1)
    assert received["X-Envelope-To"] == profile.email
    assert received["Subject"] == "Sam Okafor asks you for a 20-minute informational interview"
    links = REPLY_LINK.findall(text_of(received))
    assert len(links) == 4  # accept each of the three times, or decline

    services.reply_by_link(token=links[0])
    arrivals.wait_for(3)
    services.cancel_request(request=InterviewRequest.objects.get(pk=request.pk), actor=student)
    messages = arrivals.exactly(1 + 2 + 2)

    uid = f"interview-{request.pk}@testserver"
    accepted = one(messages, student.email, "Priya Raman accepted your request")
    scheduled = one(messages, profile.email, "Scheduled:")
    for message, zone in ((accepted, "America/New_York"), (scheduled, "Europe/Berlin")):
        method, event = invite_in(message)
        assert (method, str(event["UID"]), event["SEQUENCE"]) == ("REQUEST", uid, 0)
        assert event["DTSTART"].params["TZID"] == zone
        assert event.start == in_days(3)
    for address, zone in ((student.email, "America/New_York"), (profile.email, "Europe/Berlin")):
        method, event = invite_in(one(messages, address, "Cancelled:"))
        assert (method, str(event["UID"]), event["SEQUENCE"]) == ("CANCEL", uid, 1)
        assert event["DTSTART"].params["TZID"] == zone
    assert profile.email not in accepted.as_string()
    assert_all_sent()


def test_a_proposed_time_confirmed_then_moved_delivers_each_email_once(
    arrivals, student, profile, volunteer
):
    request = send(student, profile)
    offer = services.propose_time(request=request, actor=volunteer, starts_at=in_days(6))
    services.confirm_time(request=request, actor=student, proposed_time=offer)
    move = services.propose_time(request=request, actor=volunteer, starts_at=in_days(7))
    services.confirm_time(request=request, actor=student, proposed_time=move)
    messages = arrivals.exactly(1 + 1 + 2 + 1 + 2)

    assert len(to(messages, student.email)) == 4
    assert one(messages, student.email, "Priya Raman proposes another time")
    assert one(messages, student.email, "Priya Raman proposes a new time")
    for address in (student.email, profile.email):
        first = one(messages, address, "Scheduled:")
        moved = one(messages, address, "New time:")
        assert invite_in(first)[1]["SEQUENCE"] == 0
        method, event = invite_in(moved)
        assert (method, event["SEQUENCE"]) == ("REQUEST", 2)
        assert event.start == in_days(7)
    assert_all_sent()


def test_a_decline_by_link_delivers_the_answer_to_the_student_once(arrivals, student, profile):
    send(student, profile)
    [received] = arrivals.wait_for(1)

    services.reply_by_link(token=REPLY_LINK.findall(text_of(received))[-1], note="Busy month.")
    messages = arrivals.exactly(2)

    declined = one(messages, student.email, "Priya Raman can't take your request")
    assert 'Priya wrote: "Busy month."' in text_of(declined)
    assert not [part for part in declined.walk() if part.get_content_type() == "text/calendar"]
    assert_all_sent()


def test_a_thank_you_note_is_delivered_once(arrivals, student, profile, volunteer, clock):
    try:
        from apps.interviews.followup import send_thank_you
    except ImportError:
        pytest.skip("apps/interviews/followup.py has no send_thank_you yet")
    request = send(student, profile)
    services.accept_request(
        request=request, proposed_time=request.student_times()[0], actor=volunteer
    )
    clock.move_to(in_days(3, hour=15))
    services.complete_interview(request=request, actor=student)

    send_thank_you(request=request, body="Thank you for the time and advice!")
    messages = arrivals.exactly(1 + 2 + 1)

    thanks = Email.objects.get(event_key=f"interview:{request.pk}:thanks")
    [delivered] = [m for m in messages if m["Message-ID"] == thanks.message_id]
    assert delivered["X-Envelope-To"] == profile.email
    assert "Thank you for the time and advice!" in text_of(delivered)
    assert_all_sent()
