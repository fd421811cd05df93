"""The student's list of requests: open ones first, each with its next step, on their clock."""

from datetime import timedelta

import pytest
from django.urls import reverse

from apps.interviews.models import State
from apps.interviews.services import cancel_request, propose_time
from tests.factories import InterviewRequestFactory, SpotlightProfileFactory
from tests.interviews.conftest import in_days, send
from tests.interviews.student_helpers import hold

pytestmark = pytest.mark.django_db


def names(summaries) -> list[str]:
    return [summary.request.profile.full_name for summary in summaries]


def test_open_requests_come_first_and_past_ones_after(signed_in, asker, volunteer, profile, clock):
    to_hold = send(asker, profile)
    waiting = send(asker, SpotlightProfileFactory(full_name="Ada Mensah", formats=["video"]))
    cancelled = send(asker, SpotlightProfileFactory(full_name="Ben Cole", formats=["video"]))
    cancel_request(request=cancelled, actor=asker)
    held = hold(to_hold, volunteer, clock)

    response = signed_in.get(reverse("interviews:list"))

    assert names(response.context["open"]) == ["Ada Mensah"]
    # The latest change first.
    assert names(response.context["past"]) == ["Priya Raman", "Ben Cole"]
    page = response.content.decode()
    assert page.index("Ada Mensah") < page.index("Priya Raman") < page.index("Ben Cole")
    assert reverse("interviews:detail", args=[waiting.pk]) in page
    assert held.state == State.COMPLETED


def test_each_request_shows_its_state_its_times_on_the_students_clock_and_the_next_step(
    signed_in, asker, profile
):
    send(asker, profile)

    page = signed_in.get(reverse("interviews:list")).content.decode()

    assert "Waiting for an answer" in page
    # Offered as 14:00 UTC: 09:00 in New York.
    assert "Thursday 4 March 2027 at 09:00 New York time (EST)" in page
    assert "Waiting for Priya to choose one of your times or propose another." in page


def test_a_time_the_volunteer_proposed_is_shown_with_what_to_do(
    signed_in, asker, profile, volunteer
):
    request = send(asker, profile)
    propose_time(request=request, actor=volunteer, starts_at=in_days(10, hour=16))

    page = signed_in.get(reverse("interviews:list")).content.decode()

    assert "Time Priya proposed" in page
    assert "Thursday 11 March 2027 at 11:00 New York time (EST)" in page
    assert "Confirm the time Priya proposed, or cancel the request." in page


def test_a_held_interview_reminds_the_student_to_send_thanks(
    signed_in, asker, profile, volunteer, clock
):
    hold(send(asker, profile), volunteer, clock)

    page = signed_in.get(reverse("interviews:list")).content.decode()

    assert "Send Priya your thank-you note" in page


def test_another_students_requests_are_not_listed(signed_in):
    InterviewRequestFactory(profile=SpotlightProfileFactory(full_name="Someone Elses Volunteer"))

    response = signed_in.get(reverse("interviews:list"))

    assert response.context["open"] == response.context["past"] == []
    assert "Someone Elses Volunteer" not in response.content.decode()


@pytest.mark.parametrize("count", [2, 20])
def test_the_list_costs_the_same_queries_for_2_or_20_requests(
    signed_in, asker, count, django_assert_num_queries
):
    soon = in_days(3)
    for number in range(count):
        state = [State.REQUESTED, State.SCHEDULED, State.COMPLETED, State.DECLINED][number % 4]
        InterviewRequestFactory(
            student=asker,
            state=state,
            scheduled_start=None if state in (State.REQUESTED, State.DECLINED) else soon,
            times=[soon, soon + timedelta(hours=2)],
        )

    # Session, user, the requests with their volunteers and thank-you notes, their times.
    with django_assert_num_queries(4):
        response = signed_in.get(reverse("interviews:list"))

    assert len(response.context["open"]) + len(response.context["past"]) == count
