"""A student keeps their networking log in a real browser: accessible, and usable on a phone."""

import pytest
from django.urls import reverse

from tests.browser import assert_accessible, assert_fits_width
from tests.students.factories import ContactFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_student_adds_a_contact_edits_it_and_sees_it_in_the_log(visit, student, viewport):
    ContactFactory(student=student, name="Old Friend", next_follow_up_on="2020-01-01")

    page = visit(reverse("students:home"), viewport=viewport, user=student)
    page.get_by_role("link", name="your networking log").click()
    page.get_by_role("heading", name="Your networking log", level=1).wait_for()
    assert "Overdue" in page.locator("main").inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="Add a person").click()
    page.get_by_role("heading", name="Add a person to your networking log").wait_for()
    page.get_by_label("Name").fill("Ada Mensah")
    page.get_by_label("Organisation").fill("City Hospital")
    page.get_by_label("How you know them").select_option(label="Professor")
    page.get_by_label("Email").fill("not an address")
    page.get_by_role("button", name="Add to my log").click()
    page.get_by_text("Enter a valid email address.", exact=True).wait_for()
    assert page.get_by_label("Name").input_value() == "Ada Mensah"
    assert_accessible(page)
    if viewport == "phone":
        assert_fits_width(page)

    page.get_by_label("Email").fill("ada@hospital.example.org")
    page.get_by_role("button", name="Add to my log").click()
    page.get_by_text("Ada Mensah is in your networking log.").wait_for()

    page.get_by_role("link", name="Edit Ada Mensah").click()
    page.get_by_role("heading", name="Ada Mensah", level=1).wait_for()
    assert_accessible(page)
    page.get_by_label("Notes").fill("Suggested I learn SQL and talk to her colleague Sam.")
    page.get_by_label("Thank-you note sent on").fill("2026-01-05")
    page.get_by_label("Next follow-up on").fill("2099-02-01")
    page.get_by_role("button", name="Save").click()

    page.get_by_text("Your notes on Ada Mensah are saved.").wait_for()
    log = page.locator("main").inner_text()
    assert "Thank-you note sent on 5 January 2026" in log
    assert "Next follow-up on 1 February 2099" in log
    assert_accessible(page)
    if viewport == "phone":
        assert_fits_width(page)


def test_removing_a_contact_asks_first(visit, student):
    contact = ContactFactory(student=student, name="Ada Mensah")

    page = visit(reverse("students:delete_contact", args=[contact.pk]), user=student)
    page.get_by_role("button", name="Remove Ada Mensah").click()

    page.get_by_text("Ada Mensah is no longer in your networking log.").wait_for()
    assert_accessible(page)
