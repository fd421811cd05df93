"""The monthly cap is counted on the career center's clock, wherever the asking students are."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from apps.directory.models import SpotlightProfile
from apps.interviews.models import InterviewRequest
from tests.factories import SlowPeriodFactory, StudentFactory
from tests.interviews.student_helpers import form_data, typed

pytestmark = pytest.mark.django_db

# 23:30 on 31 March in New York, the career center's zone: already 1 April in Tokyo.
LAST_HALF_HOUR_OF_MARCH = datetime(2027, 4, 1, 3, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def center_in_new_york(settings, clock):
    settings.TIME_ZONE = "America/New_York"
    clock.move_to(LAST_HALF_HOUR_OF_MARCH)


def ask(profile, zone: str, key: str, first: datetime | None = None, **changes) -> str:
    """A student in this zone sends the request form; the page they land on."""
    student = StudentFactory(time_zone=zone)
    client = Client()
    client.force_login(student)
    clock = ZoneInfo(zone)
    first = first or LAST_HALF_HOUR_OF_MARCH + timedelta(days=4)
    data = form_data(
        key=key,
        times_0=typed(first, clock),
        times_1=typed(first + timedelta(days=1), clock),
        **changes,
    )
    response = client.post(reverse("interviews:new", args=[profile.pk]), data, follow=True)
    return response.content.decode()


def test_students_on_either_side_of_midnight_share_one_month_of_the_cap(profile):
    SpotlightProfile.objects.filter(pk=profile.pk).update(monthly_cap=2)

    ask(profile, "America/New_York", "4b1d2d3c-5f10-4c35-9b8c-6a4a1a3f0e01")
    ask(profile, "Asia/Tokyo", "4b1d2d3c-5f10-4c35-9b8c-6a4a1a3f0e02")
    refused = ask(profile, "Pacific/Honolulu", "4b1d2d3c-5f10-4c35-9b8c-6a4a1a3f0e03")

    assert InterviewRequest.objects.count() == 2
    assert "Priya has had all the requests they can take this month" in refused
    assert "They take new ones from 1 April" in refused
    profile.refresh_from_db()
    assert (profile.counted_month, profile.month_request_count) == (date(2027, 3, 1), 2)


def test_a_student_already_in_april_sees_the_volunteer_full_for_march(profile):
    SpotlightProfile.objects.filter(pk=profile.pk).update(
        monthly_cap=1, counted_month=date(2027, 3, 1), month_request_count=1
    )

    refused = ask(profile, "Asia/Tokyo", "4b1d2d3c-5f10-4c35-9b8c-6a4a1a3f0e04")

    assert not InterviewRequest.objects.exists()
    assert "They take new ones from 1 April" in refused


def test_a_quick_withdrawal_gives_back_the_place_in_the_month_it_was_counted(profile):
    SpotlightProfile.objects.filter(pk=profile.pk).update(monthly_cap=2)
    ask(profile, "Asia/Tokyo", "4b1d2d3c-5f10-4c35-9b8c-6a4a1a3f0e05")
    request = InterviewRequest.objects.get()
    client = Client()
    client.force_login(request.student)

    client.post(reverse("interviews:cancel", args=[request.pk]), {"note": ""})

    profile.refresh_from_db()
    assert (profile.counted_month, profile.month_request_count) == (date(2027, 3, 1), 0)


def test_a_slow_period_covers_the_career_centers_days_not_the_students(profile):
    SlowPeriodFactory(name="Spring break", starts_on=date(2027, 4, 5), ends_on=date(2027, 4, 5))
    # 09:00 on 6 April in Tokyo is still 20:00 on 5 April in New York.
    tokyo_morning = datetime(2027, 4, 6, 0, 0, tzinfo=UTC)

    preview = ask(
        profile,
        "Asia/Tokyo",
        "4b1d2d3c-5f10-4c35-9b8c-6a4a1a3f0e06",
        tokyo_morning,
        action="preview",
    )

    assert "Tuesday 6 April 2027 at 09:00 Tokyo time (JST) falls in Spring break" in preview
