"""Calendar invites: built with icalendar, stored with the email, delivered as a calendar part.

Each test reads the invite back the way a mail client does: from the delivered message's bytes.
"""

from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from icalendar import Calendar

from apps.notifications.calendar import build_invite
from apps.notifications.models import Email
from apps.notifications.services import Content, queue_email
from tests.factories import EmailFactory

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
STUDENT = ("Noor Haddad", "noor@example.edu")
ALUMNA = ("Zoë Ångström", "zoe@alumni.example.org")
CAREER_CENTER = ("Career Center Spotlight", "spotlight@example.edu")


def invite(**changes) -> str:
    fields = {
        "uid": "interview-42@spotlight.example.edu",
        "sequence": 0,
        "method": "REQUEST",
        "starts_at": datetime(2027, 4, 20, 14, 30, tzinfo=UTC),
        "minutes": 20,
        "time_zone": "America/New_York",
        "summary": "Informational interview: Noor Haddad and Zoë Ångström",
        "description": "Twenty minutes about careers in public health.\nNoor will call.",
        "location_or_link": "https://meet.example.org/abc-defg-hij",
        "organizer": CAREER_CENTER,
        "attendees": [STUDENT, ALUMNA],
    }
    return build_invite(**{**fields, **changes})


@pytest.fixture
def deliver(mailoutbox, django_capture_on_commit_callbacks):
    """Queue an email carrying `calendar`, let it be sent, and return the message as parsed."""

    def send(calendar: str, key: str = "interview:42") -> EmailMessage:
        with django_capture_on_commit_callbacks(execute=True):
            queue_email(
                event="test",
                key=key,
                to=ALUMNA[1],
                content=Content(subject="Your interview", text="See you then."),
                calendar=calendar,
            )
        raw = mailoutbox[-1].message().as_bytes()
        return message_from_bytes(raw, policy=policy.default)

    return send


def calendar_alternative(message: EmailMessage):
    [part] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    return part


def attached_invite(message: EmailMessage):
    [part] = [p for p in message.walk() if p.get_filename() == "invite.ics"]
    return part


def delivered_calendar(message: EmailMessage) -> Calendar:
    return Calendar.from_ical(calendar_alternative(message).get_content())


def test_an_invite_travels_as_a_calendar_alternative_and_as_an_ics_attachment(deliver):
    message = deliver(invite())

    alternative = calendar_alternative(message)
    attachment = attached_invite(message)
    assert alternative.get_param("method") == "REQUEST"
    assert alternative.get_content_disposition() is None
    assert message.get_body(("plain",)).get_content().strip() == "See you then."
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_content_disposition() == "attachment"
    assert Calendar.from_ical(attachment.get_content()) == delivered_calendar(message)


def test_the_delivered_invite_names_the_meeting_its_zone_and_its_people(deliver):
    calendar = delivered_calendar(deliver(invite()))

    [event] = calendar.events
    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0"
    assert "Spotlight" in calendar["PRODID"]
    assert event["UID"] == "interview-42@spotlight.example.edu"
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    assert event["SUMMARY"] == "Informational interview: Noor Haddad and Zoë Ångström"
    assert event["DESCRIPTION"].endswith("\nNoor will call.")
    assert event["LOCATION"] == "https://meet.example.org/abc-defg-hij"
    assert event["DTSTAMP"].dt.tzinfo is not None
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.start == datetime(2027, 4, 20, 10, 30, tzinfo=NEW_YORK)
    assert event.end == datetime(2027, 4, 20, 10, 50, tzinfo=NEW_YORK)
    assert [tz.tz_name for tz in calendar.timezones] == ["America/New_York"]
    assert event["ORGANIZER"] == "mailto:spotlight@example.edu"
    assert event["ORGANIZER"].params["CN"] == "Career Center Spotlight"
    attendees = {str(a): a.params for a in event["ATTENDEE"]}
    assert set(attendees) == {"mailto:noor@example.edu", "mailto:zoe@alumni.example.org"}
    zoe = attendees["mailto:zoe@alumni.example.org"]
    assert zoe["CN"] == "Zoë Ångström"
    assert (zoe["ROLE"], zoe["PARTSTAT"], zoe["RSVP"]) == ("REQ-PARTICIPANT", "ACCEPTED", "FALSE")


def test_a_reschedule_keeps_the_uid_and_raises_the_sequence(deliver):
    first = delivered_calendar(deliver(invite(), key="interview:42:0"))
    moved = datetime(2027, 4, 22, 18, 0, tzinfo=UTC)

    second = delivered_calendar(deliver(invite(sequence=1, starts_at=moved), key="interview:42:1"))

    [before], [after] = first.events, second.events
    assert after["UID"] == before["UID"]
    assert (before["SEQUENCE"], after["SEQUENCE"]) == (0, 1)
    assert second["METHOD"] == "REQUEST"
    assert after.start == datetime(2027, 4, 22, 14, 0, tzinfo=NEW_YORK)


def test_a_cancellation_is_method_cancel_and_status_cancelled(deliver):
    message = deliver(invite(method="CANCEL", sequence=2))

    calendar = delivered_calendar(message)
    [event] = calendar.events
    assert calendar_alternative(message).get_param("method") == "CANCEL"
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"
    assert (event["UID"], event["SEQUENCE"]) == ("interview-42@spotlight.example.edu", 2)
    assert Email.objects.get().calendar_method == "CANCEL"


@pytest.mark.parametrize(
    ("local", "utc"),
    [
        # The Friday before and the Monday after the spring change (Sunday 14 March 2027).
        (datetime(2027, 3, 12, 10, 0), datetime(2027, 3, 12, 15, 0, tzinfo=UTC)),
        (datetime(2027, 3, 15, 10, 0), datetime(2027, 3, 15, 14, 0, tzinfo=UTC)),
        # The Friday before and the Monday after the autumn change (Sunday 7 November 2027).
        (datetime(2027, 11, 5, 10, 0), datetime(2027, 11, 5, 14, 0, tzinfo=UTC)),
        (datetime(2027, 11, 8, 10, 0), datetime(2027, 11, 8, 15, 0, tzinfo=UTC)),
    ],
)
def test_a_meeting_in_the_week_of_a_daylight_saving_change_is_at_the_right_instant(
    deliver, local, utc
):
    starts_at = local.replace(tzinfo=NEW_YORK)

    calendar = delivered_calendar(deliver(invite(starts_at=starts_at)))

    [event] = calendar.events
    assert event.start.astimezone(UTC) == utc
    # A client that knows no zone names has only the VTIMEZONE in the file to go by.
    [vtimezone] = calendar.timezones
    from_file = vtimezone.to_tz(lookup_tzid=False)
    assert event["DTSTART"].dt.replace(tzinfo=from_file).astimezone(UTC) == utc


def test_a_meeting_across_the_change_lasts_its_minutes_not_its_wall_clock(deliver):
    # 01:50 EST plus 20 minutes is 03:10 EDT: the clocks skip 02:00 to 03:00 that night.
    starts_at = datetime(2027, 3, 14, 1, 50, tzinfo=NEW_YORK)

    [event] = delivered_calendar(deliver(invite(starts_at=starts_at))).events

    assert event.end == datetime(2027, 3, 14, 3, 10, tzinfo=NEW_YORK)
    # Python subtracts datetimes of one zone by wall clock; in UTC it is the real duration.
    assert (event.end.astimezone(UTC) - event.start.astimezone(UTC)).total_seconds() == 20 * 60


@time_machine.travel(datetime(2027, 1, 5, 9, 0, tzinfo=UTC), tick=False)
def test_the_invite_is_stamped_with_the_time_it_was_built():
    [event] = Calendar.from_ical(invite()).events

    assert event["DTSTAMP"].dt == datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


def test_a_place_that_is_not_a_link_is_only_a_location():
    [event] = Calendar.from_ical(invite(location_or_link="Room 204, Career Center")).events

    assert event["LOCATION"] == "Room 204, Career Center"
    assert "URL" not in event


def test_only_the_link_of_the_meeting_details_is_the_invites_url():
    details = "https://zoom.us/j/123 passcode 4567, or dial +1 555 0100"

    [event] = Calendar.from_ical(invite(location_or_link=details)).events

    assert event["URL"] == "https://zoom.us/j/123"
    assert event["LOCATION"] == details


def test_a_link_after_words_ends_before_the_punctuation_that_follows_it():
    details = "Teams: https://teams.example.com/l/meetup/19%3Ameeting?ctx=1, code 88."

    [event] = Calendar.from_ical(invite(location_or_link=details)).events

    assert event["URL"] == "https://teams.example.com/l/meetup/19%3Ameeting?ctx=1"


def test_a_newline_in_a_name_cannot_start_a_new_property():
    text = invite(attendees=[("Eve\r\nATTENDEE:mailto:victim@example.org", "eve@example.org")])

    [event] = Calendar.from_ical(text).events
    assert str(event["ATTENDEE"]) == "mailto:eve@example.org"
    assert "\nATTENDEE:mailto:victim" not in text


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"method": "PUBLISH"}, "PUBLISH"),
        ({"uid": ""}, "UID"),
        ({"minutes": 0}, "at least a minute"),
        ({"starts_at": datetime(2027, 4, 20, 10, 30)}, "aware"),
        ({"time_zone": "Mars/Olympus"}, "not a known time zone"),
    ],
)
def test_an_invite_that_cannot_be_right_is_refused(changes, complaint):
    with pytest.raises(ValueError, match=complaint):
        invite(**changes)


def test_an_email_without_an_invite_has_no_calendar_part(deliver):
    message = deliver("")

    assert not [p for p in message.walk() if "calendar" in p.get_content_type()]
    assert not [p for p in message.walk() if p.get_filename()]
    assert Email.objects.get().calendar_method == ""


@pytest.mark.parametrize("broken", ["not a calendar", "BEGIN:VEVENT\r\nEND:VEVENT\r\n"])
def test_a_broken_invite_fails_the_change_that_made_it_and_writes_nothing(broken):
    with pytest.raises(ValueError, match="calendar part"), transaction.atomic():
        queue_email(
            event="test",
            key="broken",
            to=ALUMNA[1],
            content=Content(subject="s", text="t"),
            calendar=broken,
        )

    assert not Email.objects.exists()


def test_the_database_refuses_an_invite_without_its_method():
    with pytest.raises(IntegrityError), transaction.atomic():
        EmailFactory(calendar=invite(), calendar_method="")
