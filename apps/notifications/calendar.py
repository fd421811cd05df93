"""Calendar invites (RFC 5545) to attach to outbox emails, so that a meeting lands in the
recipient's calendar at the right time whatever their mail client.

The same UID is used for every version of one meeting; a change sends it again with a higher
SEQUENCE, and a cancellation sends METHOD:CANCEL, so calendars update the entry they already
have instead of adding a second one.
"""

import calendar as gregorian
import re
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

PRODID = "-//Spotlight//Informational interviews//EN"
# A zone whose changes follow no yearly weekday rule is described by its actual offsets this far
# either side of the meeting: enough for any client to place it.
TIME_ZONE_MARGIN = timedelta(days=400)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LINK = re.compile(r"https?://[^\s<>\"]+", re.IGNORECASE)
# Punctuation that ends a sentence, not a link: "https://zoom.us/j/123, passcode 4567".
AFTER_LINK = ".,;:!?)]}'"


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
        link = _first_link(location_or_link)
        if link:
            event.add("url", link)
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
    calendar.add_component(time_zone_component(zone, around=start))
    calendar.add_component(event)
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


def _first_link(text: str) -> str:
    """The first http(s) link in the text, without the passcode or dial-in that may follow it."""
    match = LINK.search(text)
    if not match:
        return ""
    link = match.group().rstrip(AFTER_LINK)
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        return ""
    return link


@dataclass(frozen=True)
class Change:
    """One change of a zone's UTC offset, at `instant` (UTC)."""

    instant: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str

    @property
    def wall_time(self) -> datetime:
        """The local time the clocks showed when they changed, as RFC 5545 DTSTART wants it."""
        return (self.instant + self.offset_from).replace(tzinfo=None)


@dataclass(frozen=True)
class YearlyRule:
    """A change on the nth (or, for -1, last) weekday of a month at a fixed wall time."""

    change: Change
    month: int
    weekday: int
    nth: int

    def wall_time_in(self, year: int) -> datetime:
        days = [
            day
            for day in range(1, gregorian.monthrange(year, self.month)[1] + 1)
            if date(year, self.month, day).weekday() == self.weekday
        ]
        day = days[self.nth - 1] if self.nth > 0 else days[-1]
        return datetime.combine(date(year, self.month, day), self.change.wall_time.time())

    def instant_in(self, year: int) -> datetime:
        utc = self.wall_time_in(year) - self.change.offset_from
        return utc.replace(tzinfo=UTC)

    def byday(self) -> str:
        return f"{self.nth}{WEEKDAYS[self.weekday]}"


def time_zone_component(zone: zoneinfo.ZoneInfo, *, around: datetime) -> Timezone:
    """The VTIMEZONE for `zone`, as Outlook and Google write one: a STANDARD and a DAYLIGHT part,
    each repeating yearly, or a single STANDARD part for a zone that keeps one offset.

    Outlook misplaces events whose VTIMEZONE has two parts of one kind or a part that changes
    nothing, so the rules are derived from the zone's changes in the meeting's year and kept
    only if they reproduce the changes of the years either side of it.
    """
    year = around.astimezone(zone).year
    years = (year - 1, year, year + 1)
    changes = {each: _changes_in(zone, each) for each in years}
    if not any(changes.values()):
        return _fixed_offset(zone, year=year - 1)
    rules = _yearly_rules(changes[year])
    if rules and all(_rules_match(rules, changes[each], each) for each in years):
        return _repeating(zone, rules, first_year=year - 1)
    return Timezone.from_tzinfo(
        zone,
        tzid=zone.key,
        first_date=(around - TIME_ZONE_MARGIN).date(),
        last_date=(around + TIME_ZONE_MARGIN).date(),
    )


def _changes_in(zone: zoneinfo.ZoneInfo, year: int) -> list[Change]:
    """The zone's offset changes in this (UTC) year, each to the second."""
    found = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    while day.year == year:
        following = day + timedelta(days=1)
        if day.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            found.append(_change_between(zone, day, following))
        day = following
    return found


def _change_between(zone: zoneinfo.ZoneInfo, before: datetime, after: datetime) -> Change:
    offset_from = before.astimezone(zone).utcoffset()
    while after - before > timedelta(seconds=1):
        middle = before + (after - before) / 2
        if middle.astimezone(zone).utcoffset() == offset_from:
            before = middle
        else:
            after = middle
    after = after.replace(microsecond=0)
    local = after.astimezone(zone)
    return Change(
        instant=after, offset_from=offset_from, offset_to=local.utcoffset(), name=local.tzname()
    )


def _yearly_rules(changes: list[Change]) -> list[YearlyRule]:
    """A rule for each of the year's two changes (one forward, one back), or none."""
    if len(changes) != 2 or {c.offset_to > c.offset_from for c in changes} != {True, False}:
        return []
    rules = []
    for change in changes:
        wall = change.wall_time
        last = wall.day + 7 > gregorian.monthrange(wall.year, wall.month)[1]
        nth = -1 if last else (wall.day - 1) // 7 + 1
        rules.append(YearlyRule(change=change, month=wall.month, weekday=wall.weekday(), nth=nth))
    return rules


def _rules_match(rules: list[YearlyRule], changes: list[Change], year: int) -> bool:
    expected = sorted(
        (rule.instant_in(year), rule.change.offset_from, rule.change.offset_to) for rule in rules
    )
    return expected == [(c.instant, c.offset_from, c.offset_to) for c in changes]


def _repeating(zone: zoneinfo.ZoneInfo, rules: list[YearlyRule], *, first_year: int) -> Timezone:
    component = Timezone()
    component.add("tzid", zone.key)
    for rule in sorted(rules, key=lambda rule: rule.change.offset_to):
        change = rule.change
        part = TimezoneDaylight() if change.offset_to > change.offset_from else TimezoneStandard()
        part.add("dtstart", rule.wall_time_in(first_year))
        part.add("rrule", {"freq": "yearly", "bymonth": rule.month, "byday": rule.byday()})
        _add_offsets(part, change.name, change.offset_from, change.offset_to)
        component.add_component(part)
    return component


def _fixed_offset(zone: zoneinfo.ZoneInfo, *, year: int) -> Timezone:
    start = datetime(year, 1, 1)
    local = start.replace(tzinfo=zone)
    part = TimezoneStandard()
    part.add("dtstart", start)
    _add_offsets(part, local.tzname(), local.utcoffset(), local.utcoffset())
    component = Timezone()
    component.add("tzid", zone.key)
    component.add_component(part)
    return component


def _add_offsets(part, name: str, offset_from: timedelta, offset_to: timedelta) -> None:
    part.add("tzname", name)
    part.add("tzoffsetfrom", offset_from)
    part.add("tzoffsetto", offset_to)


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
