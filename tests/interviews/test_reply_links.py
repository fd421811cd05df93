"""One-click replies from the volunteer's email: each link does one thing, once, for a while."""

import re
from datetime import timedelta

import pytest
from django.core import signing

from apps.interviews import tokens
from apps.interviews.lifecycle import StaleRequest
from apps.interviews.models import Action, InterviewRequest, State, UsedToken
from apps.interviews.services import (
    accept_request,
    cancel_request,
    decline_request,
    reply_by_link,
)
from apps.interviews.tokens import (
    LinkExpired,
    LinkMismatch,
    LinkTampered,
    LinkUsed,
    make_token,
    read_token,
)
from tests.factories import StudentFactory
from tests.interviews.conftest import in_days, send

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver/inbox/reply/([^/\s]+)/")


def links_in(message) -> tuple[list[str], str]:
    """The accept links (one per time, in order) and the decline link of a request email."""
    found = LINK.findall(message.body)
    return found[:-1], found[-1]


@pytest.fixture
def emailed(asker, profile, committing, mailoutbox):
    with committing():
        request = send(asker, profile)
    [message] = mailoutbox
    mailoutbox.clear()
    accept, decline = links_in(message)
    return request, accept, decline


def test_the_email_has_an_accept_link_for_each_time_and_one_to_decline(emailed):
    request, accept, decline = emailed

    assert len(accept) == 3
    assert [read_token(token).proposed_time for token in accept] == request.student_times()
    assert read_token(decline).action == Action.DECLINE


def test_an_accept_link_schedules_its_own_time_and_both_are_told(emailed, committing, mailoutbox):
    request, accept, _ = emailed

    with committing():
        reply_by_link(token=accept[1])

    request.refresh_from_db()
    assert request.state == State.SCHEDULED
    assert request.scheduled_start == in_days(4)
    last = request.transitions.last()
    assert (last.action, last.actor, last.via_link) == (Action.ACCEPT, None, True)
    assert len(mailoutbox) == 2


def test_a_decline_link_declines_with_the_volunteers_note(emailed, committing, mailoutbox):
    request, _, decline = emailed

    with committing():
        reply_by_link(token=decline, note="Busy with year-end closing, sorry!")

    request.refresh_from_db()
    assert (request.state, request.decline_note) == (
        State.DECLINED,
        "Busy with year-end closing, sorry!",
    )
    assert "Busy with year-end closing, sorry!" in mailoutbox[0].body


def test_a_link_works_once(emailed, committing, mailoutbox):
    _, _, decline = emailed
    with committing():
        reply_by_link(token=decline)

    with committing(), pytest.raises(LinkUsed) as used:
        reply_by_link(token=decline)

    assert "This link has already been used" in used.value.message
    assert len(mailoutbox) == 1


def test_a_second_accept_link_after_the_first_explains_the_request_is_scheduled(emailed):
    request, accept, _ = emailed
    reply_by_link(token=accept[0])

    with pytest.raises(StaleRequest, match="This request was scheduled a moment ago"):
        reply_by_link(token=accept[1])

    request.refresh_from_db()
    assert request.scheduled_start == in_days(3)


def test_a_link_to_a_request_the_student_just_cancelled_changes_nothing(emailed, asker):
    request, accept, _ = emailed
    cancel_request(request=request, actor=asker)

    with pytest.raises(StaleRequest) as stale:
        reply_by_link(token=accept[0])

    assert stale.value.message == (
        "This request was cancelled by the student a moment ago, so it can't be accepted now."
    )
    assert not UsedToken.objects.exists()  # the failed click used nothing up


def test_a_changed_link_is_refused(emailed):
    _, _, decline = emailed
    payload, rest = decline.split(":", 1)
    tampered = payload[:-2] + ("AA" if not payload.endswith("AA") else "BB") + ":" + rest

    with pytest.raises(LinkTampered) as refused:
        reply_by_link(token=tampered)

    assert "part of it may be missing or changed" in refused.value.message
    assert "sign in to Spotlight" in refused.value.message


def test_a_cut_off_link_is_refused(emailed):
    _, _, decline = emailed

    with pytest.raises(LinkTampered):
        read_token(decline[:-5])


def test_a_link_expires_after_fourteen_days(emailed, clock):
    _, _, decline = emailed
    clock.shift(timedelta(days=14, minutes=1))

    with pytest.raises(LinkExpired) as expired:
        reply_by_link(token=decline)

    assert "reply links work for 14 days" in expired.value.message
    assert "the most recent email we sent you" in expired.value.message


def test_a_link_still_works_on_its_last_day(emailed, clock):
    _, _, decline = emailed
    clock.shift(timedelta(days=13, hours=23))

    assert reply_by_link(token=decline).state == State.DECLINED


def test_a_link_to_a_request_no_longer_there_is_refused(emailed):
    request, _, _ = emailed
    gone = signing.dumps(
        {"r": request.pk + 1000, "a": "decline", "t": None, "n": "x" * 22}, salt=tokens.SALT
    )

    with pytest.raises(LinkMismatch, match="a request that is no longer in Spotlight"):
        reply_by_link(token=gone)


def test_a_decline_link_cannot_be_used_to_accept(emailed):
    request, _, decline = emailed
    reply = read_token(decline)

    with pytest.raises(LinkMismatch, match="This link is for a different request or action"):
        accept_request(request=request, proposed_time=request.student_times()[0], link=reply)

    assert InterviewRequest.objects.get(pk=request.pk).state == State.REQUESTED


def test_a_verified_link_opens_nothing_but_its_own_request(emailed, profile):
    _, _, decline = emailed
    other = send(StudentFactory(), profile)
    reply = read_token(decline)

    with pytest.raises(LinkMismatch):
        decline_request(request=other, link=reply)

    assert InterviewRequest.objects.get(pk=other.pk).state == State.REQUESTED


def test_a_signed_link_naming_another_requests_time_is_refused(emailed, profile):
    request, _, _ = emailed
    other = send(StudentFactory(), profile)
    # Even a correctly signed link cannot pair this request with another request's time.
    forged = signing.dumps(
        {"r": request.pk, "a": "accept", "t": other.student_times()[0].pk, "n": "x" * 22},
        salt=tokens.SALT,
    )

    with pytest.raises(LinkMismatch, match="names a time that was not offered"):
        reply_by_link(token=forged)


def test_links_are_signed_for_replies_only(emailed):
    request, _, _ = emailed
    # A value signed by another part of the site (another salt) is not a reply link.
    elsewhere = signing.dumps({"r": request.pk, "a": "decline", "t": None, "n": "abc"})

    with pytest.raises(LinkTampered):
        read_token(elsewhere)


def test_only_accept_and_decline_have_links(sent):
    with pytest.raises(ValueError, match="No one-click link"):
        make_token(request=sent, action=Action.CANCEL_BY_VOLUNTEER)
