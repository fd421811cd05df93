"""No input to the volunteer's answers, however odd, reaches a 500 page."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.interviews.inbox_helpers import decline_token, request_to

ANY_TEXT = st.text(max_size=300)
EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def next_example(clock) -> None:
    """Hypothesis seeds `random` alike for every example and our clock stands still, so the
    emails' Message-IDs (time and random bits) would repeat: move the clock on instead."""
    clock.shift(timedelta(seconds=1))


ANSWERS = {
    "inbox:accept": ["accept-time", "accept-meeting_details"],
    "inbox:propose": ["propose-starts_at", "propose-note", "propose-meeting_details"],
    "inbox:decline": ["decline-note", "decline-suggested_profile"],
    "inbox:cancel": ["cancel-note"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ANSWERS)
@EXAMPLES
@given(data=st.data())
def test_answers_never_fail(name, alumnus, clock, data):
    next_example(clock)
    client = Client()
    client.force_login(alumnus)
    request = request_to(alumnus)
    values = {field: data.draw(ANY_TEXT, label=field) for field in ANSWERS[name]}

    assert client.post(reverse(name, args=[request.pk]), values).status_code < 500


@pytest.mark.django_db
@EXAMPLES
@given(data=st.data())
def test_the_decline_link_never_fails(alumnus, clock, data):
    next_example(clock)
    token = decline_token(request_to(alumnus))
    values = {field: data.draw(ANY_TEXT, label=field) for field in ANSWERS["inbox:decline"]}

    assert Client().post(reverse("inbox:reply", args=[token]), values).status_code < 500


@pytest.mark.django_db
@EXAMPLES
@given(token=st.text(alphabet=st.characters(exclude_characters="/"), min_size=1, max_size=200))
def test_any_reply_link_is_answered_without_failing(token):
    assert Client().get(reverse("inbox:reply", args=[token])).status_code in (400, 410)
