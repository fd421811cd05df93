"""The volunteer's inbox: what waits for them first, then what is planned, then the past."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from apps.interviews.models import InterviewNote, State, ThankYouNote
from apps.interviews.services import accept_request, decline_request
from apps.students.models import StudentProfile
from tests.factories import AlumniFactory, StudentFactory
from tests.interviews.conftest import send
from tests.interviews.inbox_helpers import request_to

pytestmark = pytest.mark.django_db


def inbox_of(client, volunteer) -> str:
    client.force_login(volunteer)
    response = client.get(reverse("inbox:list"))
    assert response.status_code == 200
    return response.content.decode()


def test_requests_waiting_for_an_answer_come_first_then_scheduled_then_past(
    client, volunteer, profile
):
    past = send(StudentFactory(full_name="Pat Past"), profile)
    decline_request(request=past, actor=volunteer)
    scheduled = send(StudentFactory(full_name="Sid Scheduled"), profile)
    accept_request(request=scheduled, proposed_time=scheduled.student_times()[0], actor=volunteer)
    send(StudentFactory(full_name="Wendy Waiting"), profile)

    page = inbox_of(client, volunteer)

    assert page.index("Wendy Waiting") < page.index("Sid Scheduled") < page.index("Pat Past")
    assert "Waiting for your answer (1)" in page
    assert "Scheduled (1)" in page
    assert "Past (1)" in page


def test_each_request_shows_the_students_introduction_purpose_and_state(
    client, volunteer, profile, asker
):
    StudentProfile.objects.create(user=asker, introduction="Economics junior, curious about banks.")
    send(asker, profile)

    page = inbox_of(client, volunteer)

    assert "Sam Okafor" in page
    assert "Economics junior, curious about banks." in page
    assert "You moved from teaching into credit analysis at Fabrikam Bank" in page
    assert "Waiting for an answer" in page


def test_a_scheduled_interview_shows_on_the_volunteers_clock(client, volunteer, profile, asker):
    # 14:00 UTC on 30 March 2027: 16:00 in Berlin (summer time since 28 March), 10:00 in New York.
    start = datetime(2027, 3, 30, 14, 0, tzinfo=UTC)
    request = send(asker, profile, times=[start, datetime(2027, 3, 31, 14, 0, tzinfo=UTC)])
    accept_request(request=request, proposed_time=request.student_times()[0], actor=volunteer)

    page = inbox_of(client, volunteer)

    assert "Tuesday 30 March 2027 at 16:00 Berlin time (CEST)" in page
    assert "10:00" not in page


def test_a_thank_you_is_marked_in_the_list(client, volunteer, profile):
    thanked = request_to(volunteer, state=State.COMPLETED, scheduled_start=datetime.now(UTC))
    ThankYouNote.objects.create(request=thanked, body="Your advice on SQL was gold. Thank you!")

    page = inbox_of(client, volunteer)

    assert "Thanked you" in page
    assert "Your advice on SQL was gold." in page


def test_the_list_never_shows_the_students_email_nor_their_private_notes(
    client, volunteer, profile, asker
):
    request = send(asker, profile)
    InterviewNote.objects.create(request=request, notes="Private: she seemed tired.")

    page = inbox_of(client, volunteer)

    assert asker.email not in page
    assert "Private: she seemed tired." not in page


def test_another_volunteers_requests_are_not_listed(client, volunteer, profile):
    request_to(AlumniFactory(), student=StudentFactory(full_name="Olga Other"))

    page = inbox_of(client, volunteer)

    assert "Olga Other" not in page
    assert "Nothing is waiting for you." in page


def test_the_volunteer_home_links_to_the_inbox(client, volunteer, profile):
    client.force_login(volunteer)

    page = client.get(reverse("directory:alumni_home")).content.decode()

    assert f'href="{reverse("inbox:list")}"' in page
    assert "Your requests" in page


def mixed_requests(volunteer, count: int) -> None:
    """`count` requests in every section, with introductions, offers and thank-you notes."""
    states = [State.REQUESTED, State.SCHEDULED, State.TIME_PROPOSED, State.COMPLETED]
    for number in range(count):
        state = states[number % len(states)]
        start = datetime(2027, 3, 10, 14, 0, tzinfo=UTC) if state != State.REQUESTED else None
        request = request_to(volunteer, state=state, scheduled_start=start)
        StudentProfile.objects.create(user=request.student, introduction=f"Student {number}")
        if state == State.TIME_PROPOSED:
            request.proposed_times.create(starts_at=start, proposed_by="volunteer", position=9)
        if state == State.COMPLETED:
            ThankYouNote.objects.create(request=request, body="Thank you!")


@pytest.mark.parametrize("count", [2, 20])
def test_the_inbox_costs_the_same_queries_however_many_requests(
    client, volunteer, profile, count, django_assert_num_queries
):
    mixed_requests(volunteer, count)
    client.force_login(volunteer)

    # Session, user, the requests with their students and thanks, the volunteer's offers.
    with django_assert_num_queries(4):
        response = client.get(reverse("inbox:list"))

    assert response.content.decode().count('class="card mb-3"') == count
