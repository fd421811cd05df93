"""The volunteer answers from the email in a real browser, on a phone, then finds it listed."""

import re

import pytest
import time_machine
from django.urls import reverse

from tests.browser import assert_accessible, assert_fits_width
from tests.factories import PASSWORD
from tests.interviews.conftest import NOW, send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clock():
    """The clock starts at NOW and runs, as the live server and the browser expect."""
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def check(page) -> None:
    assert_accessible(page)
    assert_fits_width(page)


def test_a_volunteer_accepts_from_the_email_then_sees_the_interview_in_their_inbox(
    visit, asker, profile, volunteer, mailoutbox
):
    send(asker, profile)  # committed at once here, so the request email is sent
    [email] = [message for message in mailoutbox if profile.email in message.to[0]]
    links = re.findall(r"https?://[^\s]+/inbox/reply/[^/\s]+/", email.body)
    second_time = links[1].split("/inbox/", 1)[1]

    page = visit("/inbox/" + second_time, viewport="phone")
    lead = page.locator("main .lead").inner_text()
    assert "Accept Friday 5 March 2027 at 15:00 Berlin time (CET) with Sam Okafor." in lead
    # Focus starts at the top of the page: the accept button is not the first thing heard.
    assert page.evaluate("document.activeElement === document.body")

    page.get_by_role("button", name="Accept this time").click()
    page.get_by_role("heading", name="Accepted", level=1).wait_for()
    assert "Your interview with Sam Okafor is on Friday 5 March 2027" in page.inner_text("main")
    check(page)

    page.get_by_role("link", name="See your requests").click()
    page.get_by_role("heading", name="Sign In").wait_for()
    page.get_by_label("Email").fill(volunteer.email)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.get_by_role("heading", name="Your interview requests", level=1).wait_for()
    assert page.url.endswith(reverse("inbox:list"))
    scheduled = page.get_by_role("region", name=re.compile("^Scheduled")).inner_text()
    assert "Sam Okafor" in scheduled
    assert "Friday 5 March 2027 at 15:00 Berlin time (CET)" in scheduled
    check(page)

    page.get_by_role("link", name="Sam Okafor").click()
    page.get_by_role("heading", name="Request from Sam Okafor", level=1).wait_for()
    assert "You, from the email — accepted a time" in page.inner_text("main")
    check(page)


def test_the_request_page_and_its_errors_are_accessible_on_a_phone(
    visit, asker, profile, volunteer
):
    request = send(asker, profile)

    page = visit(reverse("inbox:detail", args=[request.pk]), viewport="phone", user=volunteer)
    page.get_by_role("button", name="Accept this time").click()
    page.get_by_text("Choose one of the times.", exact=True).wait_for()
    check(page)

    page.get_by_label("Another time").fill("2027-03-01T16:30")
    page.get_by_label("A note with your proposal (optional)").fill("Mornings suit me best.")
    page.get_by_role("button", name="Propose this time").click()
    page.get_by_text("Propose a time at least two hours from now").first.wait_for()
    assert page.get_by_label("A note with your proposal (optional)").input_value() == (
        "Mornings suit me best."
    )
    check(page)
