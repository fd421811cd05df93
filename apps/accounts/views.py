import json

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST, require_safe

from apps.accounts import services
from apps.accounts.access import public, role_required, signed_in
from apps.accounts.forms import (
    AcceptInvitationForm,
    AlumniApplicationForm,
    DeleteAccountForm,
    InvitationForm,
    ProfileForm,
    ReviewForm,
)
from apps.accounts.models import AlumniApplication, Invitation, Role, normalize_email

HOME_BY_ROLE = {
    Role.STUDENT: "students:home",
    Role.ALUMNI: "directory:alumni_home",
    Role.ADVISOR: "advising:home",
    Role.STAFF: "accounts:staff_home",
}


@signed_in
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return redirect(HOME_BY_ROLE[request.user.role])


@signed_in
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {"full_name": user.full_name, "pronouns": user.pronouns, "time_zone": user.time_zone}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=user, **form.cleaned_data)
        messages.success(request, "Your settings are saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@signed_in
@require_safe
def export_data(request: HttpRequest) -> HttpResponse:
    data = services.export_account_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    filename = f"spotlight-account-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Everything kept about the person: no shared cache or browser cache may keep a copy.
    response["Cache-Control"] = "private, no-store"
    return response


@signed_in
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(user=request.user)
        logout(request)
        messages.success(request, "Your account has been deleted.")
        return redirect("core:landing")
    return render(request, "accounts/delete_account.html", {"form": form})


@public
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    if request.user.is_authenticated:
        return render(request, "accounts/invitation_signed_in.html", status=409)
    try:
        invitation = services.usable_invitation(token)
    except services.InvitationProblem as problem:
        return invitation_problem(request, problem)
    form = AcceptInvitationForm(
        request.POST or None, invitation=invitation, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                token=token,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationProblem as problem:
            return invitation_problem(request, problem)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("accounts:home")
    context = {"form": form, "invitation": invitation}
    return render(request, "accounts/accept_invitation.html", context)


def invitation_problem(request: HttpRequest, problem: services.InvitationProblem) -> HttpResponse:
    status = 404 if problem.reason == "unknown" else 410
    return render(request, "accounts/invitation_problem.html", {"problem": problem}, status=status)


TOO_MANY_OFFERS = (
    "This form has been sent too many times from this connection or for this email address "
    "in a short while, so this offer was not saved. Please try again tomorrow, or write to "
    "the career center."
)


@public
def apply(request: HttpRequest) -> HttpResponse:
    form = AlumniApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = normalize_email(form.cleaned_data["email"])
        if ratelimit.consume(request, action="volunteer_application", key=email):
            services.submit_application(fields=form.cleaned_data)
            return render(request, "accounts/apply_done.html")
        form.add_error(None, TOO_MANY_OFFERS)
        return render(request, "accounts/apply.html", {"form": form}, status=429)
    return render(request, "accounts/apply.html", {"form": form})


@role_required(Role.STAFF)
@require_safe
def staff_home(request: HttpRequest) -> HttpResponse:
    context = {"overview": services.staff_overview()}
    return render(request, "accounts/staff_home.html", context)


@role_required(Role.STAFF)
def invitations(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent = services.invite(invited_by=request.user, **form.cleaned_data)
        messages.success(request, _invitation_outcome(sent))
        return redirect("accounts:invitations")
    recent = Paginator(Invitation.objects.select_related("invited_by"), 25)
    page = recent.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "now": timezone.now(),
        "invitation_days": settings.SPOTLIGHT_INVITATION_DAYS,
    }
    return render(request, "accounts/invitations.html", context)


def _invitation_outcome(sent: services.SentInvitation) -> str:
    invitation = sent.invitation
    if not sent.is_refresh:
        return f"Invitation sent to {invitation.email}."
    first_sent = date_format(timezone.localtime(invitation.created_at), "j F Y")
    return (
        f"{invitation.email} was already invited on {first_sent}; we sent a fresh link. "
        "The earlier link no longer works."
    )


@role_required(Role.STAFF)
@require_safe
def applications(request: HttpRequest) -> HttpResponse:
    pending = AlumniApplication.objects.filter(status=AlumniApplication.Status.PENDING)
    reviewed = (
        AlumniApplication.objects.exclude(status=AlumniApplication.Status.PENDING)
        .select_related("reviewed_by")
        .order_by("-reviewed_at")[:20]
    )
    context = {"pending": pending, "reviewed": reviewed}
    return render(request, "accounts/applications.html", context)


@role_required(Role.STAFF)
@require_POST
def review_application(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(AlumniApplication, pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or decline.")
        return redirect("accounts:applications")
    if form.cleaned_data["decision"] == "approve":
        done = services.approve_application(application=application, reviewer=request.user)
        outcome = f"Approved {application.full_name}; an invitation is on its way."
    else:
        done = services.decline_application(application=application, reviewer=request.user)
        outcome = f"Declined {application.full_name}; they have been told by email."
    if done:
        messages.success(request, outcome)
    else:
        messages.info(request, "Someone else reviewed this application already.")
    return redirect("accounts:applications")
