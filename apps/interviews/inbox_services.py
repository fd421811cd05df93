"""The volunteer's answers that carry more than the lifecycle services take: how to meet.

`meeting_details` belongs to the answer (accept, or propose another time), but the lifecycle
services have no parameter for it; these write it in the same transaction as the change, so a
refused answer leaves no half of itself behind.
"""

from datetime import datetime

from django.db import transaction

from apps.accounts.models import User
from apps.interviews.lifecycle import accept_request, propose_time
from apps.interviews.models import InterviewRequest, ProposedTime, State


def accept_with_details(
    *,
    request: InterviewRequest,
    proposed_time: ProposedTime,
    actor: User,
    meeting_details: str = "",
    now: datetime | None = None,
) -> InterviewRequest:
    """Accept one of the student's times, saying how to meet (a phone number, a link, a place).

    The details are written first, so that the emails and the calendar invite queued by the
    accept already carry them; the conditional update also takes the row lock the accept needs.
    """
    with transaction.atomic():
        _write_details(request, meeting_details)
        return accept_request(request=request, proposed_time=proposed_time, actor=actor, now=now)


def propose_with_details(
    *,
    request: InterviewRequest,
    actor: User,
    starts_at: datetime,
    note: str = "",
    meeting_details: str = "",
    now: datetime | None = None,
) -> ProposedTime:
    """Propose another time; the details travel with it to the invite once the student confirms."""
    with transaction.atomic():
        _write_details(request, meeting_details)
        return propose_time(request=request, actor=actor, starts_at=starts_at, note=note, now=now)


def _write_details(request: InterviewRequest, meeting_details: str) -> None:
    details = " ".join(meeting_details.split())
    if not details:
        return  # keep what was said before (e.g. when only the time moves)
    # Only in the state the volunteer saw: if the request moved on, the service after this
    # raises StaleRequest and the transaction takes this update back anyway.
    InterviewRequest.objects.filter(pk=request.pk, state=request.state).update(
        meeting_details=details
    )
    request.meeting_details = details


def waiting_count(volunteer: User) -> int:
    """How many requests wait for this volunteer's answer (for the link on their home page)."""
    return InterviewRequest.objects.for_volunteer(volunteer).filter(state=State.REQUESTED).count()
