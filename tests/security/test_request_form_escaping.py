"""A volunteer's name is text on the request form, never markup in the student's browser."""

import pytest
from django.urls import reverse

from tests.factories import SpotlightProfileFactory

pytestmark = pytest.mark.django_db
SCRIPT = "<svg/onload=alert(document.cookie)>"


def test_a_volunteers_name_in_the_minutes_hint_is_escaped(client, student):
    profile = SpotlightProfileFactory(full_name=f"{SCRIPT} Raman", preferred_minutes=20)
    client.force_login(student)

    response = client.get(reverse("interviews:new", args=[profile.pk]))

    assert SCRIPT not in response.text
    assert "&lt;svg/onload=alert(document.cookie)&gt; prefers about 20 minutes." in response.text
