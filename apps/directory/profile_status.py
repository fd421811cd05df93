"""How a profile looks to students: its availability and how complete it is."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from apps.directory.models import Availability, SpotlightProfile
from apps.interviews.clock import center_today


@dataclass(frozen=True)
class AvailabilityNote:
    """What students read about a volunteer's availability."""

    availability: Availability
    label: str
    detail: str


def availability(profile: SpotlightProfile, today: date | None = None) -> AvailabilityNote:
    """For a profile annotated by `SpotlightProfile.objects.with_availability()`."""
    today = today or center_today()
    if profile.is_away:
        until = (
            profile.paused_until if profile.paused_until and profile.paused_until >= today else None
        )
        detail = f"Back on {until + timezone.timedelta(days=1):%-d %B}" if until else "Away for now"
        return AvailabilityNote(Availability.PAUSED, Availability.PAUSED.label, detail)
    if not profile.is_accepting:
        reopens = profile.reopens_on(today)
        detail = f"Reopens on {reopens:%-d %B}"
        return AvailabilityNote(Availability.FULL, Availability.FULL.label, detail)
    return AvailabilityNote(Availability.ACCEPTING, Availability.ACCEPTING.label, "")


# (what to add, whether it is there) — the parts students rely on most when choosing whom to ask.
def completeness(profile: SpotlightProfile) -> dict:
    checks = [
        ("your current employer and job title", bool(profile.employer and profile.job_title)),
        ("when you started in this role", profile.started_on is not None),
        # The profile's copies of its terms: no query, and none needed for an unsaved draft.
        ("industries", bool(profile.industry_ids)),
        ("job functions", bool(profile.function_ids)),
        ("how you got here", bool(profile.story_path)),
        ("a typical day", bool(profile.story_day)),
        ("your advice for students", bool(profile.story_advice)),
        ("topics you are glad to talk about", bool(profile.topics)),
        ("the formats you offer", bool(profile.formats)),
        ("a photo", bool(profile.photo)),
    ]
    done = sum(1 for _, present in checks if present)
    return {
        "percent": round(100 * done / len(checks)),
        "missing": [label for label, present in checks if not present],
    }


# A story of a few sentences: enough for a student to see why to ask this person.
STORY_MIN_CHARACTERS = 150


def missing_for_listing(profile: SpotlightProfile) -> list[str]:
    """What the profile still needs before students may see it, in words for its reader.

    Reads the profile's copy of its industries (kept by services.refresh_search), so that a
    list of profiles costs no query per row.
    """
    story = " ".join((profile.story_path, profile.story_day, profile.story_advice)).strip()
    checks = [
        ("a job title", bool(profile.job_title.strip())),
        ("an employer or an industry", bool(profile.employer.strip() or profile.industry_ids)),
        (
            f"a story of a few sentences (at least {STORY_MIN_CHARACTERS} characters across "
            f"“How I got here”, “A typical day” and “My advice”; it has {len(story)})",
            len(story) >= STORY_MIN_CHARACTERS,
        ),
        ("at least one topic to talk about", bool(profile.topics)),
    ]
    return [label for label, present in checks if not present]


def listing_problems(profile: SpotlightProfile) -> list[str]:
    """Why staff cannot publish this profile yet; empty when they can."""
    problems = []
    if profile.user_id is None:
        problems.append("its person has not joined yet: invite them to claim it")
    elif profile.agreed_at is None:
        problems.append("its person has not yet agreed to be listed and contacted by students")
    missing = missing_for_listing(profile)
    if missing:
        problems.append("it still needs " + _and_list(missing))
    return problems


def _and_list(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
