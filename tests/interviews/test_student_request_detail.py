"""One request as its student sees it, and the actions they can take from it."""

from datetime import timedelta

import pytest
from django.urls import reverse

from apps.interviews.models import InterviewRequest, State, Transition
from apps.interviews.services import (
    cancel_request,
    confirm_time,
    decline_request,
    propose_time,
    reply_by_link,
)
from apps.interviews.tokens import make_token
from tests.factories import InterviewRequestFactory
from tests.interviews.conftest import in_days
from tests.interviews.student_helpers import schedule

pytestmark = pytest.mark.django_db


def detail(client, request):
    return client.get(reverse("interviews:detail", args=[request.pk]))


def fresh(request) -> InterviewRequest:
    return InterviewRequest.objects.get(pk=request.pk)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_page_shows_what_was_asked_on_the_students_clock(signed_in, sent):
    page = detail(signed_in, sent).content.decode()

    assert "Your request to Priya Raman" in page
    assert "which skills carried over from the classroom" in page
    assert "What does a normal week look like?" in page
    assert "20 minutes, video call" in page
    assert "Thursday 4 March 2027 at 09:00 New York time (EST)" in page
    assert "Friday 5 March 2027 at 09:00 New York time (EST)" in page


def test_the_timeline_says_what_happened_when_and_by_whom(signed_in, sent, volunteer):
    token = make_token(request=sent, action="accept", proposed_time=sent.student_times()[0])
    reply_by_link(token=token)

    page = detail(signed_in, sent).content.decode()

    assert "<strong>You</strong>: sent the request" in page
    assert "<strong>Priya Raman, from the email</strong>: accepted a time" in page
    # 15:00 UTC on 1 March is 10:00 in New York.
    assert "1 March 2027, 10:00" in page


def test_meeting_details_are_shown_once_the_interview_is_scheduled(signed_in, sent, volunteer):
    InterviewRequest.objects.filter(pk=sent.pk).update(meeting_details="https://meet.example/x")
    before = detail(signed_in, sent).content.decode()
    schedule(fresh(sent), volunteer)

    after = detail(signed_in, sent).content.decode()

    assert "How to meet" not in before
    assert 'How to meet:</strong> <a href="https://meet.example/x"' in after


def test_the_student_confirms_the_time_the_volunteer_proposed(
    signed_in, sent, volunteer, committing, mailoutbox
):
    offer = propose_time(request=sent, actor=volunteer, starts_at=in_days(10, hour=16))
    page = detail(signed_in, sent).content.decode()
    assert "Confirm Thursday 11 March 2027 at 11:00 New York time (EST)" in page

    with committing():
        response = signed_in.post(
            reverse("interviews:confirm", args=[sent.pk]), {"time": offer.pk}, follow=True
        )

    assert fresh(sent).state == State.SCHEDULED
    assert fresh(sent).scheduled_start == in_days(10, hour=16)
    assert "You confirmed the time. Priya Raman has been told." in messages_of(response)
    assert len(mailoutbox) == 2  # to each of them


def test_confirming_a_proposal_replaced_since_the_page_was_loaded_says_so(
    signed_in, sent, volunteer, asker
):
    # A time proposed and confirmed, then moved again by a second proposal: a page still
    # showing the first proposal posts its id.
    first = propose_time(request=sent, actor=volunteer, starts_at=in_days(10, hour=16))
    confirm_time(request=fresh(sent), actor=asker, proposed_time=first)
    propose_time(request=fresh(sent), actor=volunteer, starts_at=in_days(11, hour=16))

    response = signed_in.post(
        reverse("interviews:confirm", args=[sent.pk]), {"time": first.pk}, follow=True
    )

    assert fresh(sent).state == State.TIME_PROPOSED
    assert messages_of(response) == [
        "The volunteer has proposed a different time since you opened this page. "
        "Reload it to see the new time."
    ]


def test_the_student_cancels_with_a_note_and_the_volunteer_is_told(
    signed_in, sent, committing, mailoutbox, clock
):
    clock.shift(timedelta(minutes=10))  # past the grace period of a quiet withdrawal
    with committing():
        response = signed_in.post(
            reverse("interviews:cancel", args=[sent.pk]),
            {"note": "I have an exam that week."},
            follow=True,
        )

    assert fresh(sent).state == State.CANCELLED_BY_STUDENT
    assert Transition.objects.filter(request=sent).last().note == "I have an exam that week."
    assert "The request is cancelled. Priya Raman has been told." in messages_of(response)
    volunteer_copy = [m for m in mailoutbox if "priya@" in m.to[0]]
    assert "I have an exam that week." in volunteer_copy[0].body
    assert "“I have an exam that week.”" in response.content.decode()


def test_a_cancel_that_meets_a_request_the_volunteer_already_declined_says_so(
    signed_in, sent, volunteer
):
    page = detail(signed_in, sent).content.decode()
    assert "Cancel the request" in page
    decline_request(request=fresh(sent), actor=volunteer, note="Travelling all month.")

    response = signed_in.post(reverse("interviews:cancel", args=[sent.pk]), follow=True)

    assert response.status_code == 200
    assert fresh(sent).state == State.DECLINED
    assert messages_of(response) == [
        "This request was declined by the volunteer a moment ago, so it can't be cancelled now."
    ]
    page = response.content.decode()
    assert "Travelling all month." in page
    assert "Cancel the request" not in page


def test_cancelling_twice_changes_nothing_the_second_time(signed_in, sent, asker, mailoutbox):
    cancel_request(request=sent, actor=asker)

    response = signed_in.post(reverse("interviews:cancel", args=[sent.pk]), follow=True)

    assert "can't be cancelled now" in messages_of(response)[0]
    assert Transition.objects.filter(request=sent).count() == 2


def test_held_and_missed_are_offered_only_once_the_interview_has_started(
    signed_in, sent, volunteer, clock
):
    schedule(sent, volunteer)
    before = detail(signed_in, sent).content.decode()
    early = signed_in.post(reverse("interviews:complete", args=[sent.pk]), follow=True)
    clock.move_to(in_days(3) + timedelta(minutes=25))
    after = detail(signed_in, sent).content.decode()

    assert "Yes, mark it as held" not in before
    assert "The interview has not started yet" in messages_of(early)[0]
    assert "Yes, mark it as held" in after
    assert "No, mark it as missed" in after


def test_the_student_marks_the_interview_as_held(signed_in, sent, volunteer, clock):
    schedule(sent, volunteer)
    clock.move_to(in_days(3) + timedelta(minutes=25))

    response = signed_in.post(reverse("interviews:complete", args=[sent.pk]), follow=True)

    assert fresh(sent).state == State.COMPLETED
    assert "Marked as held." in messages_of(response)[0]
    assert "Write your thank-you note" in response.content.decode()


def test_the_student_marks_the_interview_as_missed(signed_in, sent, volunteer, clock):
    schedule(sent, volunteer)
    clock.move_to(in_days(3) + timedelta(minutes=25))

    response = signed_in.post(reverse("interviews:no_show", args=[sent.pk]), follow=True)

    assert fresh(sent).state == State.NO_SHOW
    assert messages_of(response) == ["Marked as missed."]


def test_another_students_request_is_not_there(signed_in):
    strangers = InterviewRequestFactory()

    assert detail(signed_in, strangers).status_code == 404
    cancel = signed_in.post(reverse("interviews:cancel", args=[strangers.pk]))
    assert cancel.status_code == 404
    assert fresh(strangers).state == State.REQUESTED


def test_the_detail_page_costs_a_fixed_number_of_queries(
    signed_in, sent, volunteer, django_assert_num_queries
):
    schedule(sent, volunteer)

    # Session, user, the request with its people and notes, times, timeline, referrals.
    with django_assert_num_queries(6):
        detail(signed_in, sent)
