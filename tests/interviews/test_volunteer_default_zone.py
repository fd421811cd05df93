"""A volunteer who never chose a time zone reads their emails on the career center's clock."""

import pytest

from apps.directory.models import SpotlightProfile
from tests.interviews.conftest import send

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def center_in_new_york(settings):
    settings.TIME_ZONE = "America/New_York"


def test_a_volunteer_without_a_zone_is_asked_on_the_career_centers_clock(
    asker, profile, committing, mailoutbox
):
    SpotlightProfile.objects.filter(pk=profile.pk).update(time_zone="")
    profile.refresh_from_db()

    with committing():
        request = send(asker, profile)

    assert request.volunteer_time_zone == "America/New_York"
    # 14:00 UTC on 4 March is 09:00 in New York.
    assert "Thursday 4 March 2027 at 09:00 New York time (EST)" in mailoutbox[0].body


def test_the_volunteers_account_zone_comes_before_the_career_centers(
    asker, profile, volunteer, committing, mailoutbox
):
    SpotlightProfile.objects.filter(pk=profile.pk).update(time_zone="")
    volunteer.time_zone = "Asia/Tokyo"
    volunteer.save(update_fields=["time_zone"])
    profile.refresh_from_db()

    with committing():
        request = send(asker, profile)

    assert request.volunteer_time_zone == "Asia/Tokyo"
    assert "Thursday 4 March 2027 at 23:00 Tokyo time (JST)" in mailoutbox[0].body
