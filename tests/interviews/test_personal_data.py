"""Interview requests in the account export, and what deleting an account does to them.

Both go through the accounts services (export_account_data, delete_account), which call every
registered section, so these tests also prove that the interviews section is registered.
"""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from icalendar import Calendar

from apps.accounts.services import delete_account, export_account_data
from apps.interviews.models import InterviewNote, InterviewRequest, State, ThankYouNote, Transition
from apps.interviews.personal_data import export_personal_data
from apps.interviews.services import (
    accept_request,
    cancel_request,
    complete_interview,
    decline_request,
)
from apps.notifications.models import Email
from tests.factories import PASSWORD, SpotlightProfileFactory
from tests.interviews.conftest import PURPOSE, QUESTIONS, in_days, send

pytestmark = pytest.mark.django_db

# Times still ahead after the `held` interview moved the clock on.
LATER = [in_days(10), in_days(11)]


@pytest.fixture
def held(sent, asker, volunteer, clock):
    """An interview that took place, with the student's private notes and a thank-you."""
    InterviewRequest.objects.filter(pk=sent.pk).update(meeting_details="+49 30 1234567")
    sent.refresh_from_db()
    accept_request(request=sent, proposed_time=sent.student_times()[0], actor=volunteer)
    clock.move_to(in_days(3, hour=15))
    complete_interview(request=sent, actor=asker)
    InterviewNote.objects.create(
        request=sent, notes="Credit is half numbers.", learnings="Rotations.", advice="Excel."
    )
    ThankYouNote.objects.create(request=sent, body="Thank you for your time, Priya!")
    return sent


@pytest.fixture
def waiting_elsewhere(asker):
    """A second, open request from the same student to another volunteer."""
    return send(asker, SpotlightProfileFactory(full_name="Marco Bianchi"), times=LATER)


def test_the_students_export_holds_their_requests_notes_and_thanks(held, asker):
    [exported] = export_account_data(user=asker)["interviews"]["requests_sent"]

    assert exported["volunteer"] == "Priya Raman"
    assert exported["state"] == "Held"
    assert (exported["purpose"], exported["questions"]) == (PURPOSE, QUESTIONS)
    assert exported["scheduled_start"] == in_days(3).isoformat()
    assert [time["offered_by"] for time in exported["times_offered"]] == ["Student"] * 3
    assert [step["what"] for step in exported["timeline"]] == [
        "Sent the request",
        "Accepted a time",
        "Marked as held",
    ]
    assert exported["how_to_meet"] == "+49 30 1234567"
    assert exported["my_notes"] == {
        "notes": "Credit is half numbers.",
        "learnings": "Rotations.",
        "advice": "Excel.",
    }
    assert exported["thank_you"]["body"] == "Thank you for your time, Priya!"


def test_the_students_export_never_shows_the_volunteers_address(held, asker, profile, volunteer):
    text = json.dumps(export_account_data(user=asker)["interviews"])

    assert profile.email not in text
    assert volunteer.email not in text


def test_the_volunteers_export_holds_the_requests_to_them_without_the_students_notes(
    held, volunteer
):
    exported = export_account_data(user=volunteer)["interviews"]

    assert exported["requests_sent"] == []
    [received] = exported["requests_received"]
    assert received["student"] == "Sam Okafor"
    assert received["purpose"] == PURPOSE
    assert received["thank_you"]["body"] == "Thank you for your time, Priya!"
    assert "my_notes" not in received
    assert "Credit is half numbers." not in json.dumps(exported)


def test_the_export_holds_nobody_elses_requests(held, waiting_elsewhere, volunteer):
    received = export_account_data(user=volunteer)["interviews"]["requests_received"]

    assert [request["student"] for request in received] == ["Sam Okafor"]


def test_the_export_reads_the_same_few_queries_however_many_requests(
    held, waiting_elsewhere, asker, django_assert_num_queries
):
    with django_assert_num_queries(4):
        export_personal_data(asker)


def test_the_export_page_downloads_the_interviews_section(client, held, asker):
    client.force_login(asker)

    data = json.loads(client.get(reverse("accounts:export_data")).content)

    assert data["interviews"]["requests_sent"][0]["purpose"] == PURPOSE


def test_a_departing_student_cancels_their_open_requests_and_the_volunteers_are_told(
    sent, waiting_elsewhere, asker, profile, committing, mailoutbox, clock
):
    clock.shift(timedelta(minutes=10))  # past the grace period of a quiet withdrawal
    with committing():
        delete_account(user=asker)

    assert {request.state for request in InterviewRequest.objects.all()} == {
        State.CANCELLED_BY_STUDENT
    }
    told = {message.to[0] for message in mailoutbox if "Cancelled" in message.subject}
    assert f"Priya Raman <{profile.email}>" in told
    assert any("Marco Bianchi" in address for address in told)


def test_a_departing_student_withdraws_a_scheduled_meeting_from_the_volunteers_calendar(
    sent, asker, profile, volunteer, committing
):
    accept_request(request=sent, proposed_time=sent.student_times()[0], actor=volunteer)
    with committing():
        delete_account(user=asker)

    email = Email.objects.get(recipient=profile.email, event="interview_cancelled")
    [event] = Calendar.from_ical(email.calendar).events
    assert email.calendar_method == "CANCEL"
    assert event["SEQUENCE"] == 1


def test_a_departing_students_words_are_blanked_and_the_rows_kept(held, waiting_elsewhere, asker):
    InterviewRequest.objects.filter(pk=held.pk).update(referred_by="Dr. Chen")
    cancel_request(request=waiting_elsewhere, actor=asker, note="I found an internship.")

    delete_account(user=asker)

    requests = InterviewRequest.objects.filter(student=asker)
    assert requests.count() == 2
    assert set(requests.values_list("purpose", "referred_by")) == {("", "")}
    assert all(questions == [] for questions in requests.values_list("questions", flat=True))
    note = InterviewNote.objects.get(request=held)
    assert (note.notes, note.learnings, note.advice) == ("", "", "")
    assert ThankYouNote.objects.get(request=held).body == ""
    assert not Transition.objects.filter(request__student=asker).exclude(note="").exists()
    assert InterviewRequest.objects.get(pk=held.pk).state == State.COMPLETED


def test_a_departing_volunteer_cancels_the_requests_waiting_for_them_and_students_are_told(
    sent, asker, volunteer, committing, mailoutbox
):
    with committing():
        delete_account(user=volunteer)

    sent.refresh_from_db()
    assert sent.state == State.CANCELLED_BY_VOLUNTEER
    [to_student] = [message for message in mailoutbox if asker.email in message.to[0]]
    assert to_student.subject == "Cancelled: informational interview with Priya Raman"


def test_a_departing_volunteer_keeps_the_students_words_and_loses_their_own(
    held, sent, asker, volunteer
):
    other = send(asker, SpotlightProfileFactory(full_name="Ana Lima"), times=LATER)
    declined = send(asker, held.profile, times=LATER)
    decline_request(request=declined, actor=volunteer, note="I am moving abroad this spring.")

    delete_account(user=volunteer)

    held.refresh_from_db()
    declined.refresh_from_db()
    assert held.purpose == PURPOSE
    assert held.meeting_details == ""
    assert declined.decline_note == ""
    assert not Transition.objects.filter(request=declined).exclude(note="").exists()
    assert ThankYouNote.objects.get(request=held).body == "Thank you for your time, Priya!"
    assert InterviewNote.objects.get(request=held).notes == "Credit is half numbers."
    assert InterviewRequest.objects.get(pk=other.pk).state == State.REQUESTED


def test_deleting_the_account_from_the_settings_page_cancels_open_requests(client, sent, asker):
    client.force_login(asker)

    client.post(reverse("accounts:delete_account"), {"password": PASSWORD})

    sent.refresh_from_db()
    assert sent.state == State.CANCELLED_BY_STUDENT
    assert sent.purpose == ""
