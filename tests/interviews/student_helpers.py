"""Building blocks for the student's interview pages: role-matrix arguments, the request form's
data, and requests moved along their life through the real services."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from apps.accounts.models import Role
from apps.interviews.models import InterviewRequest, State
from apps.interviews.services import accept_request, complete_interview
from tests.accounts.matrix import World
from tests.factories import InterviewRequestFactory
from tests.interviews.conftest import PURPOSE, TIMES

NEW_YORK = ZoneInfo("America/New_York")


# --- Role-matrix arguments ---------------------------------------------------------------------


def own_request(world: World) -> list:
    """A request of the world's student, waiting for an answer."""
    return [InterviewRequestFactory(student=world.people[Role.STUDENT]).pk]


def own_started_interview(world: World) -> list:
    """A scheduled interview of the world's student that started an hour ago."""
    started = timezone.now() - timedelta(hours=1)
    request = InterviewRequestFactory(
        student=world.people[Role.STUDENT], state=State.SCHEDULED, scheduled_start=started
    )
    return [request.pk]


def own_held_interview(world: World) -> list:
    """An interview of the world's student, held yesterday."""
    held = timezone.now() - timedelta(days=1)
    request = InterviewRequestFactory(
        student=world.people[Role.STUDENT], state=State.COMPLETED, scheduled_start=held
    )
    return [request.pk]


def strangers_request(world: World) -> list:
    """Another student's interview, held yesterday (so every page would open for its owner)."""
    held = timezone.now() - timedelta(days=1)
    return [InterviewRequestFactory(state=State.COMPLETED, scheduled_start=held).pk]


# --- The request form --------------------------------------------------------------------------


def typed(moment: datetime, zone: ZoneInfo = NEW_YORK) -> str:
    """A moment as a datetime-local input holds it, on the given clock."""
    return moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def form_data(key: str = "4b1d2d3c-5f10-4c35-9b8c-6a4a1a3f0e11", **changes) -> dict:
    """What the request form posts when filled in well, for a student in New York."""
    data = {
        "purpose": PURPOSE,
        "own_question_1": "What does a normal week look like?",
        "own_question_2": "Which skills do you use most?",
        "format": "video",
        "minutes": "20",
        "times_0": typed(TIMES[0]),
        "times_1": typed(TIMES[1]),
        "times_2": "",
        "referred_by": "",
        "submission_key": key,
        "action": "send",
    }
    return data | changes


# --- Moving a request along --------------------------------------------------------------------


def schedule(request: InterviewRequest, volunteer) -> InterviewRequest:
    return accept_request(
        request=request, proposed_time=request.student_times()[0], actor=volunteer
    )


def hold(request: InterviewRequest, volunteer, clock) -> InterviewRequest:
    """Scheduled at its first time, then (the clock moved on) marked as held after it."""
    schedule(request, volunteer)
    clock.move_to(request.scheduled_start + timedelta(minutes=30))
    return complete_interview(request=request, actor=request.student)
