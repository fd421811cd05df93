"""Calendar invites (RFC 5545) to attach to outbox emails, so that a meeting lands in the
recipient's calendar at the right time whatever their mail client.

The same UID is used for every version of one meeting; a change sends it again with a higher
SEQUENCE, and a cancellation sends METHOD:CANCEL, so calendars update the entry they already
have instead of adding a second one.
"""

import zoneinfo
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

PRODID = "-//Spotlight//Informational interviews//EN"
# The VTIMEZONE describes the zone's offsets this far either side of the meeting: enough for any
# client to place it, without the decades of history a full definition carries.
TIME_ZONE_MARGIN = timedelta(days=400)


class Method(StrEnum):
    REQUEST = "REQUEST"
    CANCEL = "CANCEL"


def build_invite(
    *,
    uid: str,
    sequence: int,
    method: str,
    starts_at: datetime,
    minutes: int,
    time_zone: str,
    summary: str,
    description: str,
    location_or_link: str,
    organizer: tuple[str, str],
    attendees: list[tuple[str, str]],
) -> str:
    """One VEVENT in a VCALENDAR with METHOD REQUEST (new or changed) or CANCEL.

    `starts_at` is an aware datetime in any zone; the event is written in `time_zone` (an IANA
    name) with that zone's VTIMEZONE, so the recipient's calendar converts it correctly across
    daylight-saving changes. `organizer` and `attendees` are (name, email) pairs.
    """
    method = Method(method)
    if not uid:
        raise ValueError("A calendar invite needs a UID that stays the same for the meeting.")
    if sequence < 0 or minutes <= 0:
        raise ValueError("SEQUENCE must be 0 or more and the meeting must last at least a minute.")
    if timezone.is_naive(starts_at):
        raise ValueError("starts_at must be an aware datetime.")
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{time_zone!r} is not a known time zone.") from None
    start = starts_at.astimezone(zone)
    # Elapsed time, not wall-clock time: a meeting across a daylight-saving change still lasts
    # `minutes`. DTEND is written in the same zone as DTSTART.
    end = (starts_at.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(zone)

    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", _one_line(summary))
    if description:
        event.add("description", description)
    if location_or_link:
        event.add("location", _one_line(location_or_link))
        if location_or_link.startswith(("https://", "http://")):
            event.add("url", location_or_link.strip())
    event.add("organizer", _address(organizer))
    for attendee in attendees:
        event.add("attendee", _attendee(attendee))
    if method is Method.CANCEL:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method.value)
    calendar.add_component(event)
    calendar.add_missing_timezones(
        first_date=(start - TIME_ZONE_MARGIN).date(),
        last_date=(start + TIME_ZONE_MARGIN).date(),
    )
    return calendar.to_ical().decode("utf-8")


def method_of(invite: str) -> str:
    """The METHOD of an invite built here; ValueError if it is not one."""
    try:
        parsed = Calendar.from_ical(invite)
    except ValueError:
        raise ValueError("The calendar part is not valid iCalendar.") from None
    if not isinstance(parsed, Calendar):
        raise ValueError("The calendar part is not a VCALENDAR.")
    return Method(str(parsed.get("METHOD", ""))).value


def _address(person: tuple[str, str]) -> vCalAddress:
    name, email = person
    address = vCalAddress(f"mailto:{email.strip()}")
    if name:
        address.params["CN"] = _one_line(name)
    return address


def _attendee(person: tuple[str, str]) -> vCalAddress:
    address = _address(person)
    address.params["CUTYPE"] = "INDIVIDUAL"
    address.params["ROLE"] = "REQ-PARTICIPANT"
    # Both people agreed to this time in Spotlight, which stays the record of it: the invite
    # shows them as coming and asks their calendar not to mail a reply that nobody reads.
    address.params["PARTSTAT"] = "ACCEPTED"
    address.params["RSVP"] = "FALSE"
    return address


def _one_line(text: str) -> str:
    return " ".join(text.split())
