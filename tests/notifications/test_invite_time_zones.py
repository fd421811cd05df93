"""The VTIMEZONE of an invite, written as Outlook and Google write one: a STANDARD and a DAYLIGHT
part that repeat yearly, or one STANDARD part for a zone without daylight saving. Each test reads
the invite back and goes by the VTIMEZONE alone, as a client that knows no zone names must.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from apps.notifications.calendar import build_invite

ZONES_WITH_DAYLIGHT_SAVING = ["America/New_York", "Europe/Berlin", "Australia/Sydney"]


def invite_in(time_zone: str, starts_at: datetime) -> Calendar:
    return Calendar.from_ical(
        build_invite(
            uid="interview-7@spotlight.example.edu",
            sequence=0,
            method="REQUEST",
            starts_at=starts_at,
            minutes=30,
            time_zone=time_zone,
            summary="Informational interview",
            description="",
            location_or_link="Room 204",
            organizer=("Career Center", "spotlight@example.edu"),
            attendees=[("Noor Haddad", "noor@example.edu")],
        )
    )


def parts_of(calendar: Calendar) -> dict[str, dict]:
    """Each part of the one VTIMEZONE by kind, as its properties; a second of a kind fails."""
    [vtimezone] = calendar.timezones
    parts = {}
    for part in vtimezone.subcomponents:
        assert part.name not in parts, f"two {part.name} parts"
        parts[part.name] = {
            "rule": part.get("RRULE"),
            "from": part["TZOFFSETFROM"].td,
            "to": part["TZOFFSETTO"].td,
            "starts": part["DTSTART"].dt,
        }
    return parts


def hours(number: float) -> timedelta:
    return timedelta(hours=number)


@pytest.mark.parametrize(
    ("time_zone", "daylight", "standard"),
    [
        # Second Sunday in March, first Sunday in November.
        ("America/New_York", (3, ["2SU"], -5, -4), (11, ["1SU"], -4, -5)),
        # Last Sunday in March and in October.
        ("Europe/Berlin", (3, ["-1SU"], 1, 2), (10, ["-1SU"], 2, 1)),
        # Southern hemisphere: summer time from the first Sunday in October to April's.
        ("Australia/Sydney", (10, ["1SU"], 10, 11), (4, ["1SU"], 11, 10)),
    ],
)
def test_a_zone_with_daylight_saving_has_one_standard_and_one_daylight_part_repeating_yearly(
    time_zone, daylight, standard
):
    parts = parts_of(invite_in(time_zone, datetime(2027, 6, 1, 15, 0, tzinfo=UTC)))

    assert set(parts) == {"STANDARD", "DAYLIGHT"}
    for part, (month, byday, offset_from, offset_to) in [
        (parts["DAYLIGHT"], daylight),
        (parts["STANDARD"], standard),
    ]:
        assert part["rule"]["FREQ"] == ["YEARLY"]
        assert (part["rule"]["BYMONTH"], part["rule"]["BYDAY"]) == ([month], byday)
        assert (part["from"], part["to"]) == (hours(offset_from), hours(offset_to))
        assert part["starts"].month == month


def test_a_zone_without_daylight_saving_has_a_single_standard_part():
    parts = parts_of(invite_in("Asia/Kolkata", datetime(2027, 6, 1, 15, 0, tzinfo=UTC)))

    assert list(parts) == ["STANDARD"]
    assert parts["STANDARD"]["rule"] is None
    assert parts["STANDARD"]["from"] == parts["STANDARD"]["to"] == hours(5.5)


@pytest.mark.parametrize(
    ("time_zone", "local", "utc"),
    [
        # New York moves its clocks on 14 March 2027, Berlin on 28 March.
        ("America/New_York", datetime(2027, 3, 12, 9, 0), datetime(2027, 3, 12, 14, 0)),
        ("America/New_York", datetime(2027, 3, 15, 9, 0), datetime(2027, 3, 15, 13, 0)),
        ("America/New_York", datetime(2027, 1, 11, 9, 0), datetime(2027, 1, 11, 14, 0)),
        ("Europe/Berlin", datetime(2027, 3, 26, 9, 0), datetime(2027, 3, 26, 8, 0)),
        ("Europe/Berlin", datetime(2027, 3, 29, 9, 0), datetime(2027, 3, 29, 7, 0)),
        # Sydney leaves summer time on 4 April 2027 and starts it again on 3 October.
        ("Australia/Sydney", datetime(2027, 1, 11, 9, 0), datetime(2027, 1, 10, 22, 0)),
        ("Australia/Sydney", datetime(2027, 4, 2, 9, 0), datetime(2027, 4, 1, 22, 0)),
        ("Australia/Sydney", datetime(2027, 4, 5, 9, 0), datetime(2027, 4, 4, 23, 0)),
        ("Australia/Sydney", datetime(2027, 10, 1, 9, 0), datetime(2027, 9, 30, 23, 0)),
        ("Australia/Sydney", datetime(2027, 10, 4, 9, 0), datetime(2027, 10, 3, 22, 0)),
        ("Asia/Kolkata", datetime(2027, 3, 15, 9, 0), datetime(2027, 3, 15, 3, 30)),
    ],
)
def test_the_start_read_back_with_the_files_own_zone_is_the_right_instant(time_zone, local, utc):
    calendar = invite_in(time_zone, local.replace(tzinfo=ZoneInfo(time_zone)))

    [event], [vtimezone] = calendar.events, calendar.timezones
    from_file = vtimezone.to_tz(lookup_tzid=False)
    assert event["DTSTART"].params["TZID"] == time_zone
    assert event["DTSTART"].dt.replace(tzinfo=from_file).astimezone(UTC) == utc.replace(tzinfo=UTC)


@settings(max_examples=60, deadline=None)
@given(
    time_zone=st.sampled_from([*ZONES_WITH_DAYLIGHT_SAVING, "Asia/Kolkata"]),
    meeting=st.datetimes(min_value=datetime(2010, 1, 1), max_value=datetime(2040, 12, 31)),
    later=st.integers(min_value=-300 * 24, max_value=300 * 24),
)
def test_the_yearly_rules_give_the_zones_real_offset_for_months_around_the_meeting(
    time_zone, meeting, later
):
    zone = ZoneInfo(time_zone)
    calendar = invite_in(time_zone, meeting.replace(tzinfo=UTC))
    [vtimezone] = calendar.timezones
    assert len(vtimezone.subcomponents) <= 2
    from_file = vtimezone.to_tz(lookup_tzid=False)

    instant = meeting.replace(tzinfo=UTC) + timedelta(hours=later)
    wall = instant.astimezone(zone).replace(tzinfo=None)
    # In the hour the clocks go back, a wall time names two instants: RFC 5545 takes the first.
    assume(
        wall.replace(tzinfo=zone, fold=0).utcoffset()
        == wall.replace(tzinfo=zone, fold=1).utcoffset()
    )
    assert wall.replace(tzinfo=from_file).astimezone(UTC) == instant
