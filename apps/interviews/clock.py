"""Showing a moment on each person's own clock: the student and the volunteer may be continents
and daylight-saving rules apart, so every time in a message is converted for its reader."""

import zoneinfo
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone


def zone_or_default(*names: str) -> str:
    """The first of these IANA names that is a known time zone, else the career center's."""
    for name in names:
        if not name:
            continue
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
        return name
    return settings.TIME_ZONE


def center_today(moment: datetime | None = None) -> date:
    """The career center's date at this moment (now by default), whoever is looking: its days
    (a volunteer's month under their cap, its slow periods) turn at its midnight, not at the
    asking student's."""
    return timezone.localdate(moment or timezone.now(), timezone.get_default_timezone())


def place_of(zone: str) -> str:
    """ "America/New_York" reads "New York"."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def show_time(moment: datetime, zone: str) -> str:
    """E.g. "Tuesday 16 March 2027 at 10:00 New York time (EDT)"."""
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    place = place_of(zone)
    abbreviation = local.strftime("%Z")
    clock = f"{place} time ({abbreviation})" if abbreviation != place else place
    return f"{local:%A} {local.day} {local:%B %Y} at {local:%H:%M} {clock}"


def show_date(moment: datetime, zone: str) -> str:
    local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    return f"{local.day} {local:%B %Y}"


def show_day(day: date, *, year: bool = False) -> str:
    return f"{day.day} {day:%B %Y}" if year else f"{day.day} {day:%B}"
