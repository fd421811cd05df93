"""The student's side of interview requests: asking, following a request, and what comes after.

Every request is loaded through the signed-in student, so another student's is a 404. Times
are shown on the student's own clock (their time zone setting, else the career center's).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib import messages
from django.db.models import Case, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.accounts.access import role_required
from apps.accounts.models import Role
from apps.directory.models import SpotlightProfile
from apps.interviews import followup, rules, services
from apps.interviews.clock import center_today, place_of, show_time
from apps.interviews.forms import (
    CancelForm,
    ConfirmForm,
    NotesForm,
    ReferralForm,
    RequestForm,
    ThankYouForm,
)
from apps.interviews.lifecycle import TransitionError, available_actions
from apps.interviews.models import (
    OPEN_STATES,
    InterviewNote,
    InterviewRequest,
    Party,
    ProposedTime,
    State,
)
from apps.interviews.rules import RequestRefused

GET_OR_POST = ["GET", "HEAD", "POST"]


def _requests_of(student):
    return InterviewRequest.objects.for_student(student).select_related("profile")


def _get_request_for(student, pk: int) -> InterviewRequest:
    """Another student's request does not exist, as far as this student can tell."""
    return get_object_or_404(_requests_of(student), pk=pk)


# --- Asking -----------------------------------------------------------------------------------


@role_required(Role.STUDENT)
@require_http_methods(GET_OR_POST)
def new_request(request: HttpRequest, profile_pk: int) -> HttpResponse:
    published = SpotlightProfile.objects.filter(is_published=True).with_availability(center_today())
    profile = get_object_or_404(published, pk=profile_pk)
    if request.method != "POST":  # a send that meets an open request is refused by the rules
        asked = _requests_of(request.user).open().filter(profile=profile).first()
        if asked is not None:
            messages.info(
                request, f"You have already asked {profile.full_name}: here is your request."
            )
            return redirect("interviews:detail", asked.pk)
    form = RequestForm(request.POST or None, student=request.user, profile=profile)
    preview = None
    if request.method == "POST" and form.is_valid():
        if form.already_sent is not None:  # the same form sent twice
            return redirect("interviews:detail", form.already_sent.pk)
        if request.POST.get("action") == "preview":
            preview = form.preview()
        else:
            try:
                sent = services.send_request(
                    student=request.user, profile=profile, **form.request_fields()
                )
            except RequestRefused as refused:
                form.refuse(refused.check)
            else:
                messages.success(request, f"Your request is on its way to {profile.full_name}.")
                for warning in form.warnings:
                    messages.warning(request, warning)
                return redirect("interviews:detail", sent.pk)
    context = {
        "form": form,
        "profile": profile,
        "first": rules.volunteer_first_name(profile),
        "preview": preview,
        "zone": form.zone,
        "place": place_of(form.zone),
    }
    return render(request, "interviews/new_request.html", context)


# --- Following requests -----------------------------------------------------------------------


@dataclass
class Summary:
    """What the student needs to know about a request at a glance."""

    request: InterviewRequest
    when_label: str = ""
    times: list[str] = field(default_factory=list)
    next_step: str = ""
    offer: ProposedTime | None = None  # the volunteer's time, for the student to confirm


def summarise(interview: InterviewRequest, zone: str, now: datetime) -> Summary:
    """From prefetched proposed times, so a list of requests costs no query per request."""
    name = rules.volunteer_first_name(interview.profile)
    theirs = [t for t in interview.proposed_times.all() if t.proposed_by == Party.VOLUNTEER]
    summary = Summary(interview)
    state = interview.state
    if state == State.REQUESTED:
        summary.when_label = "Times you offered"
        summary.times = [show_time(t.starts_at, zone) for t in interview.student_times()]
        summary.next_step = f"Waiting for {name} to choose one of your times or propose another."
    elif state == State.TIME_PROPOSED and theirs:
        summary.when_label = f"Time {name} proposed"
        summary.offer = theirs[-1]
        summary.times = [show_time(summary.offer.starts_at, zone)]
        summary.next_step = f"Confirm the time {name} proposed, or cancel the request."
    elif interview.scheduled_start is not None and state in (
        State.SCHEDULED,
        State.COMPLETED,
        State.NO_SHOW,
    ):
        summary.when_label = {
            State.SCHEDULED: "Scheduled for",
            State.COMPLETED: "Held on",
            State.NO_SHOW: "Planned for",
        }[state]
        summary.times = [show_time(interview.scheduled_start, zone)]
        summary.next_step = _after_scheduling(interview, name, now)
    elif state == State.DECLINED:
        summary.next_step = "Ask someone else from the directory."
    return summary


def _after_scheduling(interview: InterviewRequest, name: str, now: datetime) -> str:
    if interview.state == State.SCHEDULED and interview.scheduled_start > now:
        return "Prepare your questions and a short introduction of yourself."
    if interview.state == State.SCHEDULED:
        return "Mark the conversation as held, or as missed."
    if interview.state == State.COMPLETED and not hasattr(interview, "thank_you"):
        return f"Send {name} your thank-you note, ideally within a day or two."
    if interview.state == State.COMPLETED:
        return "Stay in touch: let them know how their advice worked out."
    return ""


@role_required(Role.STUDENT)
@require_safe
def request_list(request: HttpRequest) -> HttpResponse:
    zone, now = rules.student_time_zone(request.user), timezone.now()
    interviews = (
        _requests_of(request.user)
        .select_related("thank_you")
        .prefetch_related("proposed_times")
        .annotate(open_first=Case(When(state__in=OPEN_STATES, then=Value(0)), default=Value(1)))
        .order_by("open_first", "-state_changed_at", "-pk")
    )
    summaries = [summarise(interview, zone, now) for interview in interviews]
    context = {
        "open": [s for s in summaries if s.request.is_open()],
        "past": [s for s in summaries if not s.request.is_open()],
        "place": place_of(zone),
    }
    return render(request, "interviews/request_list.html", context)


@role_required(Role.STUDENT)
@require_safe
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(
        _requests_of(request.user)
        .select_related("suggested_profile", "student_note", "thank_you")
        .prefetch_related("proposed_times", "transitions", "referrals"),
        pk=pk,
    )
    zone, now = rules.student_time_zone(request.user), timezone.now()
    context = {
        "interview": interview,
        "summary": summarise(interview, zone, now),
        "student_times": [show_time(t.starts_at, zone) for t in interview.student_times()],
        "actions": available_actions(interview, request.user, now),
        "timeline": _timeline(interview, request.user),
        "cancel_form": CancelForm(),
        "place": place_of(zone),
        # Set when the volunteer accepts or proposes a time; of no use once it is called off.
        "meeting_details": interview.meeting_details
        if interview.state in (State.TIME_PROPOSED, State.SCHEDULED, State.COMPLETED)
        else "",
    }
    return render(request, "interviews/request_detail.html", context)


def _timeline(interview: InterviewRequest, student) -> list[dict]:
    """Each change of state, and who made it, in words."""
    volunteer = interview.profile.full_name
    rows = []
    for step in interview.transitions.all():
        if step.actor_id == student.pk:
            who = "You"
        elif step.via_link:
            who = f"{volunteer}, from the email"
        elif step.actor_id is not None:
            who = volunteer
        else:
            who = "Spotlight"
        rows.append({"step": step, "who": who})
    return rows


# --- Acting on a request ------------------------------------------------------------------------


def _act(
    request: HttpRequest,
    interview: InterviewRequest,
    change: Callable,
    done: str | Callable[[InterviewRequest], str],
):
    """Make one change of state; if it can no longer be made, say why instead of failing.

    `done` is the success message, or makes it from the request as the change left it."""
    try:
        changed = change()
    except TransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done(changed) if callable(done) else done)
    return redirect("interviews:detail", interview.pk)


@role_required(Role.STUDENT)
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _get_request_for(request.user, pk)
    form = ConfirmForm(request.POST, interview=interview)
    if not form.is_valid():
        messages.error(request, "That time is no longer on offer. Here is the request as it is.")
        return redirect("interviews:detail", interview.pk)
    return _act(
        request,
        interview,
        lambda: services.confirm_time(
            request=interview, actor=request.user, proposed_time=form.cleaned_data["time"]
        ),
        f"You confirmed the time. {interview.profile.full_name} has been told.",
    )


@role_required(Role.STUDENT)
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _get_request_for(request.user, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["note"][0])
        return redirect("interviews:detail", interview.pk)
    return _act(
        request,
        interview,
        lambda: services.cancel_request(
            request=interview, actor=request.user, note=form.cleaned_data["note"]
        ),
        lambda cancelled: (
            f"The request is withdrawn. {interview.profile.full_name} is not emailed about it "
            "again."
            if cancelled.is_withdrawn_in_grace
            else f"The request is cancelled. {interview.profile.full_name} has been told."
        ),
    )


@role_required(Role.STUDENT)
@require_POST
def complete(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _get_request_for(request.user, pk)
    done = "Marked as held. Note what you learned while it is fresh, then send your thanks."
    change = lambda: followup.record_held(request=interview, actor=request.user)  # noqa: E731
    return _act(request, interview, change, done)


@role_required(Role.STUDENT)
@require_POST
def no_show(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _get_request_for(request.user, pk)
    change = lambda: services.record_no_show(request=interview, actor=request.user)  # noqa: E731
    return _act(request, interview, change, "Marked as missed.")


# --- After the conversation ---------------------------------------------------------------------


def _not_yet(request: HttpRequest, interview: InterviewRequest, step: str) -> HttpResponse | None:
    try:
        followup.ensure_open(interview, step)
    except followup.FollowUpError as error:
        messages.info(request, error.message)
        return redirect("interviews:detail", interview.pk)
    return None


@role_required(Role.STUDENT)
@require_http_methods(GET_OR_POST)
def notes(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _get_request_for(request.user, pk)
    if closed := _not_yet(request, interview, followup.NOTES):
        return closed
    note = InterviewNote.objects.filter(request=interview).first()
    form = NotesForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        followup.save_notes(request=interview, **form.cleaned_data)
        messages.success(request, "Your notes are saved.")
        return redirect("interviews:detail", interview.pk)
    return render(request, "interviews/notes.html", {"form": form, "interview": interview})


@role_required(Role.STUDENT)
@require_http_methods(GET_OR_POST)
def add_referral(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _get_request_for(request.user, pk)
    if closed := _not_yet(request, interview, followup.REFERRAL):
        return closed
    form = ReferralForm(request.POST or None, interview=interview)
    if request.method == "POST" and form.is_valid():
        try:
            contact = followup.add_referral(request=interview, **form.cleaned_data)
        except followup.FollowUpError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"{contact.name} is in your networking log.")
            return redirect("interviews:detail", interview.pk)
    return render(request, "interviews/add_referral.html", {"form": form, "interview": interview})


@role_required(Role.STUDENT)
@require_http_methods(GET_OR_POST)
def thank_you(request: HttpRequest, pk: int) -> HttpResponse:
    interview = get_object_or_404(_requests_of(request.user).select_related("thank_you"), pk=pk)
    sent = getattr(interview, "thank_you", None)
    if sent is not None and request.method == "POST":
        messages.info(request, "You have already sent your thank-you note.")
        return redirect("interviews:detail", interview.pk)
    if sent is None and (closed := _not_yet(request, interview, followup.THANK_YOU)):
        return closed
    starter = {"body": followup.thank_you_starter(interview)} if request.method != "POST" else {}
    form = ThankYouForm(request.POST or None, initial=starter)
    if request.method == "POST" and form.is_valid():
        try:
            followup.send_thank_you(request=interview, body=form.cleaned_data["body"])
        except followup.FollowUpError as error:
            messages.info(request, error.message)
        else:
            name = rules.volunteer_first_name(interview.profile)
            messages.success(request, f"Your thank-you note is on its way to {name}.")
        return redirect("interviews:detail", interview.pk)
    context = {"form": form, "interview": interview, "sent": sent}
    return render(request, "interviews/thank_you.html", context)
