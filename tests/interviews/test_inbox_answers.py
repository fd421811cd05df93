"""The volunteer answers from the request page: each answer is one POST, one service call."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from apps.interviews import emails, inbox_views
from apps.interviews.models import Action, InterviewRequest, State, Transition
from apps.interviews.services import accept_request, cancel_request
from apps.notifications.models import Email
from tests.factories import SpotlightProfileFactory
from tests.interviews.conftest import in_days, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer_client(client, volunteer):
    client.force_login(volunteer)
    return client


def post(client, name: str, request, data: dict | None = None):
    return client.post(reverse(f"inbox:{name}", args=[request.pk]), data or {})


def error_next_to(page: str, field: str) -> str:
    """The error crispy-forms shows under a field (tied to it by aria-describedby)."""
    found = re.search(
        rf'<div id="id_{field}_error" class="invalid-feedback">(.*?)</div>', page, re.S
    )
    assert found, f"no error next to {field}"
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in page
    return re.sub(r"<[^>]+>", "", found[1]).strip()


def reloaded(request) -> InterviewRequest:
    return InterviewRequest.objects.get(pk=request.pk)


# --- Accept ------------------------------------------------------------------------------------


def test_the_volunteer_accepts_a_time_with_how_to_meet(
    volunteer_client, sent, committing, mailoutbox
):
    chosen = sent.student_times()[1]

    with committing():
        response = post(
            volunteer_client,
            "accept",
            sent,
            {"accept-time": chosen.pk, "accept-meeting_details": "https://meet.example.org/priya"},
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("inbox:detail", args=[sent.pk])
    request = reloaded(sent)
    assert (request.state, request.scheduled_start) == (State.SCHEDULED, in_days(4))
    assert request.meeting_details == "https://meet.example.org/priya"
    assert len(mailoutbox) == 2  # the student and the volunteer
    page = volunteer_client.get(response["Location"]).content.decode()
    assert "the interview with Sam Okafor is on Friday 5 March 2027 at 15:00 Berlin time" in page


def test_the_emails_and_invites_of_the_accept_already_know_how_to_meet(
    volunteer_client, sent, monkeypatch
):
    seen = []
    queue_scheduled = emails.queue_scheduled

    def spy(request, **kwargs):
        seen.append(request.meeting_details)
        return queue_scheduled(request, **kwargs)

    monkeypatch.setattr(emails, "queue_scheduled", spy)
    data = {"accept-time": sent.student_times()[0].pk, "accept-meeting_details": " Room  4 "}

    post(volunteer_client, "accept", sent, data)

    assert seen == ["Room 4"]


def test_accepting_without_a_time_keeps_what_was_typed_and_says_what_is_missing(
    volunteer_client, sent
):
    response = post(
        volunteer_client, "accept", sent, {"accept-meeting_details": "Call +49 30 1234567"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose one of the times." in page
    assert 'value="Call +49 30 1234567"' in page
    assert reloaded(sent).state == State.REQUESTED


def test_a_time_that_has_passed_cannot_be_accepted(volunteer_client, sent, clock):
    first = sent.student_times()[0]
    clock.move_to(first.starts_at + timedelta(minutes=1))

    response = post(volunteer_client, "accept", sent, {"accept-time": first.pk})

    assert response.status_code == 200
    assert "Choose one of the times offered that is still ahead." in response.content.decode()
    assert reloaded(sent).state == State.REQUESTED


def test_a_double_clicked_accept_makes_one_change_and_sends_one_email_each(
    volunteer_client, sent, committing, mailoutbox
):
    data = {"accept-time": sent.student_times()[0].pk, "accept-meeting_details": "Room 4"}

    with committing():
        first = post(volunteer_client, "accept", sent, data)
    with committing():
        second = post(volunteer_client, "accept", sent, data)

    assert first.status_code == second.status_code == 302
    assert Transition.objects.filter(request=sent, action=Action.ACCEPT).count() == 1
    assert len(mailoutbox) == 2
    assert Email.objects.filter(event_key__startswith=f"interview:{sent.pk}:scheduled").count() == 2
    # The second click's page is the one the browser shows: it tells the same news.
    page = volunteer_client.get(second["Location"]).content.decode()
    assert "You accepted: the interview with Sam Okafor is on" in page


def test_accepting_a_request_the_student_just_cancelled_explains_and_changes_nothing(
    volunteer_client, sent, asker, committing, mailoutbox
):
    cancel_request(request=sent, actor=asker)

    with committing():
        response = post(
            volunteer_client,
            "accept",
            sent,
            {"accept-time": sent.student_times()[0].pk, "accept-meeting_details": "Room 4"},
        )

    assert response.status_code == 200
    assert (
        "This request was cancelled by the student a moment ago, so it can&#x27;t be accepted now."
        in response.content.decode()
    )
    request = reloaded(sent)
    assert (request.state, request.meeting_details) == (State.CANCELLED_BY_STUDENT, "")
    assert not mailoutbox


def test_a_cancel_that_lands_between_loading_and_accepting_is_explained(
    volunteer_client, sent, asker, monkeypatch
):
    """The student cancels after the view loaded the request and before the update ran."""
    load, loads = inbox_views._get_request_for, []

    def loaded_then_cancelled(user, pk):
        seen = load(user, pk)
        if not loads:
            cancel_request(request=load(user, pk), actor=asker)
        loads.append(seen)
        return seen

    monkeypatch.setattr(inbox_views, "_get_request_for", loaded_then_cancelled)

    response = post(volunteer_client, "accept", sent, {"accept-time": sent.student_times()[0].pk})

    assert response.status_code == 200
    assert "cancelled by the student a moment ago" in response.content.decode()
    request = reloaded(sent)
    assert (request.state, request.scheduled_start) == (State.CANCELLED_BY_STUDENT, None)
    assert not Transition.objects.filter(request=sent, action=Action.ACCEPT).exists()


# --- Propose another time ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "utc"),
    [
        # Berlin is on winter time (UTC+1) until 28 March 2027, then on summer time (UTC+2).
        ("2027-03-27T10:00", datetime(2027, 3, 27, 9, 0, tzinfo=UTC)),
        ("2027-03-29T10:00", datetime(2027, 3, 29, 8, 0, tzinfo=UTC)),
    ],
)
def test_a_proposed_time_is_read_on_the_volunteers_clock(volunteer_client, sent, typed, utc):
    response = post(volunteer_client, "propose", sent, {"propose-starts_at": typed})

    assert response.status_code == 302
    request = reloaded(sent)
    assert request.state == State.TIME_PROPOSED
    assert request.latest_offer().starts_at == utc


def test_the_student_reads_the_proposed_time_on_their_own_clock(
    volunteer_client, sent, committing, mailoutbox
):
    with committing():
        post(volunteer_client, "propose", sent, {"propose-starts_at": "2027-03-16T15:00"})

    # 15:00 in Berlin (CET) is 14:00 UTC, 10:00 in New York (already on EDT since 14 March).
    assert "Tuesday 16 March 2027 at 10:00 New York time (EDT)" in mailoutbox[0].body


def test_the_proposal_page_says_which_clock_to_use(volunteer_client, sent):
    page = volunteer_client.get(reverse("inbox:detail", args=[sent.pk])).content.decode()

    assert 'type="datetime-local" name="propose-starts_at"' in page
    assert "In your time zone (Europe/Berlin)" in page


def test_a_time_too_soon_is_refused_next_to_the_field_and_the_note_is_kept(volunteer_client, sent):
    response = post(
        volunteer_client,
        "propose",
        sent,
        {"propose-starts_at": "2027-03-01T16:30", "propose-note": "Only mornings, sorry!"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert error_next_to(page, "propose-starts_at").startswith(
        "Propose a time at least two hours from now"
    )
    assert "Only mornings, sorry!</textarea>" in page
    assert reloaded(sent).state == State.REQUESTED


def test_a_time_that_does_not_exist_on_the_volunteers_clock_is_refused(volunteer_client, sent):
    # 02:30 on 28 March 2027 does not exist in Berlin: clocks jump from 02:00 to 03:00.
    response = post(volunteer_client, "propose", sent, {"propose-starts_at": "2027-03-28T02:30"})

    assert response.status_code == 200
    error = error_next_to(response.content.decode(), "propose-starts_at")
    assert "Europe/Berlin" in error
    assert reloaded(sent).state == State.REQUESTED


def test_moving_a_scheduled_interview_keeps_the_meeting_details(volunteer_client, sent, volunteer):
    accept_request(request=sent, proposed_time=sent.student_times()[0], actor=volunteer)
    InterviewRequest.objects.filter(pk=sent.pk).update(meeting_details="Room 4")

    response = post(volunteer_client, "propose", sent, {"propose-starts_at": "2027-03-10T10:00"})

    assert response.status_code == 302
    request = reloaded(sent)
    assert (request.state, request.meeting_details) == (State.TIME_PROPOSED, "Room 4")


# --- Decline -----------------------------------------------------------------------------------


def test_the_volunteer_declines_with_a_note_and_suggests_a_colleague(
    volunteer_client, sent, committing, mailoutbox
):
    colleague = SpotlightProfileFactory(full_name="Lee Colleague")

    with committing():
        response = post(
            volunteer_client,
            "decline",
            sent,
            {
                "decline-note": "Year-end closing, sorry!",
                "decline-suggested_profile": "lee colleague",
            },
        )

    assert response.status_code == 302
    request = reloaded(sent)
    assert (request.state, request.decline_note) == (State.DECLINED, "Year-end closing, sorry!")
    assert request.suggested_profile == colleague
    assert "Lee Colleague" in mailoutbox[0].body


def test_an_unknown_name_is_refused_next_to_the_field_and_the_note_is_kept(volunteer_client, sent):
    SpotlightProfileFactory(full_name="Hidden Person", is_published=False)

    response = post(
        volunteer_client,
        "decline",
        sent,
        {"decline-note": "Busy!", "decline-suggested_profile": "Hidden Person"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert error_next_to(page, "decline-suggested_profile").startswith(
        "Nobody called “Hidden Person” is listed in the directory."
    )
    assert "Busy!</textarea>" in page
    assert 'value="Hidden Person"' in page
    assert reloaded(sent).state == State.REQUESTED


def test_two_volunteers_of_one_name_are_told_apart_by_employer(volunteer_client, sent):
    SpotlightProfileFactory(full_name="Jo Lee", employer="Contoso")
    wanted = SpotlightProfileFactory(full_name="Jo Lee", employer="Fabrikam Bank")

    ambiguous = post(volunteer_client, "decline", sent, {"decline-suggested_profile": "Jo Lee"})
    chosen = post(
        volunteer_client, "decline", sent, {"decline-suggested_profile": "Jo Lee (fabrikam bank)"}
    )

    assert "Several volunteers are called Jo Lee." in ambiguous.content.decode()
    assert "Jo Lee (Contoso)" in ambiguous.content.decode()
    assert chosen.status_code == 302
    assert reloaded(sent).suggested_profile == wanted


def test_the_volunteer_cannot_suggest_themself(volunteer_client, sent, profile):
    response = post(
        volunteer_client, "decline", sent, {"decline-suggested_profile": profile.full_name}
    )

    assert response.status_code == 200
    assert "Nobody called “Priya Raman” is listed" in response.content.decode()


# --- Cancel and no-show ------------------------------------------------------------------------


def test_the_volunteer_cancels_a_scheduled_interview_with_a_note(
    volunteer_client, sent, volunteer, committing, mailoutbox
):
    accept_request(request=sent, proposed_time=sent.student_times()[0], actor=volunteer)

    with committing():
        response = post(volunteer_client, "cancel", sent, {"cancel-note": "Travelling for work."})

    assert response.status_code == 302
    assert reloaded(sent).state == State.CANCELLED_BY_VOLUNTEER
    assert sent.transitions.last().note == "Travelling for work."
    recipients = " ".join(message.to[0] for message in mailoutbox)
    assert "priya@alumni.example.org" in recipients
    assert sent.student.email in recipients


def test_a_missed_interview_is_recorded_after_its_start(volunteer_client, sent, volunteer, clock):
    accept_request(request=sent, proposed_time=sent.student_times()[0], actor=volunteer)
    clock.move_to(sent.student_times()[0].starts_at + timedelta(minutes=15))

    response = post(volunteer_client, "no_show", sent)

    assert response.status_code == 302
    assert reloaded(sent).state == State.NO_SHOW


def test_a_missed_interview_cannot_be_recorded_before_its_start(volunteer_client, sent, volunteer):
    accept_request(request=sent, proposed_time=sent.student_times()[0], actor=volunteer)

    response = post(volunteer_client, "no_show", sent)

    assert response.status_code == 200
    assert "has not started yet" in response.content.decode()
    assert reloaded(sent).state == State.SCHEDULED


def test_answers_to_another_volunteers_request_are_not_found(volunteer_client, asker):
    strangers = send(asker, SpotlightProfileFactory())

    for name in ("accept", "propose", "decline", "cancel", "no_show"):
        assert post(volunteer_client, name, strangers).status_code == 404
    assert reloaded(strangers).state == State.REQUESTED


def test_answers_only_accept_posts(volunteer_client, sent):
    response = volunteer_client.get(reverse("inbox:accept", args=[sent.pk]))

    assert response.status_code == 405
