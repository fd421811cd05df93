"""One request, as its volunteer sees it: who asks, what for, when, and what they can answer."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from apps.interviews.models import InterviewNote, ThankYouNote
from apps.interviews.services import accept_request, cancel_request, decline_request
from apps.students.models import StudentProfile
from tests.factories import AlumniFactory, SpotlightProfileFactory, StudentFactory
from tests.interviews.conftest import NOW, send
from tests.interviews.inbox_helpers import request_to

pytestmark = pytest.mark.django_db

# Berlin and New York move their clocks two weeks apart (28 and 14 March 2027).
BEFORE_BOTH = datetime(2027, 3, 12, 14, 0, tzinfo=UTC)
BETWEEN = datetime(2027, 3, 16, 14, 0, tzinfo=UTC)
AFTER_BOTH = datetime(2027, 3, 30, 14, 0, tzinfo=UTC)


def page_of(client, volunteer, request, status: int = 200) -> str:
    client.force_login(volunteer)
    response = client.get(reverse("inbox:detail", args=[request.pk]))
    assert response.status_code == status
    return response.content.decode()


def test_the_page_shows_who_asks_and_what_for(client, volunteer, profile, asker):
    StudentProfile.objects.create(
        user=asker,
        major="Economics",
        graduation_year=2028,
        introduction="I study economics and wonder about banking.",
    )
    request = send(asker, profile, format="phone", minutes=25)

    page = page_of(client, volunteer, request)

    assert page.count("<h1") == 1
    assert "Request from Sam Okafor" in page
    assert "Economics, class of 2028" in page
    assert "I study economics and wonder about banking." in page
    assert "You moved from teaching into credit analysis" in page
    assert "What does a normal week look like?" in page
    assert "25-minute informational interview: phone" in page


def test_the_offered_times_are_on_the_volunteers_clock_and_say_which(
    client, volunteer, profile, asker
):
    request = send(asker, profile, times=[BEFORE_BOTH, BETWEEN, AFTER_BOTH])

    page = page_of(client, volunteer, request)

    assert "Shown in your time zone, Europe/Berlin." in page
    assert "Friday 12 March 2027 at 15:00 Berlin time (CET)" in page
    # The student's clock has moved on 14 March, the volunteer's not yet: still 15:00 here.
    assert "Tuesday 16 March 2027 at 15:00 Berlin time (CET)" in page
    assert "Tuesday 30 March 2027 at 16:00 Berlin time (CEST)" in page
    assert "New York" not in page


def test_a_referrer_is_named_only_when_the_student_may_mention_them(
    client, volunteer, profile, asker
):
    named = send(asker, profile, referred_by="Dr Ada Mensah", may_mention_referrer=True)
    unnamed = send(StudentFactory(), profile, referred_by="Prof Quiet", may_mention_referrer=False)

    assert "Dr Ada Mensah suggested they get in touch with you." in page_of(
        client, volunteer, named
    )
    assert "Prof Quiet" not in page_of(client, volunteer, unnamed)


def test_the_timeline_lists_every_change(client, volunteer, profile, asker, clock):
    request = send(asker, profile)
    clock.shift(timedelta(hours=2))
    accept_request(request=request, proposed_time=request.student_times()[0], actor=volunteer)
    clock.shift(timedelta(hours=1))
    cancel_request(request=request, actor=asker, note="Exam moved, so sorry.")

    page = page_of(client, volunteer, request)

    assert "Monday 1 March 2027 at 16:00 Berlin time (CET): Sam Okafor — sent the request" in page
    assert "at 18:00 Berlin time (CET): You — accepted a time" in page
    assert "Sam Okafor — cancelled (student): “Exam moved, so sorry.”" in page


def test_the_thank_you_note_shows_once_sent(client, volunteer, profile, asker):
    request = send(asker, profile)
    ThankYouNote.objects.create(
        request=request, body="Thank you for the SQL tip!", sent_at=NOW + timedelta(days=5)
    )

    page = page_of(client, volunteer, request)

    assert "Sam Okafor thanked you" in page
    assert "Sent on 6 March 2027" in page
    assert "Thank you for the SQL tip!" in page


def test_the_page_never_shows_the_students_email_nor_their_private_notes(
    client, volunteer, profile, asker
):
    request = send(asker, profile)
    InterviewNote.objects.create(
        request=request,
        notes="Private: remember to ask about pay.",
        learnings="Private learning",
        advice="Private advice",
    )

    page = page_of(client, volunteer, request)

    assert asker.email not in page
    for private in ("remember to ask about pay", "Private learning", "Private advice"):
        assert private not in page


def test_another_volunteers_request_is_not_there(client, volunteer, profile):
    strangers = request_to(AlumniFactory())

    page_of(client, volunteer, strangers, status=404)


def test_a_waiting_request_offers_accept_propose_and_decline(client, volunteer, profile, asker):
    page = page_of(client, volunteer, send(asker, profile))

    for button in ("Accept this time", "Propose this time", "Decline the request"):
        assert button in page
    assert "Cancel the interview" not in page  # before it is on, calling it off is declining
    assert "Mark the interview as missed" not in page


def test_a_scheduled_interview_can_be_moved_or_cancelled_and_after_its_start_marked_missed(
    client, volunteer, profile, asker, clock
):
    request = send(asker, profile)
    accept_request(request=request, proposed_time=request.student_times()[0], actor=volunteer)

    before = page_of(client, volunteer, request)
    clock.move_to(request.scheduled_start + timedelta(minutes=5))
    after = page_of(client, volunteer, request)

    assert "Move the interview to another time" in before
    assert "Cancel the interview" in before
    assert "Accept this time" not in before
    assert "Decline the request" not in before
    assert "Mark the interview as missed" not in before
    assert "Mark the interview as missed" in after


def test_a_declined_request_offers_nothing_and_shows_the_answer(client, volunteer, profile, asker):
    colleague = SpotlightProfileFactory(full_name="Lee Colleague")
    request = send(asker, profile)
    decline_request(
        request=request, actor=volunteer, note="Swamped this month.", suggested_profile=colleague
    )

    page = page_of(client, volunteer, request)

    assert "You declined this request. You suggested Lee Colleague." in page
    assert "Swamped this month." in page
    assert "<form" not in page.split("<main", 1)[1].replace('action="/accounts/logout/"', "")


def test_the_request_page_costs_a_fixed_number_of_queries(
    client, volunteer, profile, asker, django_assert_num_queries
):
    request = send(asker, profile)
    client.force_login(volunteer)

    # Session, user, the request with its people and thanks, its times, its timeline, and the
    # times still ahead for the accept form (checked, then listed).
    with django_assert_num_queries(7):
        client.get(reverse("inbox:detail", args=[request.pk]))
