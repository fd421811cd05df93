"""What the volunteer's pages need beyond the lifecycle services."""

from apps.accounts.models import User
from apps.interviews.models import InterviewRequest, State


def waiting_count(volunteer: User) -> int:
    """How many requests wait for this volunteer's answer (for the link on their home page)."""
    return InterviewRequest.objects.for_volunteer(volunteer).filter(state=State.REQUESTED).count()
