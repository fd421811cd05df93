"""After a failed submit a form opens with a summary of its problems: focused, announced, named in
the page title, each problem linking to its field; and every field gives back what was typed."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from tests.browser import assert_accessible, assert_fits_width
from tests.factories import SpotlightProfileFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = "[data-error-summary]"


def assert_summary_has_focus(page: Page) -> None:
    summary = page.locator(SUMMARY)
    summary.wait_for()
    assert summary.get_attribute("role") == "alert"
    assert summary.get_by_role("heading", name="There is a problem").is_visible()
    assert page.evaluate(f"document.activeElement.matches('{SUMMARY}')")
    assert page.title().startswith("Error: ")
    assert_accessible(page)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_failed_offer_to_volunteer_opens_on_its_problems(visit, viewport):
    page = visit(reverse("accounts:apply"), viewport=viewport)
    assert not page.title().startswith("Error")
    page.get_by_label("Graduation year").fill("twenty ten")
    page.get_by_role("button", name="Send my offer").click()

    assert_summary_has_focus(page)
    if viewport == "phone":
        assert_fits_width(page)
    assert page.get_by_label("Graduation year").input_value() == "twenty ten"
    page.locator(SUMMARY).get_by_role("link", name=re.compile("^Your name:")).click()
    assert page.evaluate("document.activeElement.id") == "id_full_name"


def test_a_failed_sign_in_opens_on_its_problem(visit):
    UserFactory(email="dana@example.org")

    page = visit(reverse("account_login"))
    page.get_by_label("Email").fill("dana@example.org")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("not her password")
    page.get_by_role("button", name="Sign In").click()

    assert_summary_has_focus(page)
    assert "not correct" in page.locator(SUMMARY).inner_text()
    # Said once, in the summary, not again above the fields.
    assert page.get_by_text(re.compile("not correct")).count() == 1


def test_a_profile_with_a_mistyped_date_away_keeps_it_and_names_the_entry(visit, staff):
    profile = SpotlightProfileFactory(full_name="Dana Whitfield")

    page = visit(reverse("directory:staff_edit_profile", args=[profile.pk]), user=staff)
    page.locator("#id_away-0-starts_on").fill("14 Marhc 2027")
    page.locator("#id_away-0-ends_on").fill("2027-03-20")
    page.get_by_role("button", name="Save profile").click()

    assert_summary_has_focus(page)
    page.locator(SUMMARY).get_by_role(
        "link", name="Away from (entry 1): Enter a valid date."
    ).click()
    assert page.evaluate("document.activeElement.id") == "id_away-0-starts_on"
    assert page.locator("#id_away-0-starts_on").input_value() == "14 Marhc 2027"
    assert page.locator("#id_away-0-ends_on").input_value() == "2027-03-20"
