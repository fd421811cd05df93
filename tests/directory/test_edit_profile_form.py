"""The spotlight profile form: what an unchosen time zone means, named, and the volunteer's own
details marked for the browser to fill in (WCAG 1.3.5)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from apps.directory.services import profile_for
from tests.factories import AlumniFactory

pytestmark = pytest.mark.django_db

OWN_DETAILS = {
    "full_name": "name",
    "employer": "organization",
    "job_title": "organization-title",
    "city": "address-level2",
    "region": "address-level1",
    "country": "country-name",
    "phone": "tel",
    "linkedin_url": "url",
}


class Controls(HTMLParser):
    """Each named form control's attributes, and the options the time zone select shows."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.attributes: dict[str, dict] = {}
        self.chosen_zone: str | None = None
        self._select, self._option_chosen = None, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("input", "select", "textarea") and "name" in attributes:
            self.attributes[attributes["name"]] = attributes
        if tag == "select":
            self._select = attributes.get("name")
        if tag == "option" and self._select == "time_zone":
            self._option_chosen = "selected" in attributes

    def handle_data(self, data):
        if self._option_chosen:
            self.chosen_zone, self._option_chosen = data.strip(), False

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


@pytest.fixture(autouse=True)
def center_in_new_york(settings):
    settings.TIME_ZONE = "America/New_York"


def controls(client, user, url: str) -> Controls:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return Controls(response.content.decode())


def test_a_volunteer_who_never_chose_a_zone_sees_the_career_centers_named(client):
    volunteer = AlumniFactory()

    form = controls(client, volunteer, reverse("directory:edit_own_profile"))

    assert form.chosen_zone == "The career center's time zone (America/New York)"


def test_a_volunteer_whose_account_has_a_zone_sees_that_it_is_used(client):
    volunteer = AlumniFactory(time_zone="Europe/Berlin")

    form = controls(client, volunteer, reverse("directory:edit_own_profile"))

    assert form.chosen_zone == "Your account's time zone (Europe/Berlin)"


def test_a_chosen_zone_stays_chosen(client):
    volunteer = AlumniFactory()
    profile = profile_for(volunteer)
    profile.time_zone = "Asia/Tokyo"
    profile.save(update_fields=["time_zone"])

    form = controls(client, volunteer, reverse("directory:edit_own_profile"))

    assert form.chosen_zone == "Asia/Tokyo"


def test_the_volunteers_own_details_say_which_detail_they_are(client):
    form = controls(client, AlumniFactory(), reverse("directory:edit_own_profile"))

    found = {name: attributes.get("autocomplete") for name, attributes in form.attributes.items()}
    assert {name: found.get(name, "missing") for name in OWN_DETAILS} == OWN_DETAILS


def test_staff_typing_a_volunteers_details_are_not_offered_their_own(client, staff):
    volunteer = AlumniFactory()
    profile = profile_for(volunteer)

    form = controls(client, staff, reverse("directory:staff_edit_profile", args=[profile.pk]))

    names = ["email", *OWN_DETAILS]
    assert {name: form.attributes[name].get("autocomplete") for name in names} == dict.fromkeys(
        names, "off"
    )
    assert form.chosen_zone == "The career center's time zone (America/New York)"
