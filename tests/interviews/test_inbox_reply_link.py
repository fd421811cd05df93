"""One-click links from the request email: GET asks, POST does the one thing the link names."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from apps.interviews import tokens
from apps.interviews.models import Action, InterviewNote, InterviewRequest, State, UsedToken
from apps.interviews.services import cancel_request
from apps.notifications.models import Email
from apps.students.models import StudentProfile
from tests.factories import SpotlightProfileFactory, StudentFactory
from tests.interviews.conftest import in_days, send

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/inbox/reply/[^/\s]+/)")
# Focus starts at the top of the page, never on a button past the fields or below the fold.
AUTOFOCUS = re.compile(r"<(button|input|select|textarea)\b[^>]*\bautofocus\b")


@pytest.fixture
def links(asker, profile, committing, mailoutbox):
    """The paths of the accept links (one per time) and the decline link, from the email."""
    with committing():
        request = send(asker, profile)
    [message] = mailoutbox
    mailoutbox.clear()
    found = LINK.findall(message.body)
    return request, found[:-1], found[-1]


def state_of(request) -> str:
    return InterviewRequest.objects.get(pk=request.pk).state


def test_opening_an_accept_link_asks_to_confirm_and_changes_nothing(client, links):
    request, accept, _ = links

    response = client.get(accept[1])

    assert response.status_code == 200
    page = response.content.decode()
    assert "Accept Friday 5 March 2027 at 15:00 Berlin time (CET) with Sam Okafor." in page
    main = page.split("<main", 1)[1]
    assert main.count("<button") == 1
    assert re.search(r"<button[^>]*>Accept this time</button>", main)
    assert not AUTOFOCUS.search(page)
    assert '<form class="narrow-form" method="post" novalidate>' in main  # to this same URL
    assert state_of(request) == State.REQUESTED
    assert not UsedToken.objects.exists()
    assert not Email.objects.exclude(event="interview_request_received").exists()


def test_confirming_accepts_the_time_of_the_link(client, links, committing, mailoutbox):
    request, accept, _ = links
    client.get(accept[1])

    with committing():
        response = client.post(accept[1])

    assert response.status_code == 200
    page = response.content.decode()
    assert "Your interview with Sam Okafor is on Friday 5 March 2027 at 15:00 Berlin time" in page
    request = InterviewRequest.objects.get(pk=request.pk)
    assert (request.state, request.scheduled_start) == (State.SCHEDULED, in_days(4))
    last = request.transitions.last()
    assert (last.action, last.actor, last.via_link) == (Action.ACCEPT, None, True)
    assert len(mailoutbox) == 2
    assert f'href="{reverse("inbox:list")}"' in page


def test_a_second_confirmation_says_the_link_was_used(client, links, committing, mailoutbox):
    _, accept, _ = links
    with committing():
        client.post(accept[0])

    with committing():
        again = client.post(accept[0])
    reopened = client.get(accept[0])

    assert again.status_code == reopened.status_code == 410
    assert "This link has already been used" in again.content.decode()
    assert "This link has already been used" in reopened.content.decode()
    assert len(mailoutbox) == 2


def test_another_time_of_an_accepted_request_explains_what_happened(client, links):
    _, accept, _ = links
    client.post(accept[0])

    response = client.get(accept[1])

    assert response.status_code == 409
    assert "This request was scheduled a moment ago, so it can&#x27;t be accepted now." in (
        response.content.decode()
    )


def test_a_link_to_a_request_the_student_cancelled_explains_and_uses_nothing_up(
    client, links, asker
):
    request, accept, _ = links
    page_before = client.get(accept[0])
    cancel_request(request=request, actor=asker)

    response = client.post(accept[0])

    assert page_before.status_code == 200
    assert response.status_code == 409
    page = response.content.decode()
    assert "This request was cancelled by the student a moment ago" in page
    assert "this link was not used up" in page
    assert state_of(request) == State.CANCELLED_BY_STUDENT
    assert not UsedToken.objects.exists()


def test_a_cancel_during_the_confirmation_is_explained_and_uses_nothing_up(
    client, links, asker, monkeypatch
):
    """The student cancels after the page read the link and before the change was made."""
    request, accept, _ = links
    read = tokens.read_token

    def read_then_cancelled(token, **kwargs):
        reply = read(token, **kwargs)
        if not InterviewRequest.objects.filter(pk=request.pk, state=State.REQUESTED).exists():
            return reply
        cancel_request(request=InterviewRequest.objects.get(pk=request.pk), actor=asker)
        return reply

    monkeypatch.setattr(tokens, "read_token", read_then_cancelled)

    response = client.post(accept[0])

    assert response.status_code == 409
    assert "cancelled by the student a moment ago" in response.content.decode()
    assert not UsedToken.objects.exists()


def test_a_decline_link_offers_a_note_and_a_suggestion(client, links):
    _, _, decline = links

    page = client.get(decline).content.decode()

    assert "Decline the request from Sam Okafor." in page
    assert 'name="decline-note"' in page
    assert 'name="decline-suggested_profile"' in page
    assert re.search(r"<button[^>]*>Decline the request</button>", page)
    assert not AUTOFOCUS.search(page)


def test_declining_by_link_sends_the_note_and_the_suggestion(client, links, committing, mailoutbox):
    request, _, decline = links
    colleague = SpotlightProfileFactory(full_name="Lee Colleague")

    with committing():
        response = client.post(
            decline,
            {"decline-note": "Busy with closing.", "decline-suggested_profile": "Lee Colleague"},
        )

    assert response.status_code == 200
    assert "You declined the request from Sam Okafor." in response.content.decode()
    request = InterviewRequest.objects.get(pk=request.pk)
    assert (request.state, request.decline_note, request.suggested_profile) == (
        State.DECLINED,
        "Busy with closing.",
        colleague,
    )
    assert "Lee Colleague" in mailoutbox[0].body


def test_a_wrong_suggestion_keeps_the_note_and_uses_nothing_up(client, links):
    request, _, decline = links

    response = client.post(
        decline, {"decline-note": "Busy with closing.", "decline-suggested_profile": "Nobody"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Nobody called “Nobody” is listed in the directory." in page
    assert "Busy with closing.</textarea>" in page
    assert state_of(request) == State.REQUESTED
    assert not UsedToken.objects.exists()


def test_a_changed_link_is_refused_with_an_explanation(client, links):
    _, accept, _ = links
    token = accept[0].split("/")[-2]
    tampered = reverse(
        "inbox:reply", args=[token[:-4] + ("abcd" if token[-4:] != "abcd" else "wxyz")]
    )

    response = client.get(tampered)

    assert response.status_code == 400
    page = response.content.decode()
    assert "part of it may be missing or changed" in page
    assert "Sam Okafor" not in page


def test_an_expired_link_explains_itself(client, links, clock):
    _, _, decline = links
    clock.shift(timedelta(days=14, minutes=1))

    response = client.get(decline)

    assert response.status_code == 410
    assert "This link has expired: reply links work for 14 days." in response.content.decode()


def test_a_link_naming_another_requests_time_is_refused(client, links, profile):
    request, _, _ = links
    other = send(StudentFactory(full_name="Olga Other"), profile)
    forged = signing.dumps(
        {"r": request.pk, "a": "accept", "t": other.student_times()[0].pk, "n": "x" * 22},
        salt=tokens.SALT,
    )

    response = client.get(reverse("inbox:reply", args=[forged]))

    assert response.status_code == 400
    page = response.content.decode()
    assert "names a time that was not offered" in page
    assert "Olga Other" not in page


def test_a_link_page_shows_only_what_the_email_showed(client, links, asker, profile):
    request, accept, _ = links
    StudentProfile.objects.create(user=asker, introduction="Private-ish introduction")
    InterviewNote.objects.create(request=request, notes="My private notes")
    other = send(StudentFactory(full_name="Olga Other"), profile)

    page = client.get(accept[0]).content.decode()

    assert "Sam Okafor" in page
    assert "You moved from teaching into credit analysis" in page
    for hidden in (asker.email, "My private notes", "Olga Other", f"/inbox/{other.pk}/"):
        assert hidden not in page
    assert f"/inbox/{request.pk}/" not in page


def test_the_link_page_is_never_cached(client, links):
    _, accept, _ = links

    response = client.get(accept[0])

    assert "no-store" in response["Cache-Control"]


def test_the_confirmation_needs_the_csrf_token_its_page_set(links):
    _, accept, _ = links
    browser = Client(enforce_csrf_checks=True)

    page = browser.get(accept[0]).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    forged = Client(enforce_csrf_checks=True).post(accept[0])
    confirmed = browser.post(accept[0], {"csrfmiddlewaretoken": token})

    assert forged.status_code == 403
    assert confirmed.status_code == 200
    assert UsedToken.objects.count() == 1


def test_a_link_for_a_time_that_has_passed_explains_it(client, links, clock):
    request, accept, _ = links
    clock.move_to(in_days(3) + timedelta(minutes=1))

    response = client.get(accept[0])

    assert response.status_code == 409
    assert "That time has already passed" in response.content.decode()
    assert state_of(request) == State.REQUESTED
