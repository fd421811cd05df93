"""The stored ranking weight behind fair ranking: current after each change and each night."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.directory import ranking
from apps.directory.models import SpotlightProfile
from apps.directory.services import count_request
from apps.directory.tasks import refresh_ranking
from tests.factories import SpotlightProfileFactory

pytestmark = pytest.mark.django_db


def weight_of(profile) -> float:
    return SpotlightProfile.objects.values_list("rank_weight", flat=True).get(pk=profile.pk)


def test_a_volunteer_filling_their_month_sinks_at_once(client, student):
    same = {"employer": "Tailspin Toys", "job_title": "Buyer", "monthly_cap": 2}
    first = SpotlightProfileFactory(full_name="Asked Twice", last_active_at=timezone.now(), **same)
    SpotlightProfileFactory(
        full_name="Not Asked", last_active_at=timezone.now() - timezone.timedelta(days=9), **same
    )
    count_request(first.pk)
    count_request(first.pk)
    client.force_login(student)

    found = client.get(reverse("directory:search")).context["search"].page.object_list

    assert [profile.full_name for profile in found] == ["Not Asked", "Asked Twice"]
    assert weight_of(first) == pytest.approx(0.5 * (1 - 0.4))


def test_each_night_a_volunteer_back_from_a_pause_rises_again():
    today = timezone.localdate()
    back = SpotlightProfileFactory(paused_until=today + timezone.timedelta(days=1))
    assert weight_of(back) == 0.5

    with time_machine.travel(timezone.now() + timezone.timedelta(days=2)):
        assert refresh_ranking() >= 1

    assert weight_of(back) == 1.0


def test_the_weight_counts_only_this_months_requests():
    last_month = (timezone.localdate().replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
    busy_before = SpotlightProfileFactory(monthly_cap=4)
    SpotlightProfile.objects.filter(pk=busy_before.pk).update(
        month_request_count=4, counted_month=last_month
    )

    ranking.refresh(SpotlightProfile.objects.filter(pk=busy_before.pk))

    assert weight_of(busy_before) == 1.0
