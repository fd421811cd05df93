from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from apps.accounts.access import role_required
from apps.accounts.models import Role, User
from apps.advising.services import current_advisor
from apps.directory.models import SpotlightProfile
from apps.directory.search import suggestions_for
from apps.interviews.models import OPEN_STATES, InterviewRequest, State
from apps.students import services
from apps.students.forms import ContactForm, StudentProfileForm
from apps.students.models import Contact

CONTACTS_PER_PAGE = 25


@role_required(Role.STUDENT)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    profile = services.draft_profile_for(request.user)
    asked = InterviewRequest.objects.for_student(request.user)
    context = {
        "advisor": current_advisor(request.user),
        "profile": profile,
        # Leave out the volunteers this student has already asked, whatever came of it.
        "suggestions": suggestions_for(
            profile, exclude_ids=asked.values_list("profile_id", flat=True).distinct()
        ).prefetch_related("industries"),
        "requests": asked.aggregate(
            open=Count("pk", filter=Q(state__in=OPEN_STATES)),
            held=Count("pk", filter=Q(state=State.COMPLETED)),
            total=Count("pk"),
        ),
    }
    return render(request, "students/home.html", context)


@role_required(Role.STUDENT)
def edit_profile(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        profile = services.profile_for(request.user)
    else:
        profile = services.draft_profile_for(request.user)
    form = StudentProfileForm(
        request.POST or None, instance=profile, initial={"time_zone": request.user.time_zone}
    )
    if request.method == "POST" and form.is_valid():
        services.save_profile(form=form, user=request.user)
        messages.success(request, "Your profile is saved.")
        return redirect("students:home")
    return render(request, "students/edit_profile.html", {"form": form})


# --- The networking log ---------------------------------------------------------------------


def _get_contact_for(student: User, pk: int) -> Contact:
    """Another student's contact does not exist, as far as this student can tell."""
    return get_object_or_404(Contact, pk=pk, student=student)


@role_required(Role.STUDENT)
@require_safe
def log(request: HttpRequest) -> HttpResponse:
    contacts = services.contacts_of(request.user)
    page = Paginator(contacts, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "today": timezone.localdate()}
    return render(request, "students/log.html", context)


def _spotlight_from(params) -> SpotlightProfile | None:
    """The volunteer added from the directory: ?profile=<pk> of a published spotlight profile.

    Anything but plain digits is no profile: str.isdigit() alone lets "²" through to int().
    """
    pk = params.get("profile", "")
    if not (pk.isascii() and pk.isdigit()):
        return None
    return get_object_or_404(SpotlightProfile, pk=pk, is_published=True)


@role_required(Role.STUDENT)
@require_http_methods(["GET", "HEAD", "POST"])
def add_contact(request: HttpRequest) -> HttpResponse:
    spotlight = _spotlight_from(request.GET)
    if spotlight is not None:
        existing = services.contact_for(student=request.user, spotlight=spotlight)
        if existing is not None:
            messages.info(request, f"{existing.name} is already in your networking log.")
            return redirect("students:edit_contact", existing.pk)
    initial = services.prefill_from(spotlight) if spotlight else None
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        contact = services.add_contact(student=request.user, form=form, spotlight=spotlight)
        messages.success(request, f"{contact.name} is in your networking log.")
        return redirect("students:log")
    return render(request, "students/add_contact.html", {"form": form, "spotlight": spotlight})


@role_required(Role.STUDENT)
@require_http_methods(["GET", "HEAD", "POST"])
def edit_contact(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for(request.user, pk)
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        services.update_contact(form=form)
        messages.success(request, f"Your notes on {contact.name} are saved.")
        return redirect("students:log")
    return render(request, "students/edit_contact.html", {"form": form, "contact": contact})


@role_required(Role.STUDENT)
@require_http_methods(["GET", "HEAD", "POST"])
def delete_contact(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _get_contact_for(request.user, pk)
    if request.method == "POST":
        services.delete_contact(contact=contact)
        messages.success(request, f"{contact.name} is no longer in your networking log.")
        return redirect("students:log")
    return render(request, "students/delete_contact.html", {"contact": contact})


@role_required(Role.STUDENT)
@require_safe
def export_log(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        services.export_log_csv(student=request.user), content_type="text/csv; charset=utf-8"
    )
    filename = f"networking-log-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Education records: never kept by a shared cache or proxy.
    response["Cache-Control"] = "private, no-store"
    return response
