import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def email_help(client) -> str:
    page = client.get(reverse("account_signup")).content.decode()
    field = re.search(r"<input[^>]*name=\"email\"[^>]*>", page).group(0)
    described_by = re.search(r'aria-describedby="([^"]*)"', field).group(1)
    return re.search(rf'id="{described_by}"[^>]*>(.*?)</', page, re.S).group(1)


def test_sign_up_names_the_accepted_domains_before_anything_is_typed(client, settings):
    settings.SPOTLIGHT_STUDENT_EMAIL_DOMAINS = ["example.edu", "med.example.org"]

    assert email_help(client) == (
        "Use your university email address, ending in @example.edu or @med.example.org."
    )


def test_the_domains_named_on_sign_up_are_escaped(client, settings):
    settings.SPOTLIGHT_STUDENT_EMAIL_DOMAINS = ["<b>example.edu"]

    assert "@&lt;b&gt;example.edu" in email_help(client)
