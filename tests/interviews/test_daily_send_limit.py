"""A student sends at most a few requests in any 24 hours, the ones they cancelled included."""

from datetime import timedelta

import pytest
from django.core.exceptions import NON_FIELD_ERRORS
from django.urls import reverse

from apps.interviews.models import InterviewRequest
from apps.interviews.rules import RequestRefused
from apps.interviews.services import cancel_request
from tests.factories import SpotlightProfileFactory
from tests.interviews.conftest import send
from tests.interviews.student_helpers import form_data

pytestmark = pytest.mark.django_db


def someone():
    return SpotlightProfileFactory(employer="Fabrikam Bank")


def send_and_cancel(student, times: int, clock) -> None:
    for _ in range(times):
        cancel_request(request=send(student, someone()), actor=student)
        clock.shift(timedelta(minutes=30))


def test_the_sixth_send_in_a_day_is_refused_and_says_when_the_next_one_fits(asker, profile, clock):
    send_and_cancel(asker, 5, clock)

    with pytest.raises(RequestRefused) as refused:
        send(asker, profile)

    [message] = refused.value.check.errors[NON_FIELD_ERRORS]
    assert message.startswith(
        "You have sent 5 requests in the last 24 hours (cancelled ones count too), the most you "
        "can send in a day. You can send the next one from Tuesday 2 March 2027 at 10:00 New "
        "York time (EST)."
    )
    assert not InterviewRequest.objects.filter(profile=profile).exists()


def test_a_day_after_the_first_send_the_student_can_send_again(asker, profile, clock):
    send_and_cancel(asker, 5, clock)
    clock.shift(timedelta(hours=24) - timedelta(minutes=150))  # the first send's day is over

    assert send(asker, profile).profile == profile


def test_the_career_center_sets_the_daily_limit(asker, profile, clock, settings):
    settings.SPOTLIGHT_MAX_REQUESTS_PER_DAY = 1
    send_and_cancel(asker, 1, clock)

    with pytest.raises(RequestRefused, match="You have sent 1 request in the last 24 hours"):
        send(asker, profile)


def test_the_request_form_explains_the_limit_and_sends_nothing(client, asker, profile, clock):
    send_and_cancel(asker, 5, clock)
    client.force_login(asker)

    response = client.post(reverse("interviews:new", args=[profile.pk]), form_data())

    assert response.status_code == 200
    assert "You have sent 5 requests in the last 24 hours" in response.content.decode()
    assert not InterviewRequest.objects.filter(profile=profile).exists()
