"""Calendar invites with the interview emails: one meeting per request, on each person's clock,
updated with a higher SEQUENCE, withdrawn with METHOD:CANCEL, and never showing a student the
volunteer's address. Each invite is read back from the delivered message, as a mail client would.
"""

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import parseaddr

import pytest
from django.conf import settings
from icalendar import Calendar

from apps.interviews import emails
from apps.interviews.models import InterviewRequest, State
from apps.interviews.services import (
    accept_request,
    cancel_request,
    confirm_time,
    decline_request,
    expire_stale_requests,
    propose_time,
)
from apps.notifications.models import Email
from tests.interviews.conftest import NOW, PURPOSE, in_days, send

pytestmark = pytest.mark.django_db

# Between New York's change to summer time (14 March 2027) and Berlin's (28 March).
BETWEEN = datetime(2027, 3, 16, 14, 0, tzinfo=UTC)


def delivered(mailoutbox, address: str) -> list[EmailMessage]:
    """The messages sent to this address, parsed from their bytes."""
    return [
        message_from_bytes(message.message().as_bytes(), policy=policy.default)
        for message in mailoutbox
        if any(address in recipient for recipient in message.to)
    ]


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def calendar_part(message: EmailMessage) -> EmailMessage | None:
    parts = [part for part in message.walk() if part.get_content_type() == "text/calendar"]
    assert len(parts) <= 1
    return parts[0] if parts else None


def invite_in(message: EmailMessage):
    """(METHOD, the one VEVENT) of the message's calendar part."""
    part = calendar_part(message)
    assert part is not None, f"no invite in {message['Subject']!r}"
    calendar = Calendar.from_ical(part.get_content())
    assert part.get_param("method") == str(calendar["METHOD"])
    [event] = calendar.events
    return str(calendar["METHOD"]), event


def attendees(event) -> list[str]:
    found = event.get("ATTENDEE", [])
    return [str(address) for address in (found if isinstance(found, list) else [found])]


def schedule(request, volunteer, *, time_index: int = 0):
    return accept_request(
        request=request, proposed_time=request.student_times()[time_index], actor=volunteer
    )


@pytest.fixture
def scheduled(sent, volunteer):
    return schedule(sent, volunteer)


def test_accepting_sends_each_person_an_invite_to_the_same_meeting_on_their_own_clock(
    asker, profile, volunteer, committing, mailoutbox
):
    request = send(asker, profile, times=[in_days(3), BETWEEN])
    with committing():
        schedule(request, volunteer, time_index=1)

    [to_student] = delivered(mailoutbox, asker.email)
    [to_volunteer] = delivered(mailoutbox, profile.email)
    student_method, student_event = invite_in(to_student)
    volunteer_method, volunteer_event = invite_in(to_volunteer)
    assert student_method == volunteer_method == "REQUEST"
    uid = f"interview-{request.pk}@testserver"
    assert str(student_event["UID"]) == str(volunteer_event["UID"]) == uid
    assert student_event["SEQUENCE"] == volunteer_event["SEQUENCE"] == 0
    assert student_event["DTSTART"].params["TZID"] == "America/New_York"
    assert student_event.start.replace(tzinfo=None) == datetime(2027, 3, 16, 10, 0)
    assert volunteer_event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert volunteer_event.start.replace(tzinfo=None) == datetime(2027, 3, 16, 15, 0)
    assert student_event.start == volunteer_event.start == BETWEEN
    assert student_event.end - student_event.start == timedelta(minutes=20)


def test_the_invite_names_both_people_the_purpose_and_the_career_center_as_organizer(
    scheduled, asker, profile
):
    [event] = Calendar.from_ical(Email.objects.get(recipient=asker.email).calendar).events

    assert str(event["SUMMARY"]) == "Informational interview: Sam Okafor and Priya Raman"
    assert "A 20-minute informational interview by video call" in str(event["DESCRIPTION"])
    assert PURPOSE in str(event["DESCRIPTION"])
    assert f"http://testserver/interviews/{scheduled.pk}/" in str(event["DESCRIPTION"])
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    assert str(event["ORGANIZER"]) == f"mailto:{address}"
    assert event["ORGANIZER"].params["CN"] == name


def test_the_volunteers_copy_links_to_their_inbox(scheduled, profile):
    email = Email.objects.get(recipient=profile.email, event="interview_scheduled")
    [event] = Calendar.from_ical(email.calendar).events

    assert f"http://testserver/inbox/{scheduled.pk}/" in str(event["DESCRIPTION"])


def test_without_details_yet_the_location_says_how_the_meeting_will_happen(
    scheduled, asker, mailoutbox
):
    [event] = Calendar.from_ical(Email.objects.get(recipient=asker.email).calendar).events

    assert str(event["LOCATION"]) == "Video call — link to follow"
    assert "URL" not in event


def test_the_location_is_how_to_meet_and_a_link_is_also_the_events_address(
    sent, asker, profile, volunteer, committing, mailoutbox
):
    InterviewRequest.objects.filter(pk=sent.pk).update(
        meeting_details="https://meet.example.org/abc-defg-hij"
    )
    sent.refresh_from_db()
    with committing():
        schedule(sent, volunteer)

    for address in (asker.email, profile.email):
        [message] = delivered(mailoutbox, address)
        _, event = invite_in(message)
        assert str(event["LOCATION"]) == "https://meet.example.org/abc-defg-hij"
        assert str(event["URL"]) == "https://meet.example.org/abc-defg-hij"
        assert "How to meet: https://meet.example.org/abc-defg-hij" in text_of(message)


def test_the_students_copy_lists_only_the_student_and_never_holds_the_volunteers_address(
    asker, profile, volunteer, sent, committing, mailoutbox
):
    """The directory promises volunteers that students never see their address, and an
    attendee in an invite is an address: the student's copy leaves the volunteer out."""
    with committing():
        schedule(sent, volunteer)
        cancel_request(request=InterviewRequest.objects.get(pk=sent.pk), actor=asker)

    to_student = delivered(mailoutbox, asker.email)
    assert len(to_student) == 2
    for message in to_student:
        _, event = invite_in(message)
        assert attendees(event) == [f"mailto:{asker.email}"]
        raw = message.as_string()
        assert profile.email not in raw
        assert volunteer.email not in raw
    for message in delivered(mailoutbox, profile.email):
        _, event = invite_in(message)
        assert attendees(event) == [f"mailto:{asker.email}", f"mailto:{profile.email}"]


def test_confirming_the_volunteers_time_sends_both_the_first_invite(
    sent, asker, profile, volunteer, committing, mailoutbox
):
    with committing():
        offer = propose_time(request=sent, actor=volunteer, starts_at=in_days(8, hour=17))
    [proposal] = delivered(mailoutbox, asker.email)
    with committing():
        confirm_time(request=sent, actor=asker, proposed_time=offer)

    assert calendar_part(proposal) is None
    for address in (asker.email, profile.email):
        method, event = invite_in(delivered(mailoutbox, address)[-1])
        assert (method, event["SEQUENCE"]) == ("REQUEST", 0)
        assert event.start == in_days(8, hour=17)


def test_moving_the_interview_updates_the_same_meeting_with_a_higher_sequence(
    scheduled, asker, profile, volunteer, committing, mailoutbox
):
    with committing():
        offer = propose_time(request=scheduled, actor=volunteer, starts_at=in_days(6))
        confirm_time(request=scheduled, actor=asker, proposed_time=offer)

    first = Email.objects.get(recipient=profile.email, event_key__endswith=":scheduled:0")
    [first_event] = Calendar.from_ical(first.calendar).events
    moved = delivered(mailoutbox, profile.email)[-1]
    method, event = invite_in(moved)
    assert moved["Subject"].startswith("New time:")
    assert (method, event["SEQUENCE"]) == ("REQUEST", 2)
    assert event["UID"] == first_event["UID"]
    assert event.start == in_days(6)
    assert first_event.start == in_days(3)


def test_cancelling_a_scheduled_interview_withdraws_it_from_both_calendars(
    scheduled, asker, profile, volunteer, committing, mailoutbox
):
    with committing():
        cancel_request(request=scheduled, actor=volunteer, note="Something came up.")

    assert scheduled.calendar_sequence == 1
    for address, zone in ((asker.email, "America/New_York"), (profile.email, "Europe/Berlin")):
        [message] = delivered(mailoutbox, address)
        method, event = invite_in(message)
        assert method == "CANCEL"
        assert str(event["STATUS"]) == "CANCELLED"
        assert event["SEQUENCE"] == 1
        assert str(event["UID"]) == f"interview-{scheduled.pk}@testserver"
        assert event["DTSTART"].params["TZID"] == zone
        assert event.start == in_days(3)
        assert "takes the interview out of your calendar" in text_of(message)


def test_cancelling_a_request_never_scheduled_sends_no_calendar_part(
    sent, asker, committing, mailoutbox, clock
):
    clock.shift(timedelta(minutes=10))  # past the grace period, so the volunteer is told too
    with committing():
        cancel_request(request=sent, actor=asker)

    assert len(mailoutbox) == 2
    assert not any(email.calendar for email in Email.objects.filter(event="interview_cancelled"))
    assert "calendar" not in mailoutbox[0].body


def test_cancelling_while_a_move_is_proposed_withdraws_the_meeting_still_in_calendars(
    scheduled, asker, profile, volunteer, committing, mailoutbox
):
    propose_time(request=scheduled, actor=volunteer, starts_at=in_days(6))
    with committing():
        cancel_request(request=InterviewRequest.objects.get(pk=scheduled.pk), actor=asker)

    for address in (asker.email, profile.email):
        method, event = invite_in(delivered(mailoutbox, address)[0])
        # The proposal raised SEQUENCE to 1 without sending an invite; 1 still beats the 0
        # calendars hold.
        assert (method, event["SEQUENCE"]) == ("CANCEL", 1)
        assert event.start == in_days(3)


def test_declining_instead_of_moving_takes_the_meeting_out_of_both_calendars(
    scheduled, asker, profile, volunteer, committing, mailoutbox
):
    propose_time(request=scheduled, actor=volunteer, starts_at=in_days(6))
    with committing():
        decline_request(request=InterviewRequest.objects.get(pk=scheduled.pk), actor=volunteer)

    [message] = delivered(mailoutbox, asker.email)
    method, event = invite_in(message)
    assert (method, event["SEQUENCE"]) == ("CANCEL", 1)
    [to_volunteer] = delivered(mailoutbox, profile.email)
    assert (invite_in(to_volunteer)[0], invite_in(to_volunteer)[1]["SEQUENCE"]) == ("CANCEL", 1)
    assert "You declined" in text_of(to_volunteer)


def test_a_move_nobody_confirms_expires_and_takes_the_meeting_out_of_the_students_calendar(
    scheduled, asker, volunteer, committing, mailoutbox, clock
):
    propose_time(request=scheduled, actor=volunteer, starts_at=in_days(2, hour=20))
    clock.shift(timedelta(days=3))
    with committing():
        assert expire_stale_requests() == 1

    assert InterviewRequest.objects.get(pk=scheduled.pk).state == State.EXPIRED
    [message] = delivered(mailoutbox, asker.email)
    method, _ = invite_in(message)
    assert method == "CANCEL"


def test_a_move_nobody_confirms_also_leaves_the_volunteers_calendar(
    scheduled, profile, volunteer, committing, mailoutbox, clock
):
    propose_time(request=scheduled, actor=volunteer, starts_at=in_days(2, hour=20))
    clock.shift(timedelta(days=3))
    with committing():
        expire_stale_requests()

    [message] = delivered(mailoutbox, profile.email)
    assert invite_in(message)[0] == "CANCEL"
    assert "did not confirm the new time" in text_of(message)


def test_a_request_declined_before_any_meeting_sends_the_volunteer_nothing(
    asker, profile, volunteer, committing, mailoutbox
):
    waiting = send(asker, profile)
    mailoutbox.clear()
    with committing():
        decline_request(request=waiting, actor=volunteer)

    assert delivered(mailoutbox, profile.email) == []


def test_declining_a_request_never_scheduled_sends_no_calendar_part(
    sent, volunteer, committing, mailoutbox
):
    with committing():
        decline_request(request=sent, actor=volunteer)

    [message] = mailoutbox
    assert not Email.objects.get(event="interview_declined").calendar
    assert "calendar" not in message.body


def test_each_change_of_the_meeting_has_its_own_event_key_and_a_retry_writes_nothing(
    scheduled, asker, volunteer, committing
):
    # After each change, its emails again, as if the service were retried after saving it.
    emails.queue_scheduled(scheduled, accepted=True)
    offer = propose_time(request=scheduled, actor=volunteer, starts_at=in_days(6))
    confirm_time(request=scheduled, actor=asker, proposed_time=offer)
    emails.queue_scheduled(scheduled, accepted=False)
    cancel_request(request=scheduled, actor=asker)
    emails.queue_cancelled(scheduled, by="student", note="", was=State.SCHEDULED)

    # The request, three meetings for two people, and the proposal: nothing twice.
    assert Email.objects.count() == 1 + 3 * 2 + 1
    keys = set(
        Email.objects.filter(recipient=asker.email)
        .exclude(calendar="")
        .values_list("event_key", "calendar_method")
    )
    assert keys == {
        (f"interview:{scheduled.pk}:scheduled:0", "REQUEST"),
        (f"interview:{scheduled.pk}:scheduled:2", "REQUEST"),
        (f"interview:{scheduled.pk}:cancelled", "CANCEL"),
    }


def test_the_uid_comes_from_the_sites_host(sent, settings):
    settings.SPOTLIGHT_BASE_URL = "https://careers.example.edu"

    assert emails.calendar_uid(sent) == f"interview-{sent.pk}@careers.example.edu"


def test_the_invite_stamp_is_the_time_it_was_written(scheduled, asker):
    [event] = Calendar.from_ical(Email.objects.get(recipient=asker.email).calendar).events

    assert event["DTSTAMP"].dt == NOW


def description_of(email: Email) -> str:
    [event] = Calendar.from_ical(email.calendar).events
    return str(event["DESCRIPTION"])


def test_each_invite_says_a_calendar_answer_tells_nobody_and_where_to_change_the_meeting(
    scheduled, asker, profile
):
    to_student = Email.objects.get(recipient=asker.email, event="interview_accepted")
    to_volunteer = Email.objects.get(recipient=profile.email, event="interview_scheduled")

    assert (
        "Accepting or declining this invitation in your calendar does not tell Priya. "
        f"To cancel the interview, use the request's page: "
        f"http://testserver/interviews/{scheduled.pk}/"
    ) in description_of(to_student)
    assert (
        "Accepting or declining this invitation in your calendar does not tell Sam. "
        f"To move or cancel the interview, use the request's page: "
        f"http://testserver/inbox/{scheduled.pk}/"
    ) in description_of(to_volunteer)


def test_a_withdrawn_meeting_no_longer_offers_to_move_or_cancel_it(
    scheduled, asker, volunteer, committing
):
    with committing():
        cancel_request(request=scheduled, actor=volunteer)

    cancel = Email.objects.get(recipient=asker.email, event="interview_cancelled")
    assert "To cancel" not in description_of(cancel)
    assert f"http://testserver/interviews/{scheduled.pk}/" in description_of(cancel)


def assert_says_where_to_change(email: Email, *, other: str, change: str, url: str) -> None:
    text, html = email.body_text, email.body_html
    calendar_answer = (
        f"Accepting or declining the invitation in your calendar does not tell {other}"
    )
    assert calendar_answer in text
    assert calendar_answer in html
    assert f"{change} the request's page: {url}" in text
    assert f'{change} <a href="{url}">the request\'s page</a>.' in html


def test_the_emails_with_an_invite_say_a_calendar_answer_tells_nobody(scheduled, asker, profile):
    to_student = Email.objects.get(recipient=asker.email, event="interview_accepted")
    to_volunteer = Email.objects.get(recipient=profile.email, event="interview_scheduled")

    assert_says_where_to_change(
        to_student,
        other="Priya",
        change="cancel as early as you can on",
        url=f"http://testserver/interviews/{scheduled.pk}/",
    )
    assert_says_where_to_change(
        to_volunteer,
        other="Sam",
        change="to move or cancel the interview, use",
        url=f"http://testserver/inbox/{scheduled.pk}/",
    )


def test_the_student_told_of_a_confirmed_time_learns_it_too(sent, asker, volunteer):
    offer = propose_time(request=sent, actor=volunteer, starts_at=in_days(8, hour=17))
    confirm_time(request=sent, actor=asker, proposed_time=offer)

    assert_says_where_to_change(
        Email.objects.get(recipient=asker.email, event="interview_scheduled"),
        other="Priya",
        change="to cancel the interview, use",
        url=f"http://testserver/interviews/{sent.pk}/",
    )
