import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from apps.interviews import services
from tests.factories import AlumniFactory, SpotlightProfileFactory, StudentFactory

# Every test here starts on this day (a Monday), so times and time zones read the same in
# every run. Daylight saving starts on 14 March 2027 in New York and 28 March in Berlin.
NOW = datetime(2027, 3, 1, 15, 0, tzinfo=UTC)

PURPOSE = (
    "You moved from teaching into credit analysis at Fabrikam Bank, and I am an economics "
    "junior weighing a similar switch. I would like to hear which skills carried over from "
    "the classroom and what surprised you in your first year of banking."
)
QUESTIONS = ["What does a normal week look like?", "Which skills do you use most?"]


def in_days(days: float, hour: int = 14) -> datetime:
    return (NOW + timedelta(days=days)).replace(hour=hour, minute=0)


TIMES = [in_days(3), in_days(4), in_days(5)]


@pytest.fixture(autouse=True)
def clock():
    """Python's clock, stopped at NOW; `clock.shift(timedelta(...))` moves it on."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def asker(db):
    return StudentFactory(full_name="Sam Okafor", time_zone="America/New_York")


@pytest.fixture
def volunteer(db):
    return AlumniFactory(full_name="Priya Raman")


@pytest.fixture
def signed_in(client, asker):
    """The test client, signed in as the asking student."""
    client.force_login(asker)
    return client


@pytest.fixture
def profile(volunteer):
    return SpotlightProfileFactory(
        user=volunteer,
        full_name="Priya Raman",
        email="priya@alumni.example.org",
        employer="Fabrikam Bank",
        job_title="Credit analyst",
        topics=["changing careers", "finance"],
        story_path="I moved from teaching into banking at thirty.",
        formats=["video", "phone"],
        preferred_minutes=20,
        time_zone="Europe/Berlin",
    )


def send(student, profile, **changes):
    """Send a request that passes every rule, with the changes given."""
    fields = {
        "student": student,
        "profile": profile,
        "purpose": PURPOSE,
        "questions": QUESTIONS,
        "format": "video",
        "minutes": 20,
        "times": TIMES,
        "referred_by": "",
        "may_mention_referrer": False,
        "submission_key": uuid.uuid4(),
    }
    return services.send_request(**(fields | changes))


@pytest.fixture
def sent(asker, profile):
    """A request waiting for the volunteer's answer."""
    return send(asker, profile)
