"""What the request form says about its fields: each problem once, the guidance once, and
what it needs before anything is sent."""

import html
import re

import pytest
from django.urls import reverse

from apps.interviews import rules
from apps.interviews.models import InterviewRequest, Question
from tests.factories import QuestionFactory
from tests.interviews.student_helpers import form_data

pytestmark = pytest.mark.django_db

# Mentions the volunteer's employer, so only its length and its stock phrase are refused.
SHORT_AND_VAGUE = "Can we chat about your move to Fabrikam Bank?"
GUIDANCE_START = "Say why you are asking this person in particular"


@pytest.fixture
def url(profile):
    return reverse("interviews:new", args=[profile.pk])


def purpose_notes(page: str) -> list[str]:
    """The error notes shown next to the purpose, as the student reads them."""
    block = re.search(r'<div id="id_purpose_error".*?</div>', page, re.DOTALL).group(0)
    notes = re.findall(r"<strong>(.*?)</strong>", block, re.DOTALL)
    return [html.unescape(" ".join(note.split())) for note in notes]


def test_a_purpose_failing_two_checks_gets_two_distinct_notes_and_the_guidance_once(signed_in, url):
    page = signed_in.post(url, form_data(purpose=SHORT_AND_VAGUE)).content.decode()

    notes = purpose_notes(page)
    assert len(notes) == len(set(notes)) == 2
    assert notes[0].startswith("Tell Priya a little more: your message has 9 words")
    assert notes[1].startswith("“Can we chat” doesn't tell Priya what you want to learn")
    assert html.unescape(page).count(GUIDANCE_START) == 1
    assert not InterviewRequest.objects.exists()


def test_several_stock_phrases_are_named_in_one_note(signed_in, url):
    purpose = (
        "Can we chat about your move to Fabrikam Bank? I would love to pick your brain and "
        "grab a coffee, since I want to build my network in credit analysis this spring."
    )

    notes = purpose_notes(signed_in.post(url, form_data(purpose=purpose)).content.decode())

    assert notes == [
        "“Can we chat” and “Pick your brain” and “Grab a coffee” and “Build my network” "
        "don't tell Priya what you want to learn, and asks like these are often left "
        "unanswered. Say instead what you would like to understand: how they got into their "
        "role, what a normal week looks like, which skills matter most."
    ]


def test_the_guidance_is_still_offered_before_anything_is_typed(signed_in, url):
    page = html.unescape(signed_in.get(url).content.decode())

    assert page.count(GUIDANCE_START) == 1
    assert rules.PURPOSE_GUIDANCE in page


def test_the_form_says_before_sending_that_a_question_is_needed(signed_in, url):
    QuestionFactory(text="How did you get your first role?")

    page = signed_in.get(url).content.decode()

    assert (
        '<fieldset class="mb-3" aria-describedby="questions-help">\n'
        '        <legend class="h5">Questions you would like to ask (at least one)</legend>'
    ) in page
    assert (
        '<p id="questions-help" class="form-text mt-0"><strong>Write at least one question'
        "</strong>, or pick some from the list." in page
    )


def test_without_a_question_bank_the_form_asks_only_for_the_students_own(signed_in, url):
    Question.objects.all().delete()

    page = signed_in.get(url).content.decode()

    assert "<strong>Write at least one question</strong>. Bring them" in page


def test_a_request_without_questions_is_still_refused_beside_them(signed_in, url):
    QuestionFactory(text="How did you get your first role?")

    response = signed_in.post(url, form_data(own_question_1="", own_question_2=""))

    assert response.context["form"].errors["questions"] == [
        "Add at least one question you would like to ask: pick from the question bank or "
        "write your own."
    ]
    assert 'id="error_1_id_questions"' in response.content.decode()
    assert not InterviewRequest.objects.exists()
