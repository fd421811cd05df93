"""The Date header of a sent email is on the career center's clock, with its offset."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
import time_machine

from apps.notifications.services import Content, queue_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.mark.parametrize(
    ("sent_at", "offset", "shown"),
    [
        (datetime(2027, 1, 15, 15, 0, tzinfo=UTC), -5, "Fri, 15 Jan 2027 10:00:00 -0500"),
        (datetime(2027, 7, 15, 15, 0, tzinfo=UTC), -4, "Thu, 15 Jul 2027 11:00:00 -0400"),
    ],
)
def test_the_date_header_carries_the_career_centers_offset(
    sent_at, offset, shown, settings, mailoutbox, committing
):
    settings.TIME_ZONE = "America/New_York"
    with time_machine.travel(sent_at, tick=False), committing():
        queue_email(
            event="test",
            key="date:1",
            to="reader@alumni.example.org",
            content=Content(subject="Hello", text="Plain words."),
        )

    date = mailoutbox[0].message()["Date"]
    assert date == shown
    assert parsedate_to_datetime(date).utcoffset() == timedelta(hours=offset)
    assert parsedate_to_datetime(date) == sent_at
