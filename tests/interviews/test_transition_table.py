"""Every action tried in every state, by the person entitled to it: exactly the table happens."""

import itertools
from datetime import timedelta

import pytest

from apps.interviews import services
from apps.interviews.lifecycle import TABLE, TransitionError
from apps.interviews.models import Action, InterviewRequest, State
from apps.notifications.models import Email
from tests.interviews.conftest import NOW, in_days, send

pytestmark = pytest.mark.django_db

# After the first offered time has started, before the last one.
LATER = in_days(3, hour=15)
# Long enough for anything still waiting to be due for expiry.
MUCH_LATER = NOW + timedelta(days=30)
ACTIONS = [action for action in Action.values if action != Action.SEND]


def request_in(state, student, profile, volunteer):
    request = send(student, profile)
    first = request.student_times()[0]
    steps = {
        State.REQUESTED: [],
        State.TIME_PROPOSED: [
            lambda: services.propose_time(request=request, actor=volunteer, starts_at=in_days(6))
        ],
        State.SCHEDULED: [
            lambda: services.accept_request(request=request, proposed_time=first, actor=volunteer)
        ],
        State.DECLINED: [lambda: services.decline_request(request=request, actor=volunteer)],
        State.EXPIRED: [lambda: services.expire_stale_requests(now=NOW + timedelta(days=20))],
        State.CANCELLED_BY_STUDENT: [
            lambda: services.cancel_request(request=request, actor=student)
        ],
        State.CANCELLED_BY_VOLUNTEER: [
            lambda: services.cancel_request(request=request, actor=volunteer)
        ],
        State.COMPLETED: [
            lambda: services.accept_request(request=request, proposed_time=first, actor=volunteer),
            lambda: services.complete_interview(request=request, actor=student, now=LATER),
        ],
        State.NO_SHOW: [
            lambda: services.accept_request(request=request, proposed_time=first, actor=volunteer),
            lambda: services.record_no_show(request=request, actor=volunteer, now=LATER),
        ],
    }[state]
    for step in steps:
        step()
    request = InterviewRequest.objects.get(pk=request.pk)
    assert request.state == state
    return request


def attempt(action, request, student, volunteer):
    if action == Action.EXPIRE:
        return services.expire_request(request=request, now=MUCH_LATER)
    calls = {
        Action.ACCEPT: lambda: services.accept_request(
            request=request,
            proposed_time=request.student_times()[-1],
            actor=volunteer,
            now=LATER,
        ),
        Action.PROPOSE_TIME: lambda: services.propose_time(
            request=request, actor=volunteer, starts_at=in_days(7), now=LATER
        ),
        Action.CONFIRM_TIME: lambda: services.confirm_time(
            request=request,
            actor=student,
            proposed_time=request.latest_offer() or request.student_times()[0],
            now=LATER,
        ),
        Action.DECLINE: lambda: services.decline_request(
            request=request, actor=volunteer, now=LATER
        ),
        Action.CANCEL_BY_STUDENT: lambda: services.cancel_request(
            request=request, actor=student, now=LATER
        ),
        Action.CANCEL_BY_VOLUNTEER: lambda: services.cancel_request(
            request=request, actor=volunteer, now=LATER
        ),
        Action.COMPLETE: lambda: services.complete_interview(
            request=request, actor=student, now=LATER
        ),
        Action.NO_SHOW: lambda: services.record_no_show(request=request, actor=student, now=LATER),
    }
    return calls[action]()


@pytest.mark.parametrize(("state", "action"), list(itertools.product(State.values, ACTIONS)))
def test_each_action_in_each_state_does_exactly_what_the_table_says(
    state, action, asker, profile, volunteer
):
    request = request_in(state, asker, profile, volunteer)
    transitions = request.transitions.count()
    emails = Email.objects.filter(object_id=str(request.pk)).count()
    allowed = (state, action) in TABLE

    if allowed:
        attempt(action, request, asker, volunteer)
    else:
        with pytest.raises(TransitionError):
            attempt(action, request, asker, volunteer)

    request = InterviewRequest.objects.get(pk=request.pk)
    if allowed:
        assert request.state == TABLE[(state, action)]
        assert request.transitions.count() == transitions + 1
    else:
        assert request.state == state
        assert request.transitions.count() == transitions
        assert Email.objects.filter(object_id=str(request.pk)).count() == emails
