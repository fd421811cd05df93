"""`<time datetime>` values are to the second: no microseconds, which some readers reject."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from apps.interviews.models import Action, State, Transition
from tests.factories import InterviewRequestFactory

pytestmark = pytest.mark.django_db


def test_a_request_timeline_gives_its_times_to_the_second(client):
    interview = InterviewRequestFactory(student__time_zone="UTC")
    Transition.objects.create(
        request=interview,
        to_state=State.REQUESTED,
        action=Action.SEND,
        actor=interview.student,
        at=datetime(2027, 3, 1, 15, 4, 5, 123456, tzinfo=UTC),
    )
    client.force_login(interview.student)

    page = client.get(reverse("interviews:detail", args=[interview.pk])).text

    assert re.findall(r'<time datetime="([^"]+)"', page) == ["2027-03-01T15:04:05+00:00"]
