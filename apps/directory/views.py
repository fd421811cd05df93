from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from apps.accounts.access import role_required
from apps.accounts.models import Role
from apps.core.forms import SearchForm
from apps.directory import listing, services
from apps.directory import search as directory
from apps.directory.forms import (
    BlackoutFormSet,
    PreviousRoleFormSet,
    SpotlightProfileForm,
    StaffProfileForm,
)
from apps.directory.models import SpotlightProfile
from apps.directory.profile_status import completeness, listing_problems, missing_for_listing
from apps.interviews import inbox_services
from apps.interviews.clock import center_today
from apps.interviews.models import InterviewRequest

# Who may look people up in the directory.
BROWSERS = (Role.STUDENT, Role.ADVISOR, Role.STAFF)


@role_required(*BROWSERS)
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    context = {
        "search": directory.Search(request.GET),
        "is_filtered": any(value for key, value in request.GET.items() if key != "page"),
    }
    return render(request, "directory/search.html", context)


def _visible_profiles(user):
    """Students and advisors see published profiles only; staff see every profile."""
    profiles = SpotlightProfile.objects.all()
    return profiles if user.role == Role.STAFF else profiles.filter(is_published=True)


@role_required(*BROWSERS)
@require_safe
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    profiles = _visible_profiles(request.user).with_availability(center_today())
    spotlight = get_object_or_404(profiles, pk=pk)
    context = {
        "profile": spotlight,
        "roles": spotlight.previous_roles.all(),
        "industries": spotlight.industries.all(),
        "functions": spotlight.job_functions.all(),
        "open_request": (
            InterviewRequest.objects.for_student(request.user)
            .open()
            .filter(profile=spotlight)
            .first()
            if request.user.role == Role.STUDENT
            else None
        ),
    }
    return render(request, "directory/profile.html", context)


@role_required(*BROWSERS, Role.ALUMNI)
@require_safe
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.role == Role.ALUMNI:
        spotlight = get_object_or_404(SpotlightProfile, pk=pk, user=request.user)
    else:
        # No availability here: a photo is fetched with every card and page that shows it.
        spotlight = get_object_or_404(_visible_profiles(request.user), pk=pk)
        if not spotlight.shows("photo") and request.user.role != Role.STAFF:
            raise Http404
    if not spotlight.photo:
        raise Http404
    response = FileResponse(spotlight.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@role_required(Role.ALUMNI)
@require_safe
def alumni_home(request: HttpRequest) -> HttpResponse:
    spotlight = services.draft_profile_for(request.user)
    context = {
        "profile": _with_availability(spotlight),
        "completeness": completeness(spotlight),
        "missing": missing_for_listing(spotlight),
        "waiting_count": inbox_services.waiting_count(request.user),
    }
    return render(request, "directory/alumni_home.html", context)


def _with_availability(spotlight: SpotlightProfile) -> SpotlightProfile:
    if spotlight.pk is None:
        return spotlight
    return SpotlightProfile.objects.with_availability(center_today()).get(pk=spotlight.pk)


@role_required(Role.ALUMNI)
def listing_consent(request: HttpRequest) -> HttpResponse:
    """The volunteer sees their profile as students will, and agrees to be listed (or not)."""
    if request.method == "POST":
        if request.POST.get("agree") == "yes":
            listing.agree(user=request.user)
            messages.success(
                request,
                "Thank you: you agreed to be listed. The career center publishes your profile "
                "once it says enough for students to choose you.",
            )
        else:
            listing.withdraw(user=request.user)
            messages.success(
                request, "You are no longer listed, and students cannot send you new requests."
            )
        return redirect("directory:alumni_home")
    spotlight = _with_availability(services.draft_profile_for(request.user))
    context = {"profile": spotlight, "missing": missing_for_listing(spotlight)}
    if spotlight.pk is not None:
        context |= {
            "roles": spotlight.previous_roles.all(),
            "industries": spotlight.industries.all(),
            "functions": spotlight.job_functions.all(),
        }
    return render(request, "directory/listing_consent.html", context)


@role_required(Role.ALUMNI)
def edit_own_profile(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        spotlight = services.profile_for(request.user)
    else:
        spotlight = services.draft_profile_for(request.user)
    return _edit(request, spotlight, SpotlightProfileForm, "directory:alumni_home")


@role_required(Role.STAFF)
def staff_edit_profile(request: HttpRequest, pk: int) -> HttpResponse:
    spotlight = get_object_or_404(SpotlightProfile, pk=pk)
    return _edit(request, spotlight, StaffProfileForm, "directory:staff_profiles")


def _edit(request, spotlight, form_class, done: str) -> HttpResponse:
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = form_class(data, files, instance=spotlight)
    roles = PreviousRoleFormSet(data, instance=spotlight, prefix="roles")
    blackouts = BlackoutFormSet(data, instance=spotlight, prefix="away")
    if request.method == "POST" and all(f.is_valid() for f in (form, roles, blackouts)):
        services.save_profile(form=form, roles=roles, blackouts=blackouts)
        messages.success(request, "The profile is saved.")
        return redirect(done)
    context = {"form": form, "roles": roles, "blackouts": blackouts, "profile": spotlight}
    return render(request, "directory/edit_profile.html", context)


@role_required(Role.STAFF)
@require_safe
def staff_profiles(request: HttpRequest) -> HttpResponse:
    search_form = SearchForm(request.GET)
    profiles = _staff_list(search_form.text)
    page = Paginator(profiles, 50).get_page(request.GET.get("page"))
    for spotlight in page.object_list:
        spotlight.listing_problems = listing_problems(spotlight)
    context = {
        "page": page,
        "search_form": search_form,
        "not_joined": profiles.filter(user__isnull=True).count(),
    }
    return render(request, "directory/staff_profiles.html", context)


def _staff_list(search_text: str):
    profiles = SpotlightProfile.objects.only(
        *("full_name", "email", "employer", "job_title", "graduation_year", "is_published"),
        *("user", "agreed_at", "industry_ids", "topics", "story_path", "story_day"),
        "story_advice",
    ).order_by("full_name", "pk")
    if search_text:
        profiles = profiles.filter(
            Q(full_name__icontains=search_text)
            | Q(email__icontains=search_text)
            | Q(employer__icontains=search_text)
        )
    return profiles


@role_required(Role.STAFF)
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    spotlight = get_object_or_404(SpotlightProfile, pk=pk)
    publish_it = request.POST.get("published") == "true"
    try:
        listing.set_published(profile=spotlight, published=publish_it)
    except listing.ListingRefused as refused:
        messages.error(
            request,
            f"{spotlight.full_name}'s profile cannot be published yet: "
            + "; ".join(refused.problems)
            + ".",
        )
        return redirect("directory:staff_profiles")
    state = "published" if publish_it else "hidden from the directory"
    messages.success(request, f"{spotlight.full_name}'s profile is {state}.")
    return redirect("directory:staff_profiles")


@role_required(Role.STAFF)
@require_POST
def invite_to_claim(request: HttpRequest) -> HttpResponse:
    """Invite, in one go, the people of the ticked profiles (or of all those found) who have
    not joined yet."""
    profiles = _staff_list(request.POST.get("q", "").strip())
    if request.POST.get("scope") != "all":
        profiles = profiles.filter(pk__in=_ticked_ids(request.POST.getlist("profile")))
    sent = listing.invite_to_claim(profiles=profiles, invited_by=request.user)
    messages.success(request, listing.invitation_summary(sent))
    return redirect(request.POST.get("next") or "directory:staff_profiles")


def _ticked_ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]
