"""A student searches the directory, narrows it down and opens a profile, in a real browser."""

import pytest
from django.urls import reverse

from tests.browser import assert_accessible
from tests.factories import IndustryFactory, SpotlightProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_student_searches_filters_and_opens_a_profile(visit, student, viewport):
    health = IndustryFactory(name="Healthcare", slug="healthcare")
    SpotlightProfileFactory(
        full_name="Aisha Bello", employer="St. Mary's Hospital", job_title="Nurse manager",
        industries=[health], story_advice="Shadow a nurse for a day before you decide.",
    )  # fmt: skip
    SpotlightProfileFactory(full_name="Priya Raman", employer="Fabrikam Bank")

    page = visit(reverse("directory:search"), viewport=viewport, user=student)
    page.get_by_label("Search the directory").fill("hospital")
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("heading", name="1 volunteer found").wait_for()
    assert_accessible(page)

    healthcare = page.get_by_label("Healthcare (1)")
    if not healthcare.is_visible():  # the filters stay open once a search is under way
        page.get_by_text("Filters and sorting").click()
    healthcare.check()
    page.get_by_label("Accepting requests now").check()
    page.get_by_role("button", name="Apply filters").click()
    page.get_by_role("heading", name="1 volunteer found").wait_for()
    assert "industry=healthcare" in page.url  # the search can be bookmarked and shared

    page.get_by_role("link", name="Aisha Bello").click()
    page.get_by_role("heading", name="Aisha Bello", level=1).wait_for()
    assert "Shadow a nurse" in page.locator("main").inner_text()
    assert_accessible(page)


def test_an_alumna_fills_in_her_profile(visit, alumnus):
    page = visit(reverse("directory:edit_own_profile"), user=alumnus)
    page.get_by_label("Graduation year").fill("2011")
    page.get_by_label("Current employer").fill("Contoso")
    page.get_by_role("button", name="Save profile").click()

    page.get_by_role("heading", name="Thank you for volunteering").wait_for()
    assert_accessible(page)
