"""Page titles say which page, and whose, and lead with "Error: " when a form came back."""

import re

import pytest
from django.urls import reverse

from apps.directory.services import profile_for
from tests.factories import AlumniFactory, SpotlightProfileFactory

pytestmark = pytest.mark.django_db


def title_of(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.text, re.S)[1]


def test_a_staff_edit_page_names_whose_profile_it_is(client, staff):
    profile = SpotlightProfileFactory(full_name="Dana <i>Whitfield</i>")
    client.force_login(staff)

    response = client.get(reverse("directory:staff_edit_profile", args=[profile.pk]))

    assert (
        title_of(response)
        == "Edit Dana &lt;i&gt;Whitfield&lt;/i&gt;'s spotlight profile · Spotlight"
    )


def test_a_volunteer_edits_their_own_spotlight_profile(client):
    volunteer = AlumniFactory()
    profile_for(volunteer)
    client.force_login(volunteer)

    response = client.get(reverse("directory:edit_own_profile"))

    assert title_of(response) == "Your spotlight profile · Spotlight"


def test_a_form_that_came_back_with_errors_says_so_first(client):
    page = reverse("accounts:apply")

    assert not title_of(client.get(page)).startswith("Error")
    assert title_of(client.post(page, {"full_name": "Lena"})).startswith(
        "Error: Volunteer as an alumna"
    )
