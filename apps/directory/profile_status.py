"""How a profile looks to students: its request status and how complete it is."""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from apps.directory.models import SpotlightProfile, Status
from apps.interviews.clock import center_today


@dataclass(frozen=True)
class Availability:
    status: str
    label: str
    detail: str


def availability(profile: SpotlightProfile, today: date | None = None) -> Availability:
    """For a profile annotated by search.with_availability()."""
    today = today or center_today()
    if profile.is_paused:
        until = (
            profile.paused_until if profile.paused_until and profile.paused_until >= today else None
        )
        detail = f"Back on {until + timezone.timedelta(days=1):%-d %B}" if until else "Away for now"
        return Availability(Status.PAUSED, Status.PAUSED.label, detail)
    if not profile.is_accepting:
        reopens = profile.reopens_on(today)
        return Availability(Status.FULL, Status.FULL.label, f"Reopens on {reopens:%-d %B}")
    return Availability(Status.ACCEPTING, Status.ACCEPTING.label, "")


# (what to add, whether it is there) — the parts students rely on most when choosing whom to ask.
def completeness(profile: SpotlightProfile) -> dict:
    checks = [
        ("your current employer and job title", bool(profile.employer and profile.job_title)),
        ("when you started in this role", profile.started_on is not None),
        ("industries", profile.industries.exists()),
        ("job functions", profile.job_functions.exists()),
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
