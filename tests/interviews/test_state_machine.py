"""Whatever anyone tries, in any order, a request only ever moves along the table.

Hypothesis plays the student, the volunteer, a stranger, one-click links, the expiry scan and
the clock against a request, and once it is closed, against the next one the student sends.
After every attempt: a change is exactly the table's, with one Transition row and (except for
records of a meeting held or missed) an email; a refused attempt changes nothing and sends
nothing; the timeline always chains from the request being sent to its current state.
"""

import contextlib
import uuid
from datetime import timedelta
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from apps.interviews import services
from apps.interviews.lifecycle import TABLE, TransitionError, reachable_states
from apps.interviews.models import OPEN_STATES, Action, InterviewRequest, State, Transition
from apps.interviews.tokens import LinkProblem, make_token
from apps.notifications.models import Email
from tests.factories import AlumniFactory, SpotlightProfileFactory, StudentFactory
from tests.interviews.conftest import NOW, PURPOSE, QUESTIONS

# Which offered time, counting back from the latest; mostly the latest.
PICKS = st.sampled_from([0, 0, 0, 1, 2, 3, 4, 5])
OFFSETS = st.integers(min_value=-5, max_value=24 * 30)  # hours from now, for a new time
ATTEMPTS = st.sampled_from(
    [
        Action.ACCEPT,
        Action.PROPOSE_TIME,
        Action.CONFIRM_TIME,
        Action.DECLINE,
        "cancel",
        Action.COMPLETE,
        Action.NO_SHOW,
    ]
)
WAITS = st.sampled_from([0, 0, 1, 24, 24 * 3, 24 * 5])  # hours before trying
REACHABLE = reachable_states()
# Records of a meeting held or missed; every other change tells someone by email.
QUIET = {Action.COMPLETE, Action.NO_SHOW}


class RequestLifecycle(RuleBasedStateMachine):
    clock = None  # the test's stopped clock

    def __init__(self):
        super().__init__()
        # Hypothesis seeds `random` alike for every example, and the outbox's Message-IDs mix
        # the clock with `random`: a second per example keeps them apart.
        self.clock.shift(timedelta(seconds=1))
        self.now = NOW
        self.people = {
            "student": StudentFactory(time_zone="America/New_York"),
            "volunteer": AlumniFactory(),
            "stranger": StudentFactory(),
        }
        self.profile = SpotlightProfileFactory(
            user=self.people["volunteer"], employer="Fabrikam Bank", monthly_cap=50
        )
        self.send()

    def send(self):
        self.request = services.send_request(
            student=self.people["student"],
            profile=self.profile,
            purpose=PURPOSE,
            questions=QUESTIONS,
            format="video",
            minutes=20,
            times=[self.now + timedelta(days=days) for days in (2, 3, 4)],
            submission_key=uuid.uuid4(),
            now=self.now,
        )
        self.links = [
            make_token(request=self.request, action=Action.ACCEPT, proposed_time=time)
            for time in self.request.student_times()
        ] + [make_token(request=self.request, action=Action.DECLINE)]

    # --- What happens to any request ---------------------------------------------------------

    @rule(hours=st.integers(min_value=1, max_value=24 * 6))
    def time_passes(self, hours):
        self.now += timedelta(hours=hours)

    @rule(index=st.integers(min_value=0, max_value=3))
    def click_link(self, index):
        token = self.links[index]
        action = Action.DECLINE if index == 3 else Action.ACCEPT
        self.attempt(action, lambda request: services.reply_by_link(token=token, now=self.now))

    @rule()
    def expiry_scan(self):
        self.attempt(Action.EXPIRE, lambda request: services.expire_stale_requests(now=self.now))

    # --- What people try ----------------------------------------------------------------------

    @rule(attempt=ATTEMPTS, pick=PICKS, hours=OFFSETS, wait=WAITS)
    def the_student_tries(self, attempt, pick, hours, wait):
        self.try_to(attempt, "student", pick, hours, wait)

    @rule(attempt=ATTEMPTS, pick=PICKS, hours=OFFSETS, wait=WAITS)
    def the_volunteer_tries(self, attempt, pick, hours, wait):
        self.try_to(attempt, "volunteer", pick, hours, wait)

    @rule(attempt=ATTEMPTS, pick=PICKS, hours=OFFSETS)
    def a_stranger_tries(self, attempt, pick, hours):
        self.try_to(attempt, "stranger", pick, hours, 0)

    @precondition(lambda self: self.load().state not in OPEN_STATES)
    @rule()
    def send_another(self):
        """The student may ask the same volunteer again once the last request is closed."""
        self.send()
        assert self.load().state == State.REQUESTED

    def try_to(self, attempt, who, pick, hours, wait):
        self.now += timedelta(hours=wait)
        actor = self.people[who]
        calls = {
            Action.ACCEPT: lambda request: services.accept_request(
                request=request, proposed_time=self.time(pick), actor=actor, now=self.now
            ),
            Action.PROPOSE_TIME: lambda request: services.propose_time(
                request=request,
                actor=actor,
                starts_at=self.now + timedelta(hours=hours),
                now=self.now,
            ),
            Action.CONFIRM_TIME: lambda request: services.confirm_time(
                request=request, actor=actor, proposed_time=self.time(pick), now=self.now
            ),
            Action.DECLINE: lambda request: services.decline_request(
                request=request, actor=actor, note="Not this month.", now=self.now
            ),
            "cancel": lambda request: services.cancel_request(
                request=request, actor=actor, now=self.now
            ),
            Action.COMPLETE: lambda request: services.complete_interview(
                request=request, actor=actor, now=self.now
            ),
            Action.NO_SHOW: lambda request: services.record_no_show(
                request=request, actor=actor, now=self.now
            ),
        }
        action = attempt
        if attempt == "cancel":
            volunteer = who == "volunteer"
            action = Action.CANCEL_BY_VOLUNTEER if volunteer else Action.CANCEL_BY_STUDENT
        self.attempt(action, calls[attempt])

    # --- What must always hold ---------------------------------------------------------------

    def attempt(self, action, call):
        request = self.load()
        before, transitions, emails = request.state, self.transitions(), self.emails()
        with contextlib.suppress(TransitionError, LinkProblem):
            call(request)
        after = self.load()
        if after.state == before:
            # Refused, or (for the expiry scan) nothing was due: nothing at all happened.
            assert self.transitions() == transitions
            assert self.emails() == emails
            return
        assert TABLE[(before, action)] == after.state
        assert self.transitions() == transitions + 1
        last = after.transitions.last()
        assert (last.from_state, last.to_state, last.action) == (before, after.state, action)
        if action not in QUIET:
            assert self.emails() > emails

    @invariant()
    def the_timeline_chains_from_sending_to_the_current_state(self):
        request = self.load()
        timeline = list(Transition.objects.filter(request=request).order_by("at", "pk"))
        assert request.state in REACHABLE
        assert (timeline[0].action, timeline[0].to_state) == (Action.SEND, State.REQUESTED)
        for earlier, later in pairwise(timeline):
            assert later.from_state == earlier.to_state
            assert TABLE[(later.from_state, later.action)] == later.to_state
        assert timeline[-1].to_state == request.state

    @invariant()
    def an_agreed_time_is_always_known(self):
        request = self.load()
        if request.state in (State.SCHEDULED, State.COMPLETED, State.NO_SHOW):
            assert request.scheduled_start is not None

    # --- Helpers -----------------------------------------------------------------------------

    def who(self, name):
        return self.people[name]

    def time(self, pick):
        """Any time offered so far in this request; 0 is the latest."""
        times = list(self.request.proposed_times.order_by("-position"))
        return times[pick % len(times)]

    def load(self):
        return InterviewRequest.objects.select_related("student", "profile").get(pk=self.request.pk)

    def transitions(self):
        return Transition.objects.filter(request=self.request).count()

    def emails(self):
        return Email.objects.filter(object_id=str(self.request.pk)).count()


@pytest.mark.django_db
def test_no_sequence_of_attempts_takes_a_request_off_the_table(clock, monkeypatch):
    monkeypatch.setattr(RequestLifecycle, "clock", clock)
    run_state_machine_as_test(
        RequestLifecycle,
        settings=settings(
            max_examples=40,
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
