"""Every account page in a real browser: accessible, and usable on a phone."""

import re

import pytest
from django.urls import reverse

from apps.advising.services import assign_advisor
from apps.notifications.models import Email
from tests.browser import assert_accessible
from tests.factories import AlumniApplicationFactory, EmailFactory, InvitationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = ["desktop", "phone"]


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(
    "name", ["account_login", "account_signup", "account_reset_password", "accounts:apply"]
)
def test_public_account_pages(visit, viewport, name):
    page = visit(reverse(name), viewport=viewport)

    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_an_invitation_page(visit, viewport):
    InvitationFactory(token="browser-token")

    page = visit(reverse("accounts:accept_invitation", args=["browser-token"]), viewport=viewport)

    assert page.get_by_label("Your name").is_visible()


def test_a_used_invitation_page(visit):
    InvitationFactory(token="used-token", accepted_at="2026-01-01T00:00Z")

    page = visit(reverse("accounts:accept_invitation", args=["used-token"]), status=410)

    assert "already been used" in page.locator("main").inner_text()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize(
    ("person", "name"),
    [
        ("student", "students:home"),
        ("alumnus", "directory:alumni_home"),
        ("advisor", "advising:home"),
        ("staff", "accounts:staff_home"),
        ("staff", "accounts:invitations"),
        ("staff", "accounts:applications"),
        ("staff", "advising:assignments"),
        ("staff", "notifications:outbox"),
        ("staff", "directory:staff_profiles"),
        ("staff", "directory:import_upload"),
        ("student", "directory:search"),
        ("student", "students:edit_profile"),
        ("alumnus", "directory:edit_own_profile"),
        ("student", "accounts:profile"),
        ("student", "accounts:delete_account"),
        ("student", "account_email"),
        ("student", "account_change_password"),
    ],
)
def test_signed_in_pages(visit, request, viewport, person, name, student, advisor, staff):
    assign_advisor(student=student, advisor=advisor, assigned_by=staff)
    AlumniApplicationFactory()
    EmailFactory(status=Email.Status.FAILED, last_error="SMTPDataError: (550, b'No such mailbox')")

    page = visit(reverse(name), viewport=viewport, user=request.getfixturevalue(person))

    assert page.locator("h1").count() == 1


def test_a_student_signs_up_confirms_signs_in_and_out(visit, mailoutbox):
    page = visit(reverse("account_signup"))
    page.get_by_label("Your name").fill("Lena Okafor")
    page.get_by_label("Email").fill("lena@example.edu")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("meadow-copper-lantern-58")
    page.get_by_label(re.compile(r"^\s*Password \(again\)")).fill("meadow-copper-lantern-58")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    assert_accessible(page)

    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Welcome, Lena").wait_for()
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name=re.compile("Learn about careers")).wait_for()
    page.get_by_role("link", name="Sign in").click()
    page.get_by_role("heading", name="Sign In").wait_for()
    assert_accessible(page)
    page.get_by_label("Email").fill("lena@example.edu")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill("meadow-copper-lantern-58")
    page.get_by_role("button", name="Sign In").click()

    page.get_by_role("heading", name="Welcome, Lena").wait_for()
    assert_accessible(page)
