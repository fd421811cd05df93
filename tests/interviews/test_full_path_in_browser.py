"""The whole path in a real browser: the student asks, the volunteer accepts from the email,
the student writes notes and a referral after the talk, and the thanks reach the volunteer's
inbox. Every page on the way is checked for accessibility."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from apps.interviews.models import InterviewRequest, State
from apps.students.models import Contact
from tests.browser import assert_accessible
from tests.factories import QuestionFactory
from tests.interviews.conftest import NOW, PURPOSE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clock():
    """The clock starts at NOW and runs, as the live server and the browser expect."""
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def test_from_the_ask_to_the_thanks(visit, asker, profile, volunteer, mailoutbox, clock):
    QuestionFactory(text="How did you get your first role in banking?")

    # The student asks, on the profile they researched.
    page = visit(reverse("directory:profile", args=[profile.pk]), user=asker)
    page.get_by_role("link", name="Request an interview with Priya Raman").click()
    page.get_by_label("Why this person, and what you want to learn").fill(PURPOSE)
    page.get_by_label("How did you get your first role in banking?").check()
    page.get_by_label("Video call").check()
    page.get_by_label("First time, New York time").fill("2027-03-04T09:00")
    page.get_by_label("Second time, New York time").fill("2027-03-05T09:00")
    assert_accessible(page)
    page.get_by_role("button", name="Send request").click()
    page.get_by_text("Your request is on its way to Priya Raman.").wait_for()
    assert_accessible(page)

    # The volunteer accepts the first time from the email, without signing in.
    [email] = [message for message in mailoutbox if profile.email in message.to[0]]
    accept_first = re.findall(r"https?://\S+/inbox/reply/\S+/", email.body)[0]
    answer = visit("/inbox/" + accept_first.split("/inbox/", 1)[1])
    answer.get_by_role("button", name="Accept this time").click()
    answer.get_by_role("heading", name="Accepted", level=1).wait_for()
    assert_accessible(answer)
    interview = InterviewRequest.objects.get()
    assert interview.state == State.SCHEDULED

    # After the talk, the student marks it as held, takes notes, adds a referral, thanks.
    clock.move_to(interview.scheduled_start + timedelta(minutes=40))
    page = visit(reverse("interviews:detail", args=[interview.pk]), user=asker)
    page.get_by_role("button", name="Yes, mark it as held").click()
    page.get_by_role("link", name="Write down what you learned").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Write down what you learned").click()
    page.get_by_label("What I learned").fill("Credit analysis is mostly writing")
    page.get_by_role("button", name="Save your notes").click()
    page.get_by_text("Your notes are saved.").wait_for()
    page.get_by_role("link", name="Add someone Priya Raman suggested you talk to").click()
    page.get_by_label("Their name").fill("Jo Baker")
    assert_accessible(page)
    page.get_by_role("button", name="Add to my networking log").click()
    page.get_by_text("Jo Baker is in your networking log.").wait_for()
    page.get_by_role("link", name="Write your thank-you note").click()
    assert (
        "Credit analysis is mostly writing"
        in page.get_by_label("Your thank-you note").input_value()
    )
    assert_accessible(page)
    page.get_by_role("button", name="Send your thank-you note").click()
    page.get_by_text("Your thank-you note is on its way to Priya.").wait_for()
    assert Contact.objects.get(name="Jo Baker").referred_in == interview

    # The thanks arrive by email and in the volunteer's inbox.
    thanks = [message for message in mailoutbox if "thank" in message.subject.lower()]
    assert [profile.email in message.to[0] for message in thanks] == [True]
    inbox = visit(reverse("inbox:detail", args=[interview.pk]), user=volunteer)
    thanked = inbox.get_by_role("region", name="Sam Okafor thanked you").inner_text()
    assert "Credit analysis is mostly writing" in thanked
    assert_accessible(inbox)
