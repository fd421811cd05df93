"""A volunteer's spotlight profile in account export and deletion."""

from apps.accounts.models import User
from apps.accounts.personal_data import plain
from apps.directory.models import SpotlightProfile
from apps.directory.services import delete_photo_after_commit, refresh_search

EXPORTED_FIELDS = [
    "full_name", "email", "phone", "graduation_year", "degree", "major", "employer",
    "job_title", "started_on", "city", "region", "country", "is_remote", "further_education",
    "story_path", "story_day", "story_advice", "topics", "formats", "preferred_minutes",
    "time_zone", "languages", "linkedin_url", "public_fields", "monthly_cap", "paused_until",
    "is_published",
]  # fmt: skip


def export_profile(user: User) -> dict | None:
    profile = SpotlightProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    exported = {name: plain(getattr(profile, name)) for name in EXPORTED_FIELDS}
    exported["industries"] = [term.name for term in profile.industries.all()]
    exported["job_functions"] = [term.name for term in profile.job_functions.all()]
    exported["previous_roles"] = [
        {"employer": r.employer, "title": r.title, "from": r.start_year, "to": r.end_year}
        for r in profile.previous_roles.all()
    ]
    exported["away"] = [
        {"from": plain(b.starts_on), "to": plain(b.ends_on), "note": b.note}
        for b in profile.blackouts.all()
    ]
    return exported


def erase_profile(user: User) -> None:
    """Take the profile out of the directory and keep nothing that names the person.

    The row itself stays (anonymous), because the interviews students held with this volunteer
    point to it and are part of those students' records.
    """
    profile = SpotlightProfile.objects.filter(user=user).first()
    if profile is None:
        return
    if profile.photo:
        delete_photo_after_commit(profile.photo.name)
    profile.previous_roles.all().delete()
    profile.blackouts.all().delete()
    profile.industries.clear()
    profile.job_functions.clear()
    SpotlightProfile.objects.filter(pk=profile.pk).update(
        user=None, is_published=False, published_at=None, photo="",
        full_name="Former volunteer", email=f"former-volunteer-{profile.pk}@deleted.invalid",
        phone="", degree="", major="", employer="", job_title="", started_on=None, city="",
        region="", country="", further_education="", story_path="", story_day="",
        story_advice="", topics=[], languages=[], linkedin_url="", time_zone="",
    )  # fmt: skip
    refresh_search([profile.pk])
