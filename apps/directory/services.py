"""Writing spotlight profiles: saving, publishing, and keeping their search data current."""

from collections.abc import Iterable
from datetime import date

from django.contrib.postgres.aggregates import ArrayAgg, StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.db.models import Case, F, Func, OuterRef, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.accounts.models import AlumniApplication, User
from apps.directory import ranking
from apps.directory.models import Employer, Industry, SpotlightProfile
from apps.interviews.clock import center_today


class ArrayToString(Func):
    function = "array_to_string"
    output_field = TextField()


# Weights: A for who they are and where they work, B for their field, C for their story.
SEARCH_VECTOR = (
    SearchVector("full_name", weight="A", config="simple")
    + SearchVector("job_title", "employer", weight="A", config="english")
    + SearchVector(
        "industry_names", ArrayToString(F("topics"), Value(" ")), weight="B", config="english"
    )
    + SearchVector("story_path", "story_day", "story_advice", weight="C", config="english")
)


def refresh_search(profile_ids: Iterable[int]) -> None:
    """Recompute the denormalised industry names, search vector and ranking weight of these
    profiles."""
    ids = list(profile_ids)
    if not ids:
        return
    names = (
        Industry.objects.filter(profiles=OuterRef("pk"))
        .values("profiles")
        .annotate(joined=StringAgg("name", delimiter=" "))
        .values("joined")
    )
    profiles = SpotlightProfile.objects.filter(pk__in=ids)
    # Two statements: the vector reads the industry names the first one wrote.
    profiles.update(
        industry_names=Coalesce(Subquery(names), Value("")),
        industry_ids=_term_ids(SpotlightProfile.industries.through, "industry_id"),
        function_ids=_term_ids(SpotlightProfile.job_functions.through, "jobfunction_id"),
    )
    profiles.update(
        search_vector=SEARCH_VECTOR,
        rank_weight=ranking.weight(center_today()),
        updated_at=timezone.now(),
    )


def _term_ids(through, column: str) -> Coalesce:
    """The profile's vocabulary ids from a many-to-many table, as a sorted array."""
    ids = (
        through.objects.filter(spotlightprofile=OuterRef("pk"))
        .values("spotlightprofile")
        .annotate(ids=ArrayAgg(column, order_by=column))
        .values("ids")
    )
    return Coalesce(Subquery(ids), Value([]))


def remember_employers(names: Iterable[str]) -> None:
    """Keep the small table of distinct employers that typo-tolerant search matches against."""
    distinct = {name.strip() for name in names if name and name.strip()}
    Employer.objects.bulk_create([Employer(name=name) for name in distinct], ignore_conflicts=True)


def save_profile(*, form, roles=None, blackouts=None) -> SpotlightProfile:
    """Save a profile form (and its formsets of earlier roles and blackout dates) at once.

    A photo replaced or removed is deleted from storage once the change is committed, so that
    a save rolled back still finds the photo it had.
    """
    with transaction.atomic():
        old_photo = _stored_photo(form.instance.pk)
        profile = form.save()
        if old_photo and old_photo != profile.photo.name:
            delete_photo_after_commit(old_photo)
        for formset in (roles, blackouts):
            if formset is not None:
                formset.instance = profile
                formset.save()
        remember_employers(
            [profile.employer, *(role.employer for role in profile.previous_roles.all())]
        )
        refresh_search([profile.pk])
    return profile


def _stored_photo(profile_id: int | None) -> str:
    """The photo the profile has in the database, its row locked so that two saves at once
    cannot both keep the same old photo and lose track of one of the new ones."""
    if profile_id is None:
        return ""
    rows = SpotlightProfile.objects.select_for_update().filter(pk=profile_id)
    return rows.values_list("photo", flat=True).first() or ""


def delete_photo_after_commit(name: str) -> None:
    storage = SpotlightProfile._meta.get_field("photo").storage
    transaction.on_commit(lambda: storage.delete(name))


def draft_profile_for(user: User) -> SpotlightProfile:
    """The volunteer's profile as it would be if they saved it now, writing nothing: theirs
    already, one staff imported for their address (not yet claimed), or an unsaved new one."""
    profile = SpotlightProfile.objects.filter(user=user).first()
    if profile is None:
        profile = SpotlightProfile.objects.filter(
            email__iexact=user.email, user__isnull=True
        ).first()
    return profile or SpotlightProfile(user=user, email=user.email, **_from_application(user))


def profile_for(user: User) -> SpotlightProfile:
    """The volunteer's own profile, saved: theirs already, one staff imported for their
    address (claimed now), or a new unpublished draft. For requests that change something."""
    with transaction.atomic():
        profile = SpotlightProfile.objects.filter(user=user).first()
        if profile is None:
            profile = (
                SpotlightProfile.objects.select_for_update()
                .filter(email__iexact=user.email, user__isnull=True)
                .first()
            )
            if profile is not None:
                profile.user = user
                profile.save(update_fields=["user"])
        if profile is None:
            profile = SpotlightProfile.objects.create(
                user=user, email=user.email, **_from_application(user)
            )
            remember_employers([profile.employer])
            refresh_search([profile.pk])
    return profile


def _from_application(user: User) -> dict:
    """Start a new volunteer's profile from what they told us when offering to volunteer."""
    application = (
        AlumniApplication.objects.filter(email__iexact=user.email).order_by("-created_at").first()
    )
    fields = {"full_name": user.full_name or user.email}
    if application is not None:
        fields.update(
            graduation_year=application.graduation_year,
            major=application.degree,
            employer=application.employer,
            job_title=application.job_title,
        )
    return fields


def count_request(profile_id: int, today: date | None = None) -> None:
    """Count one new interview request against the volunteer's month (their monthly cap).

    Call it inside the transaction that creates the request, so the two cannot disagree.
    It leaves `updated_at` alone: a request is not an edit of the profile, and every edit
    starts the search page's cache afresh, which a busy week of requests would keep empty.
    Search results may show the volunteer's status up to a minute late; their profile page
    and the request form always read it fresh.
    """
    today = today or center_today()
    month = today.replace(day=1)
    profile = SpotlightProfile.objects.filter(pk=profile_id)
    profile.update(
        month_request_count=Case(
            When(counted_month=month, then=F("month_request_count") + 1), default=Value(1)
        ),
        counted_month=month,
    )
    ranking.refresh(profile, today)  # reads the count just written


def uncount_request(profile_id: int, *, sent_on: date, today: date | None = None) -> None:
    """Give back the place a request sent on `sent_on` took under the volunteer's monthly cap
    (the student withdrew it at once). Call it inside the transaction that withdraws it.

    Only the count of the month it was sent in goes down: once a later month is being counted,
    there is nothing to give back.
    """
    profile = SpotlightProfile.objects.filter(pk=profile_id)
    profile.filter(counted_month=sent_on.replace(day=1), month_request_count__gt=0).update(
        month_request_count=F("month_request_count") - 1
    )
    ranking.refresh(profile, today or center_today())


def follow_account_email(*, user: User, email: str) -> None:
    """A volunteer's emails go to their profile's address: keep it their account's address.

    Left as it was when another profile (imported by staff, not yet claimed) has that address;
    staff see both in the profiles list and can merge them by hand.
    """
    if SpotlightProfile.objects.filter(email__iexact=email).exclude(user=user).exists():
        return
    SpotlightProfile.objects.filter(user=user).update(email=email)
