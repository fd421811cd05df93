"""Writing interview requests: sending one, answering from an emailed link, expiring the stale.

The changes of state (accept, propose a time, confirm, decline, cancel, complete, no-show) are
services in lifecycle.py, imported here so that callers find every write in one module.
"""

import logging
import uuid
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.accounts.models import User
from apps.directory.models import SpotlightProfile
from apps.directory.services import count_request
from apps.interviews import emails, rules, tokens
from apps.interviews.clock import center_today
from apps.interviews.lifecycle import (
    IllegalTransition,
    accept_request,
    cancel_request,
    complete_interview,
    confirm_time,
    decline_request,
    expire_request,
    expiry_due,
    propose_time,
    record_no_show,
)
from apps.interviews.models import (
    Action,
    InterviewRequest,
    Party,
    ProposedTime,
    State,
    Transition,
)
from apps.interviews.rules import RequestRefused

__all__ = [
    "accept_request",
    "cancel_request",
    "complete_interview",
    "confirm_time",
    "decline_request",
    "expire_stale_requests",
    "propose_time",
    "record_no_show",
    "reply_by_link",
    "send_request",
]

logger = logging.getLogger(__name__)

EXPIRY_BATCH = 500


def send_request(
    *,
    student: User,
    profile: SpotlightProfile,
    purpose: str,
    questions: list[str],
    format: str,
    minutes: int,
    times: list[datetime],
    referred_by: str = "",
    may_mention_referrer: bool = False,
    submission_key: uuid.UUID,
    now: datetime | None = None,
) -> InterviewRequest:
    """Check every rule, then create the request and tell the volunteer, in one transaction.

    Raises RequestRefused with every problem. Sending the same form twice (the same
    `submission_key`) returns the request the first submission created.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # One student's submissions go one at a time (a double click, two tabs), so the
            # limits below are checked against everything they have already sent.
            User.objects.select_for_update().filter(pk=student.pk).first()
            existing = _submitted(student, submission_key)
            if existing is not None:
                return existing
            # And one volunteer's new requests one at a time, so two students cannot both
            # take the last place under the monthly cap.
            profile.refresh_from_db(from_queryset=SpotlightProfile.objects.select_for_update())
            check = rules.check_request(
                student=student,
                profile=profile,
                purpose=purpose,
                questions=questions,
                format=format,
                minutes=minutes,
                times=times,
                referred_by=referred_by,
                now=now,
            )
            if not check.is_ok:
                raise RequestRefused(check)
            return _create(
                student=student,
                profile=profile,
                purpose=purpose.strip(),
                questions=rules.clean_questions(questions),
                format=format,
                minutes=minutes,
                times=sorted(times),
                referred_by=" ".join(referred_by.split()),
                may_mention_referrer=may_mention_referrer and bool(referred_by.strip()),
                submission_key=submission_key,
                now=now,
            )
    except IntegrityError:
        # The database's last word on a race the locks above did not cover.
        existing = _submitted(student, submission_key)
        if existing is not None:
            return existing
        if InterviewRequest.objects.for_student(student).open().filter(profile=profile).exists():
            check = rules.Check()
            check.add(
                rules.NON_FIELD_ERRORS,
                f"You already have an open request with {profile.full_name}.",
            )
            raise RequestRefused(check) from None
        raise


def _submitted(student: User, submission_key: uuid.UUID) -> InterviewRequest | None:
    return InterviewRequest.objects.filter(student=student, submission_key=submission_key).first()


def _create(*, student, profile, times, now, **fields) -> InterviewRequest:
    request = InterviewRequest.objects.create(
        student=student,
        profile=profile,
        student_time_zone=rules.student_time_zone(student),
        volunteer_time_zone=rules.volunteer_time_zone(profile),
        created_at=now,
        updated_at=now,
        state_changed_at=now,
        **fields,
    )
    ProposedTime.objects.bulk_create(
        ProposedTime(
            request=request,
            starts_at=starts_at,
            proposed_by=Party.STUDENT,
            position=position,
            created_at=now,
        )
        for position, starts_at in enumerate(times)
    )
    Transition.objects.create(
        request=request, to_state=State.REQUESTED, action=Action.SEND, actor=student, at=now
    )
    count_request(profile.pk, center_today(now))
    emails.queue_request_received(request)
    return request


def reply_by_link(
    *,
    token: str,
    note: str = "",
    suggested_profile: SpotlightProfile | None = None,
    now: datetime | None = None,
) -> InterviewRequest:
    """Do what a one-click link in the volunteer's email says: accept its time, or decline.

    Raises a tokens.LinkProblem when the link cannot be used, and lifecycle's TransitionError
    when the request has moved on (e.g. the student cancelled it a moment ago); in both cases
    nothing changes and the link stays as it was.
    """
    with transaction.atomic():
        reply = tokens.read_token(token)
        tokens.mark_used(reply, now=now)
        if reply.action == Action.ACCEPT:
            return accept_request(
                request=reply.request, proposed_time=reply.proposed_time, link=reply, now=now
            )
        return decline_request(
            request=reply.request,
            link=reply,
            note=note,
            suggested_profile=suggested_profile,
            now=now,
        )


def expire_stale_requests(*, now: datetime | None = None) -> int:
    """Expire the requests that can no longer be answered; the periodic task calls this.

    Each request in a transaction of its own, so one that is answered during the scan is
    simply skipped. Returns how many expired.
    """
    now = now or timezone.now()
    due = (
        InterviewRequest.objects.filter(expiry_due(now))
        .select_related("student", "profile")
        .order_by("state_changed_at")[:EXPIRY_BATCH]
    )
    expired = 0
    for request in due:
        try:
            expire_request(request=request, now=now)
        except IllegalTransition:
            continue  # answered, cancelled or given a new time since the scan read it
        expired += 1
    if expired:
        logger.info("Expired %s interview requests.", expired)
    return expired
