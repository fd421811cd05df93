"""The interview request's state machine: one table, and one service per action.

    requested ──accept──────────> scheduled ──complete──> completed
        │  └──propose_time──> time_proposed ──confirm_time──┘    └──no_show──> no_show
        │                        ^      scheduled ──propose_time──┘
        ├──decline (also from time_proposed)──> declined
        ├──expire (also from time_proposed)──> expired
        └──cancel by student / by volunteer (from any open state)──> cancelled_by_*

Every service does the change as one conditional UPDATE (`WHERE pk = … AND state = <the state
the caller saw>`), so of two people acting at once exactly one wins; the other gets a
StaleRequest that says what happened. In the same transaction it writes the Transition row
(the request's timeline) and queues the emails. An attempt that is not allowed changes nothing
and sends nothing.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.utils import timezone

from apps.accounts.models import User
from apps.directory.models import SpotlightProfile
from apps.directory.services import uncount_request
from apps.interviews import emails
from apps.interviews.clock import center_today, show_date
from apps.interviews.models import (
    UNTOUCHED_FOR,
    Action,
    InterviewRequest,
    Party,
    ProposedTime,
    State,
    Transition,
)
from apps.interviews.tokens import LinkMismatch, Reply

SYSTEM = "system"

TABLE: dict[tuple[str, str], str] = {
    (State.REQUESTED, Action.ACCEPT): State.SCHEDULED,
    (State.REQUESTED, Action.PROPOSE_TIME): State.TIME_PROPOSED,
    (State.SCHEDULED, Action.PROPOSE_TIME): State.TIME_PROPOSED,
    (State.TIME_PROPOSED, Action.CONFIRM_TIME): State.SCHEDULED,
    (State.REQUESTED, Action.DECLINE): State.DECLINED,
    (State.TIME_PROPOSED, Action.DECLINE): State.DECLINED,
    (State.REQUESTED, Action.CANCEL_BY_STUDENT): State.CANCELLED_BY_STUDENT,
    (State.TIME_PROPOSED, Action.CANCEL_BY_STUDENT): State.CANCELLED_BY_STUDENT,
    (State.SCHEDULED, Action.CANCEL_BY_STUDENT): State.CANCELLED_BY_STUDENT,
    (State.REQUESTED, Action.CANCEL_BY_VOLUNTEER): State.CANCELLED_BY_VOLUNTEER,
    (State.TIME_PROPOSED, Action.CANCEL_BY_VOLUNTEER): State.CANCELLED_BY_VOLUNTEER,
    (State.SCHEDULED, Action.CANCEL_BY_VOLUNTEER): State.CANCELLED_BY_VOLUNTEER,
    (State.REQUESTED, Action.EXPIRE): State.EXPIRED,
    (State.TIME_PROPOSED, Action.EXPIRE): State.EXPIRED,
    (State.SCHEDULED, Action.COMPLETE): State.COMPLETED,
    (State.SCHEDULED, Action.NO_SHOW): State.NO_SHOW,
}

# Who may take each action. Either person may record that the other did not turn up.
WHO: dict[str, frozenset[str]] = {
    Action.ACCEPT: frozenset({Party.VOLUNTEER}),
    Action.PROPOSE_TIME: frozenset({Party.VOLUNTEER}),
    Action.CONFIRM_TIME: frozenset({Party.STUDENT}),
    Action.DECLINE: frozenset({Party.VOLUNTEER}),
    Action.CANCEL_BY_STUDENT: frozenset({Party.STUDENT}),
    Action.CANCEL_BY_VOLUNTEER: frozenset({Party.VOLUNTEER}),
    Action.EXPIRE: frozenset({SYSTEM}),
    Action.COMPLETE: frozenset({Party.STUDENT}),
    Action.NO_SHOW: frozenset({Party.STUDENT, Party.VOLUNTEER}),
}

# A volunteer's counter-proposal must leave the student time to see it.
PROPOSAL_NOTICE = timedelta(hours=2)

_WAITING = {
    State.REQUESTED: "is still waiting for the volunteer's answer",
    State.TIME_PROPOSED: "is waiting for the student to confirm the time the volunteer proposed",
}
_HAPPENED = {
    State.SCHEDULED: "was scheduled",
    State.DECLINED: "was declined by the volunteer",
    State.EXPIRED: "expired without an answer",
    State.CANCELLED_BY_STUDENT: "was cancelled by the student",
    State.CANCELLED_BY_VOLUNTEER: "was cancelled by the volunteer",
    State.COMPLETED: "was marked as held",
    State.NO_SHOW: "was marked as missed",
}
_DOING = {
    Action.ACCEPT: "accepted",
    Action.PROPOSE_TIME: "given a new time",
    Action.CONFIRM_TIME: "confirmed",
    Action.DECLINE: "declined",
    Action.CANCEL_BY_STUDENT: "cancelled",
    Action.CANCEL_BY_VOLUNTEER: "cancelled",
    Action.EXPIRE: "expired",
    Action.COMPLETE: "marked as held",
    Action.NO_SHOW: "marked as missed",
}


class TransitionError(Exception):
    """A change that cannot be made, with a message for the person who tried.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class IllegalTransition(TransitionError):
    """The action is not possible in the state the request is in."""


class StaleRequest(IllegalTransition):
    """Someone changed the request between the caller loading it and acting on it."""


class NotAllowed(TransitionError):
    """This person may not take this action on this request."""


class InvalidChoice(TransitionError):
    """The action is possible, but not with this time or this suggestion."""


def reachable_states() -> set[str]:
    reached, frontier = {State.REQUESTED}, [State.REQUESTED]
    while frontier:
        state = frontier.pop()
        for (source, _), target in TABLE.items():
            if source == state and target not in reached:
                reached.add(target)
                frontier.append(target)
    return reached


def party_of(request: InterviewRequest, user: User | None) -> str | None:
    """Which side of the request this person is on, or None if neither."""
    if user is None:
        return None
    if user.pk == request.student_id:
        return Party.STUDENT
    if request.profile.user_id is not None and user.pk == request.profile.user_id:
        return Party.VOLUNTEER
    return None


def available_actions(
    request: InterviewRequest, user: User, now: datetime | None = None
) -> list[str]:
    """The actions this person can take on the request now: the buttons a page should show."""
    now = now or timezone.now()
    party = party_of(request, user)
    return [
        action
        for (state, action) in TABLE
        if state == request.state
        and party in WHO[action]
        and (action not in (Action.COMPLETE, Action.NO_SHOW) or request.scheduled_start <= now)
    ]


def explain_state(request: InterviewRequest, action: str, now: datetime | None = None) -> str:
    """Why the action cannot be taken in the request's current state, for the person trying."""
    now = now or timezone.now()
    if request.state in _WAITING:
        news = _WAITING[request.state]
    else:
        ago = now - request.state_changed_at
        when = (
            "a moment ago"
            if ago < timedelta(minutes=10)
            else f"on {show_date(request.state_changed_at, settings.TIME_ZONE)}"
        )
        news = f"{_HAPPENED[request.state]} {when}"
    return f"This request {news}, so it can't be {_DOING[action]} now."


# --- The services ----------------------------------------------------------------------------


def accept_request(
    *,
    request: InterviewRequest,
    proposed_time: ProposedTime,
    actor: User | None = None,
    link: Reply | None = None,
    meeting_details: str = "",
    now: datetime | None = None,
) -> InterviewRequest:
    """The volunteer accepts one of the student's times, optionally saying how to meet (a phone
    number, a link, a place): the interview is scheduled."""
    now = now or timezone.now()
    step = _prepare(request, Action.ACCEPT, actor=actor, link=link, now=now)
    if link is not None and (
        link.proposed_time is None or link.proposed_time.pk != proposed_time.pk
    ):
        raise LinkMismatch("This link accepts a different time. Use the link next to the time.")
    if proposed_time.request_id != request.pk or proposed_time.proposed_by != Party.STUDENT:
        raise InvalidChoice("Choose one of the times the student offered.", field="time")
    if proposed_time.starts_at <= now:
        raise InvalidChoice(
            "That time has already passed. Propose another time to the student instead.",
            field="time",
        )
    with transaction.atomic():
        _apply(
            request,
            step,
            now=now,
            fields={
                "scheduled_start": proposed_time.starts_at,
                "calendar_sequence": _sequence_when_scheduling(),
                **_how_to_meet(meeting_details),
            },
        )
        emails.queue_scheduled(request, accepted=True)
    return request


def propose_time(
    *,
    request: InterviewRequest,
    actor: User,
    starts_at: datetime,
    note: str = "",
    meeting_details: str = "",
    now: datetime | None = None,
) -> ProposedTime:
    """The volunteer offers another time (instead of the student's, or to move the interview),
    optionally saying how to meet then; the student has to confirm it."""
    now = now or timezone.now()
    step = _prepare(request, Action.PROPOSE_TIME, actor=actor, link=None, now=now)
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be an aware datetime.")
    if starts_at < now + PROPOSAL_NOTICE:
        raise InvalidChoice(
            "Propose a time at least two hours from now, so the student can see it in time.",
            field="starts_at",
        )
    if request.state == State.SCHEDULED and starts_at == request.scheduled_start:
        raise InvalidChoice("That is the time already agreed.", field="starts_at")
    note = note.strip()
    fields = _how_to_meet(meeting_details)
    if request.state == State.SCHEDULED:
        # The invite already sent changes: calendars need a higher SEQUENCE to notice.
        fields["calendar_sequence"] = F("calendar_sequence") + 1
    with transaction.atomic():
        _apply(request, step, now=now, fields=fields, note=note)
        # The UPDATE above holds the request's row lock, so no other proposal can take the
        # same position.
        last = request.proposed_times.order_by("-position").values_list("position", flat=True)
        offer = ProposedTime.objects.create(
            request=request,
            starts_at=starts_at,
            proposed_by=Party.VOLUNTEER,
            position=(last.first() or 0) + 1,
            created_at=now,
        )
        emails.queue_time_proposed(request, offer, note=note, moving=step.old == State.SCHEDULED)
    return offer


def confirm_time(
    *,
    request: InterviewRequest,
    actor: User,
    proposed_time: ProposedTime,
    now: datetime | None = None,
) -> InterviewRequest:
    """The student agrees to the volunteer's latest proposal: the interview is scheduled."""
    now = now or timezone.now()
    step = _prepare(request, Action.CONFIRM_TIME, actor=actor, link=None, now=now)
    if proposed_time.request_id != request.pk or proposed_time.proposed_by != Party.VOLUNTEER:
        raise InvalidChoice("Confirm the time the volunteer proposed.", field="time")
    if proposed_time.starts_at <= now:
        raise InvalidChoice(
            "That time has already passed. Ask the volunteer for another one, or cancel.",
            field="time",
        )
    # The student must be confirming what they were shown: if the volunteer proposed again
    # in between, the update matches no row.
    newer = ProposedTime.objects.filter(request=OuterRef("pk"), position__gt=proposed_time.position)
    with transaction.atomic():
        _apply(
            request,
            step,
            now=now,
            fields={
                "scheduled_start": proposed_time.starts_at,
                "calendar_sequence": _sequence_when_scheduling(),
            },
            condition=~Exists(newer),
            unmet=StaleRequest(
                "The volunteer has proposed a different time since you opened this page. "
                "Reload it to see the new time."
            ),
        )
        emails.queue_scheduled(request, accepted=False)
    return request


def decline_request(
    *,
    request: InterviewRequest,
    actor: User | None = None,
    link: Reply | None = None,
    note: str = "",
    suggested_profile: SpotlightProfile | None = None,
    now: datetime | None = None,
) -> InterviewRequest:
    """The volunteer says no, with an optional note and someone else the student could ask."""
    now = now or timezone.now()
    step = _prepare(request, Action.DECLINE, actor=actor, link=link, now=now)
    if suggested_profile is not None:
        own = suggested_profile.user_id is not None and (
            suggested_profile.user_id == request.student_id
        )
        if suggested_profile.pk == request.profile_id or own:
            raise InvalidChoice(
                "Suggest someone other than yourself and the student.", field="suggested_profile"
            )
        if not suggested_profile.is_published:
            raise InvalidChoice(
                "Suggest someone listed in the directory, so the student can find them.",
                field="suggested_profile",
            )
    note = note.strip()
    with transaction.atomic():
        _apply(
            request,
            step,
            now=now,
            fields={"decline_note": note, "suggested_profile": suggested_profile},
            note=note,
        )
        emails.queue_declined(request)
    return request


def cancel_request(
    *, request: InterviewRequest, actor: User, note: str = "", now: datetime | None = None
) -> InterviewRequest:
    """Either person calls the interview off while it is open.

    A student who cancels soon after sending, before the volunteer answered, withdraws the
    request quietly: it gives back its place under the volunteer's monthly cap, and the
    volunteer, who has only the request's email, gets no second one. Otherwise a student
    could send and cancel until the volunteer showed as full, filling their inbox on the way.
    """
    now = now or timezone.now()
    party = party_of(request, actor)
    action = Action.CANCEL_BY_VOLUNTEER if party == Party.VOLUNTEER else Action.CANCEL_BY_STUDENT
    step = _prepare(request, action, actor=actor, link=None, now=now)
    # The UPDATE matches only the state the student saw, so an answer that arrived in between
    # makes this a StaleRequest rather than a quiet withdrawal of an answered request.
    quietly = party == Party.STUDENT and request.can_withdraw_quietly(now)
    fields = {"is_withdrawn_in_grace": quietly}
    if request.state == State.SCHEDULED:
        fields["calendar_sequence"] = F("calendar_sequence") + 1
    note = note.strip()
    with transaction.atomic():
        _apply(request, step, now=now, fields=fields, note=note)
        if quietly:
            uncount_request(
                request.profile_id,
                sent_on=center_today(request.created_at),
                today=center_today(now),
            )
        emails.queue_cancelled(request, by=party, note=note, was=step.old)
    return request


def complete_interview(
    *, request: InterviewRequest, actor: User, now: datetime | None = None
) -> InterviewRequest:
    """The student records that the interview took place."""
    return _after_start(request, Action.COMPLETE, actor=actor, now=now)


def record_no_show(
    *, request: InterviewRequest, actor: User, now: datetime | None = None
) -> InterviewRequest:
    """Either person records that the other did not turn up."""
    return _after_start(request, Action.NO_SHOW, actor=actor, now=now)


def expire_request(*, request: InterviewRequest, now: datetime | None = None) -> InterviewRequest:
    """Close a request nobody moved forward in time (see `expiry_due`); the student is told."""
    now = now or timezone.now()
    step = _prepare(request, Action.EXPIRE, actor=None, link=None, now=now)
    with transaction.atomic():
        _apply(
            request,
            step,
            now=now,
            condition=expiry_due(now),
            unmet=IllegalTransition("This request is still within its time to be answered."),
        )
        emails.queue_expired(request, was=step.old)
    return request


def expiry_due(now: datetime) -> Q:
    """Waiting requests that can no longer go anywhere: untouched for UNTOUCHED_FOR, or every
    time the other person could still choose is in the past."""
    student_time_ahead = ProposedTime.objects.filter(
        request=OuterRef("pk"), proposed_by=Party.STUDENT, starts_at__gt=now
    )
    later_offer = ProposedTime.objects.filter(
        request=OuterRef("request"), position__gt=OuterRef("position")
    )
    latest_offer_ahead = ProposedTime.objects.filter(
        ~Exists(later_offer),
        request=OuterRef("pk"),
        proposed_by=Party.VOLUNTEER,
        starts_at__gt=now,
    )
    return Q(state__in=[State.REQUESTED, State.TIME_PROPOSED]) & (
        Q(state_changed_at__lte=now - UNTOUCHED_FOR)
        | (Q(state=State.REQUESTED) & ~Exists(student_time_ahead))
        | (Q(state=State.TIME_PROPOSED) & ~Exists(latest_offer_ahead))
    )


# --- The one way a state changes -------------------------------------------------------------


@dataclass(frozen=True)
class _Step:
    action: str
    old: str
    new: str
    actor: User | None
    via_link: bool


def _prepare(
    request: InterviewRequest,
    action: str,
    *,
    actor: User | None,
    link: Reply | None,
    now: datetime,
) -> _Step:
    """Check who is acting, then whether the action exists from the state the caller saw."""
    if link is not None:
        if actor is not None:
            raise ValueError("A change is made either by a signed-in person or by a link.")
        if link.request.pk != request.pk or link.action != action:
            raise LinkMismatch("This link is for a different request or action.")
        party = Party.VOLUNTEER  # only volunteers receive reply links
    elif actor is None:
        party = SYSTEM
    else:
        party = party_of(request, actor)
        if party is None:
            raise NotAllowed("This request is between another student and volunteer.")
    if party not in WHO[action]:
        raise NotAllowed(_who_may(action))
    new = TABLE.get((request.state, action))
    if new is None:
        # A link was sent while the request waited for an answer: if the action is no longer
        # possible, the request moved on after the email, which is what StaleRequest means.
        error = StaleRequest if link is not None else IllegalTransition
        raise error(explain_state(request, action, now))
    return _Step(action, request.state, new, actor, link is not None)


def _apply(
    request: InterviewRequest,
    step: _Step,
    *,
    now: datetime,
    fields: dict | None = None,
    note: str = "",
    condition: Q | None = None,
    unmet: TransitionError | None = None,
) -> Transition:
    """The conditional UPDATE and its Transition row; call inside the service's transaction."""
    rows = InterviewRequest.objects.filter(pk=request.pk, state=step.old)
    if condition is not None:
        rows = rows.filter(condition)
    changed = rows.update(state=step.new, state_changed_at=now, updated_at=now, **(fields or {}))
    if changed != 1:
        current = InterviewRequest.objects.get(pk=request.pk)
        if current.state == step.old and unmet is not None:
            raise unmet
        raise StaleRequest(explain_state(current, step.action, now))
    transition = Transition.objects.create(
        request=request,
        from_state=step.old,
        to_state=step.new,
        action=step.action,
        actor=step.actor,
        via_link=step.via_link,
        note=note,
        at=now,
    )
    # With the people the emails that follow address, which a plain refresh would forget.
    people = InterviewRequest.objects.select_related("student", "profile", "suggested_profile")
    request.refresh_from_db(from_queryset=people)
    return transition


def _after_start(
    request: InterviewRequest, action: str, *, actor: User, now: datetime | None
) -> InterviewRequest:
    now = now or timezone.now()
    step = _prepare(request, action, actor=actor, link=None, now=now)
    if request.scheduled_start > now:
        raise IllegalTransition(
            f"The interview has not started yet, so it can't be {_DOING[action]}. "
            "Come back after it."
        )
    with transaction.atomic():
        _apply(
            request,
            step,
            now=now,
            condition=Q(scheduled_start__lte=now),
            unmet=IllegalTransition("The interview was moved and has not started yet."),
        )
    return request


def _how_to_meet(meeting_details: str) -> dict:
    """The volunteer's word on how to meet, if they gave one; empty keeps what they said before
    (e.g. when only the time moves)."""
    details = " ".join(meeting_details.split())
    return {"meeting_details": details} if details else {}


def _sequence_when_scheduling() -> Case:
    """Keep SEQUENCE 0 for the first time an interview is scheduled; any later scheduling
    changes an invite already sent. (SQL reads the old scheduled_start here.)"""
    return Case(
        When(scheduled_start__isnull=True, then=F("calendar_sequence")),
        default=F("calendar_sequence") + 1,
    )


def _who_may(action: str) -> str:
    return {
        Action.ACCEPT: "Only the volunteer who was asked can accept this request.",
        Action.PROPOSE_TIME: "Only the volunteer who was asked can propose another time.",
        Action.CONFIRM_TIME: "Only the student who sent this request can confirm a new time.",
        Action.DECLINE: "Only the volunteer who was asked can decline this request.",
        Action.CANCEL_BY_STUDENT: "Only the student or the volunteer can cancel this request.",
        Action.CANCEL_BY_VOLUNTEER: "Only the student or the volunteer can cancel this request.",
        Action.EXPIRE: "Requests expire on their own; nobody can expire one by hand.",
        Action.COMPLETE: "Only the student can mark the interview as held.",
        Action.NO_SHOW: "Only the student and the volunteer can mark the interview as missed.",
    }[action]
