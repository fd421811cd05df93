"""The volunteer's side of interview requests: the inbox, one request, answers, email links.

Every time is shown on the volunteer's clock as the request recorded it
(`volunteer_time_zone`), the same clock as in the emails they receive.
"""

from collections.abc import Callable

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.accounts.access import public, role_required
from apps.accounts.models import Role, User
from apps.interviews import services, tokens
from apps.interviews.clock import show_date, show_time
from apps.interviews.inbox_forms import AcceptForm, CancelForm, DeclineForm, ProposeTimeForm
from apps.interviews.lifecycle import (
    TABLE,
    IllegalTransition,
    TransitionError,
    available_actions,
    explain_state,
)
from apps.interviews.models import (
    UNTOUCHED_FOR,
    Action,
    InterviewRequest,
    Party,
    ProposedTime,
    State,
)

ANSWER_FORMS = {
    Action.ACCEPT: AcceptForm,
    Action.PROPOSE_TIME: ProposeTimeForm,
    Action.DECLINE: DeclineForm,
    Action.CANCEL_BY_VOLUNTEER: CancelForm,
}
# A link that cannot be used: 400 when it is not a link to this (tampered, or for something
# else), 410 when it was one but is gone (expired, or already used).
LINK_PROBLEM_STATUS = {"tampered": 400, "mismatch": 400, "expired": 410, "used": 410}
# The link is fine but the request moved on (e.g. the student cancelled a moment ago).
MOVED_ON_STATUS = 409


def _get_request_for(user: User, pk: int) -> InterviewRequest:
    """Another volunteer's request does not exist, as far as this volunteer can tell."""
    requests = InterviewRequest.objects.for_volunteer(user).select_related(
        "student__student_profile", "profile", "thank_you", "suggested_profile"
    )
    return get_object_or_404(requests, pk=pk)


def _student_name(interview: InterviewRequest) -> str:
    # Never str(student): it falls back to the email address, which volunteers do not see.
    return interview.student.full_name or "the student"


# --- The inbox -------------------------------------------------------------------------------


@role_required(Role.ALUMNI)
@require_safe
def inbox(request: HttpRequest) -> HttpResponse:
    offers = ProposedTime.objects.filter(proposed_by=Party.VOLUNTEER).order_by("position")
    requests = (
        InterviewRequest.objects.for_volunteer(request.user)
        .select_related("student__student_profile", "thank_you")
        .prefetch_related(Prefetch("proposed_times", queryset=offers, to_attr="offers"))
        .order_by("created_at", "pk")
    )
    sections = {"waiting": [], "scheduled": [], "with_student": [], "past": []}
    for interview in requests:
        interview.when = _when(interview)
        sections[_section(interview)].append(interview)
    sections["scheduled"].sort(key=lambda interview: interview.scheduled_start)
    sections["past"].sort(key=lambda interview: interview.state_changed_at, reverse=True)
    context = {"sections": sections, "waiting_days": UNTOUCHED_FOR.days}
    return render(request, "inbox/inbox.html", context)


def _section(interview: InterviewRequest) -> str:
    return {
        State.REQUESTED: "waiting",
        State.SCHEDULED: "scheduled",
        State.TIME_PROPOSED: "with_student",
    }.get(interview.state, "past")


def _when(interview: InterviewRequest) -> str:
    """The moment that matters for the request's line in the inbox, on the volunteer's clock."""
    zone = interview.volunteer_time_zone
    if interview.state == State.TIME_PROPOSED and interview.offers:
        return "You proposed " + show_time(interview.offers[-1].starts_at, zone)
    if interview.scheduled_start and interview.state != State.REQUESTED:
        return show_time(interview.scheduled_start, zone)
    return "Received " + show_date(interview.created_at, zone)


# --- One request -----------------------------------------------------------------------------


@role_required(Role.ALUMNI)
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _get_request_for(request.user, pk))


def _detail_page(request, interview, *, bound=None, problem: str = "") -> HttpResponse:
    """The request page, with a form for each answer the volunteer can give now; `bound` is the
    form just posted (kept with what was typed and its errors), `problem` why it failed."""
    actions = available_actions(interview, request.user)
    if Action.DECLINE in actions:
        # Before the interview is on, calling it off is declining; cancel is for later.
        actions.remove(Action.CANCEL_BY_VOLUNTEER)
    forms = {
        action: bound if isinstance(bound, form_class) else form_class(interview=interview)
        for action, form_class in ANSWER_FORMS.items()
        if action in actions
    }
    zone = interview.volunteer_time_zone
    context = {
        "interview": interview,
        "student_name": _student_name(interview),
        "about": getattr(interview.student, "student_profile", None),
        "zone": zone,
        "times": [
            (show_time(time.starts_at, zone), time) for time in interview.proposed_times.all()
        ],
        "scheduled": show_time(interview.scheduled_start, zone)
        if interview.scheduled_start
        else "",
        "timeline": [
            (transition, _who(transition, interview), show_time(transition.at, zone))
            for transition in interview.transitions.all()
        ],
        "thanks": getattr(interview, "thank_you", None),
        "accept_form": forms.get(Action.ACCEPT),
        "propose_form": forms.get(Action.PROPOSE_TIME),
        "decline_form": forms.get(Action.DECLINE),
        "cancel_form": forms.get(Action.CANCEL_BY_VOLUNTEER),
        "can_record_no_show": Action.NO_SHOW in actions,
        "problem": problem,
    }
    return render(request, "inbox/detail.html", context)


def _who(transition, interview: InterviewRequest) -> str:
    if transition.via_link:
        return "You, from the email"
    if transition.actor_id is None:
        return "Spotlight"
    if transition.actor_id == interview.student_id:
        return interview.student.full_name or "The student"
    return "You"


# --- Answers: each a POST that calls one service and comes back to the request page ----------


@role_required(Role.ALUMNI)
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    def do(interview, data):
        services.accept_request(
            request=interview,
            proposed_time=data["time"],
            actor=request.user,
            meeting_details=data["meeting_details"],
        )

    return _answer(request, pk, Action.ACCEPT, do)


@role_required(Role.ALUMNI)
@require_POST
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    def do(interview, data):
        services.propose_time(request=interview, actor=request.user, **data)

    return _answer(request, pk, Action.PROPOSE_TIME, do)


@role_required(Role.ALUMNI)
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    def do(interview, data):
        services.decline_request(request=interview, actor=request.user, **data)

    return _answer(request, pk, Action.DECLINE, do)


@role_required(Role.ALUMNI)
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    def do(interview, data):
        services.cancel_request(request=interview, actor=request.user, note=data["note"])

    return _answer(request, pk, Action.CANCEL_BY_VOLUNTEER, do)


@role_required(Role.ALUMNI)
@require_POST
def no_show(request: HttpRequest, pk: int) -> HttpResponse:
    def do(interview, data):
        services.record_no_show(request=interview, actor=request.user)

    return _answer(request, pk, Action.NO_SHOW, do)


def _answer(request, pk: int, action: str, do: Callable) -> HttpResponse:
    interview = _get_request_for(request.user, pk)
    form_class = ANSWER_FORMS.get(action)
    form = form_class(request.POST, interview=interview) if form_class else None
    if form is not None and not form.is_valid():
        return _detail_page(request, interview, bound=form)
    try:
        do(interview, form.cleaned_data if form else {})
    except TransitionError as error:
        interview = _get_request_for(request.user, pk)
        # A double click: the first click did it, so answer as the first one did.
        is_repeat = isinstance(error, IllegalTransition) and _just_did(
            interview, request.user, action
        )
        if not is_repeat:
            return _refused(request, interview, form, error)
    messages.success(request, _done(interview, action))  # the service refreshed it
    return redirect("inbox:detail", pk)


def _refused(request, interview, form, error: TransitionError) -> HttpResponse:
    """The page again, with the reason next to the field it concerns, or on top of the page
    when the request moved on (the student cancelled a moment ago, say)."""
    if form is not None and error.field in form.fields:
        form.add_error(error.field, error.message)
        return _detail_page(request, interview, bound=form)
    return _detail_page(request, interview, problem=error.message)


def _just_did(interview: InterviewRequest, user: User, action: str) -> bool:
    last = interview.transitions.order_by("at", "pk").last()
    return last is not None and (last.action, last.actor_id, last.to_state) == (
        action,
        user.pk,
        interview.state,
    )


def _done(interview: InterviewRequest, action: str) -> str:
    name, zone = _student_name(interview), interview.volunteer_time_zone
    if action == Action.ACCEPT:
        when = show_time(interview.scheduled_start, zone)
        return f"You accepted: the interview with {name} is on {when}. We've emailed you both."
    if action == Action.PROPOSE_TIME:
        when = show_time(interview.latest_offer().starts_at, zone)
        return f"You proposed {when} to {name}. We'll email you when they confirm it."
    if action == Action.DECLINE:
        return f"You declined the request from {name}. We've let them know."
    if action == Action.CANCEL_BY_VOLUNTEER:
        return f"You cancelled the interview with {name}. We've let them know."
    return f"The interview with {name} is marked as missed."


# --- One-click links from the email ----------------------------------------------------------


@public
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reply(request: HttpRequest, token: str) -> HttpResponse:
    """A link from the request email. GET only asks to confirm (mail scanners open links);
    the POST does the one thing the link names, on its own request, once."""
    try:
        link = tokens.read_token(token)
    except tokens.LinkProblem as problem:
        return _link_problem(request, problem)
    blocker = _link_blocker(link)
    if blocker:
        return _link_page(request, "inbox/reply_moved_on.html", link, MOVED_ON_STATUS, blocker)
    is_decline = link.action == Action.DECLINE
    form = DeclineForm(request.POST or None, interview=link.request) if is_decline else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            services.reply_by_link(token=token, **(form.cleaned_data if form else {}))
        except tokens.LinkProblem as problem:
            return _link_problem(request, problem)
        except TransitionError as error:
            if form is None or error.field not in form.fields:
                status, message = MOVED_ON_STATUS, error.message
                return _link_page(request, "inbox/reply_moved_on.html", link, status, message)
            form.add_error(error.field, error.message)
        else:
            return _link_page(request, "inbox/reply_done.html", link)
    return _link_page(request, "inbox/reply.html", link, form=form)


def _link_blocker(link: tokens.Reply) -> str:
    """Why the link's action can no longer be taken, found before showing a button for it."""
    now = timezone.now()
    if (link.request.state, link.action) not in TABLE:
        return explain_state(link.request, link.action, now)
    if link.proposed_time is not None and link.proposed_time.starts_at <= now:
        return (
            "That time has already passed, so it can't be accepted now. Sign in to Spotlight "
            "to propose another time."
        )
    return ""


def _link_page(request, template: str, link, status: int = 200, problem: str = "", form=None):
    # Only what the email itself showed: the student's name, the ask and the time. (The
    # fields shown do not change with the answer, so the request as the link loaded it will do.)
    interview = link.request
    context = {
        "interview": interview,
        "is_accept": link.action == Action.ACCEPT,
        "student_name": _student_name(interview),
        "when": show_time(link.proposed_time.starts_at, interview.volunteer_time_zone)
        if link.proposed_time
        else "",
        "problem": problem,
        "form": form,
    }
    return render(request, template, context, status=status)


def _link_problem(request: HttpRequest, problem: tokens.LinkProblem) -> HttpResponse:
    status = LINK_PROBLEM_STATUS.get(problem.reason, 400)
    return render(request, "inbox/reply_problem.html", {"problem": problem}, status=status)
