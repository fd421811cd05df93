"""Building blocks for the volunteer's inbox tests and role-matrix rows."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from apps.accounts.models import Role
from apps.directory.models import SpotlightProfile
from apps.interviews.models import Action, State
from apps.interviews.tokens import LIFETIME, make_token, mark_used, read_token
from tests.accounts.matrix import World
from tests.factories import InterviewRequestFactory, SpotlightProfileFactory


def profile_of(volunteer) -> SpotlightProfile:
    """The volunteer's spotlight profile (a user has at most one)."""
    return SpotlightProfile.objects.filter(user=volunteer).first() or SpotlightProfileFactory(
        user=volunteer
    )


def request_to(volunteer, **fields):
    """A request written directly (no rules, timeline or emails), addressed to `volunteer`."""
    return InterviewRequestFactory(profile=profile_of(volunteer), **fields)


def accept_token(request) -> str:
    return make_token(
        request=request, action=Action.ACCEPT, proposed_time=request.student_times()[0]
    )


def decline_token(request) -> str:
    return make_token(request=request, action=Action.DECLINE)


# --- Role-matrix arguments ---------------------------------------------------------------------


def own_request(world: World) -> list:
    """A request addressed to the world's volunteer, waiting for an answer."""
    return [request_to(world.people[Role.ALUMNI]).pk]


def own_missed_interview(world: World) -> list:
    """A scheduled interview of the world's volunteer that started an hour ago."""
    started = timezone.now() - timedelta(hours=1)
    return [
        request_to(world.people[Role.ALUMNI], state=State.SCHEDULED, scheduled_start=started).pk
    ]


def strangers_request(world: World) -> list:
    """A request addressed to some other volunteer."""
    return [InterviewRequestFactory().pk]


def valid_link(world: World) -> list:
    return [accept_token(InterviewRequestFactory())]


def tampered_link(world: World) -> list:
    token = accept_token(InterviewRequestFactory())
    return [token[:-3] + ("abc" if not token.endswith("abc") else "xyz")]


def expired_link(world: World) -> list:
    request = InterviewRequestFactory()
    with time_machine.travel(timezone.now() - LIFETIME - timedelta(minutes=1)):
        return [decline_token(request)]


def used_link(world: World) -> list:
    token = decline_token(InterviewRequestFactory())
    mark_used(read_token(token))
    return [token]
