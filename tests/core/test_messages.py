"""Messages after an action are announced: confirmations politely, errors at once."""

import re

import pytest
from django.urls import reverse

from tests.factories import AlumniApplicationFactory

pytestmark = pytest.mark.django_db


def region_of(response, text: str) -> str | None:
    """The live-region role around the message that says `text`."""
    found = re.search(
        rf'role="(\w+)">\s*<div class="alert[^"]*">{re.escape(text)}</div>', response.text
    )
    return found[1] if found else None


def test_a_confirmation_is_announced_as_a_status(client, student):
    client.force_login(student)
    response = client.post(
        reverse("students:add_contact"),
        {"name": "Ada Mensah", "relationship": "professor"},
        follow=True,
    )

    assert region_of(response, "Ada Mensah is in your networking log.") == "status"


def test_an_error_message_is_announced_as_an_alert(client, staff):
    application = AlumniApplicationFactory()
    client.force_login(staff)
    response = client.post(
        reverse("accounts:review_application", args=[application.pk]),
        {"decision": "maybe"},
        follow=True,
    )

    assert region_of(response, "Choose approve or decline.") == "alert"
