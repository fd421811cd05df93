"""A student asks for an interview in a real browser: profile, form, preview, send, list and
detail, each page accessible and usable on a phone."""

import pytest
from django.urls import reverse

from apps.interviews.models import InterviewRequest
from tests.browser import assert_accessible, assert_fits_width
from tests.factories import QuestionFactory
from tests.interviews.conftest import PURPOSE
from tests.interviews.student_helpers import hold

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, viewport: str) -> None:
    assert_accessible(page)
    if viewport == "phone":
        assert_fits_width(page)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_student_asks_previews_sends_and_follows_a_request(visit, asker, profile, viewport):
    QuestionFactory(text="How did you get your first role in banking?")

    page = visit(reverse("directory:profile", args=[profile.pk]), viewport=viewport, user=asker)
    page.get_by_role("link", name="Request an interview with Priya Raman").click()
    page.get_by_role("heading", name="Ask Priya Raman for an informational interview").wait_for()
    check(page, viewport)

    page.get_by_label("Why this person, and what you want to learn").fill("Can we chat?")
    page.get_by_label("How did you get your first role in banking?").check()
    page.get_by_label("Your question 1").fill("Which skills carried over from teaching?")
    page.get_by_label("Video call").check()
    page.get_by_label("First time, New York time").fill("2027-03-04T09:00")
    page.get_by_label("Second time, New York time").fill("2027-03-05T09:00")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("alert").get_by_text("Tell Priya a little more").wait_for()
    assert page.get_by_label("Your question 1").input_value() == (
        "Which skills carried over from teaching?"
    )
    assert page.get_by_label("Second time, New York time").input_value() == "2027-03-05T09:00"
    check(page, viewport)

    page.get_by_label("Why this person, and what you want to learn").fill(PURPOSE)
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview: the email Priya will receive")
    preview.wait_for()
    assert "Thursday 4 March 2027 at 15:00 Berlin time (CET)" in preview.inner_text()
    assert not InterviewRequest.objects.exists()
    check(page, viewport)

    page.get_by_role("button", name="Send request").click()
    page.get_by_text("Your request is on its way to Priya Raman.").wait_for()
    page.get_by_role("heading", name="Your request to Priya Raman").wait_for()
    assert "Thursday 4 March 2027 at 09:00 New York time (EST)" in page.locator("main").inner_text()
    check(page, viewport)

    page.get_by_role("link", name="Your interview requests").click()
    page.get_by_role("heading", name="Your interview requests", level=1).wait_for()
    assert "Waiting for an answer" in page.locator("main").inner_text()
    check(page, viewport)

    page.get_by_role("link", name="Priya Raman").click()
    page.get_by_role("heading", name="Your request to Priya Raman").wait_for()
    assert InterviewRequest.objects.count() == 1


def test_after_the_conversation_the_student_takes_notes_and_sends_thanks_on_a_phone(
    visit, asker, sent, volunteer, clock
):
    held = hold(sent, volunteer, clock)

    page = visit(reverse("interviews:detail", args=[held.pk]), viewport="phone", user=asker)
    page.get_by_role("link", name="Write down what you learned").click()
    page.get_by_label("What I learned").fill("Credit analysis is mostly writing")
    check(page, "phone")
    page.get_by_role("button", name="Save your notes").click()
    page.get_by_text("Your notes are saved.").wait_for()

    page.get_by_role("link", name="Add someone Priya Raman suggested you talk to").click()
    page.get_by_label("Their name").fill("Jo Baker")
    check(page, "phone")
    page.get_by_role("button", name="Add to my networking log").click()
    page.get_by_text("Jo Baker is in your networking log.").wait_for()

    page.get_by_role("link", name="Write your thank-you note").click()
    note = page.get_by_label("Your thank-you note")
    assert "Credit analysis is mostly writing." in note.input_value()
    assert "suggesting that I talk to Jo Baker" in note.input_value()
    check(page, "phone")
    page.get_by_role("button", name="Send your thank-you note").click()
    page.get_by_text("Your thank-you note is on its way to Priya.").wait_for()
    assert "sent on 4 March 2027" in page.locator("main").inner_text()
    check(page, "phone")
