"""Requests nobody moves forward expire, and the student hears about it instead of waiting."""

from datetime import timedelta

import pytest

from apps.interviews import tasks
from apps.interviews.lifecycle import IllegalTransition
from apps.interviews.models import Action, State
from apps.interviews.services import (
    accept_request,
    expire_request,
    expire_stale_requests,
    propose_time,
)
from apps.notifications.models import Email
from tests.interviews.conftest import NOW, TIMES, in_days, send

pytestmark = pytest.mark.django_db


def test_a_request_whose_times_have_all_passed_expires(sent, committing, mailoutbox):
    with committing():
        expired = expire_stale_requests(now=TIMES[-1] + timedelta(minutes=1))

    sent.refresh_from_db()
    assert expired == 1
    assert sent.state == State.EXPIRED
    last = sent.transitions.last()
    assert (last.action, last.actor, last.via_link) == (Action.EXPIRE, None, False)
    assert mailoutbox[0].subject == "Your request to Priya Raman has expired"


def test_a_request_with_a_time_still_ahead_waits(sent):
    assert expire_stale_requests(now=TIMES[1] + timedelta(minutes=1)) == 0

    sent.refresh_from_db()
    assert sent.state == State.REQUESTED


def test_a_request_untouched_for_fourteen_days_expires_even_with_times_ahead(asker, profile):
    request = send(asker, profile, times=[in_days(20), in_days(21)])

    assert expire_stale_requests(now=NOW + timedelta(days=13, hours=23)) == 0
    assert expire_stale_requests(now=NOW + timedelta(days=14)) == 1

    request.refresh_from_db()
    assert request.state == State.EXPIRED


def test_a_proposed_time_the_student_never_confirmed_expires_once_it_passes(
    sent, volunteer, committing, mailoutbox
):
    propose_time(request=sent, actor=volunteer, starts_at=in_days(2))

    with committing():
        assert expire_stale_requests(now=in_days(2) + timedelta(minutes=1)) == 1

    sent.refresh_from_db()
    assert sent.state == State.EXPIRED
    assert "was not confirmed in time" in mailoutbox[0].body


def test_scheduled_interviews_never_expire(sent, volunteer):
    accept_request(request=sent, proposed_time=sent.student_times()[0], actor=volunteer)

    assert expire_stale_requests(now=NOW + timedelta(days=60)) == 0


def test_a_request_still_within_its_time_cannot_be_expired(sent):
    with pytest.raises(IllegalTransition, match="still within its time"):
        expire_request(request=sent, now=NOW + timedelta(days=1))

    sent.refresh_from_db()
    assert sent.state == State.REQUESTED


def test_running_the_scan_twice_expires_once_and_emails_once(sent):
    later = NOW + timedelta(days=30)

    assert expire_stale_requests(now=later) == 1
    assert expire_stale_requests(now=later) == 0
    assert Email.objects.filter(event="interview_expired").count() == 1


def test_the_periodic_task_runs_the_scan(sent, clock):
    clock.shift(timedelta(days=30))

    tasks.expire_stale_requests.delay()

    sent.refresh_from_db()
    assert sent.state == State.EXPIRED
