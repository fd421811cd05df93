"""Every field that asks for the person's own details says which detail, so browsers can fill
it in and assistive technology can name it (WCAG 1.3.5)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = {"password1": "new-password", "password2": "new-password"}


class Fields(HTMLParser):
    """The autocomplete attribute of each named form control on a page (None if absent)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.autocomplete: dict[str, str | None] = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("input", "select", "textarea") and "name" in attributes:
            self.autocomplete[attributes["name"]] = attributes.get("autocomplete")


def autocomplete_on(client, url: str) -> dict[str, str | None]:
    response = client.get(url)
    assert response.status_code == 200
    return Fields(response.content.decode()).autocomplete


def assert_tokens(client, url: str, expected: dict[str, str | None]) -> None:
    found = autocomplete_on(client, url)
    assert {name: found.get(name, "missing") for name in expected} == expected


def test_sign_up_names_each_detail(client):
    expected = {"full_name": "name", "email": "email", **NEW_PASSWORD}
    assert_tokens(client, reverse("account_signup"), expected)


def test_sign_in_names_the_address_and_the_current_password(client):
    expected = {"login": "email", "password": "current-password"}
    assert_tokens(client, reverse("account_login"), expected)


def test_forgotten_password_names_the_address(client):
    assert_tokens(client, reverse("account_reset_password"), {"email": "email"})


def test_accepting_an_invitation_names_the_name_and_the_new_password(client):
    InvitationFactory(token="welcome")
    url = reverse("accounts:accept_invitation", args=["welcome"])
    assert_tokens(client, url, {"full_name": "name", **NEW_PASSWORD})


def test_the_volunteer_offer_names_name_address_employer_and_job_title(client):
    expected = {
        "full_name": "name",
        "email": "email",
        "employer": "organization",
        "job_title": "organization-title",
    }
    assert_tokens(client, reverse("accounts:apply"), expected)


def test_settings_name_the_name_and_leave_pronouns_alone(client, alumnus):
    client.force_login(alumnus)
    assert_tokens(client, reverse("accounts:profile"), {"full_name": "name", "pronouns": None})


def test_changing_the_password_names_old_and_new(client, student):
    client.force_login(student)
    url = reverse("account_change_password")
    assert_tokens(client, url, {"oldpassword": "current-password", **NEW_PASSWORD})


def test_adding_an_address_names_it(client, student):
    client.force_login(student)
    assert_tokens(client, reverse("account_email"), {"email": "email"})


def test_deleting_the_account_asks_for_the_current_password(client, student):
    client.force_login(student)
    assert_tokens(client, reverse("accounts:delete_account"), {"password": "current-password"})


def test_a_contact_in_the_log_is_not_filled_in_with_the_student_own_details(client, student):
    client.force_login(student)
    found = autocomplete_on(client, reverse("students:add_contact"))
    own = {"name", "email", "organization", "organization-title", "tel", "url"}
    assert not own & set(found.values())
