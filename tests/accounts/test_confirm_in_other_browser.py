"""Confirming a new account's address signs its owner in, in whichever browser opens the link."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from tests.factories import StudentFactory

pytestmark = pytest.mark.django_db

PASSWORD = "violet-harbour-lantern-42"
LINK = re.compile(r"http://testserver(/accounts/confirm-email/\S+/)")


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def confirmation_link(message) -> str:
    return LINK.search(message.body).group(1)


def signed_up(committing, mailoutbox, email: str = "noor@example.edu") -> str:
    """Signs up on one browser (the laptop) and returns the link from the email it sent."""
    data = {"full_name": "Noor Haddad", "email": email, "password1": PASSWORD}
    with committing():
        Client().post(reverse("account_signup"), data | {"password2": PASSWORD})
    return confirmation_link(mailoutbox[-1])


def open_link(link: str):
    """Opens the link in a fresh browser (the phone) and presses its Confirm button; the
    response's `client` is that browser."""
    browser = Client()
    browser.get(link)
    return browser.post(link)


def is_signed_in(browser: Client) -> bool:
    return SESSION_KEY in browser.session


def test_the_link_opened_in_another_browser_signs_the_new_student_in_on_the_home_page(
    committing, mailoutbox
):
    confirmed = open_link(signed_up(committing, mailoutbox))

    assert confirmed["Location"] == reverse("accounts:home")
    home = confirmed.client.get(confirmed["Location"], follow=True)
    assert "Welcome, Noor" in home.content.decode()
    assert EmailAddress.objects.get(email="noor@example.edu").verified


def test_the_same_link_opened_again_signs_nobody_in(committing, mailoutbox):
    link = signed_up(committing, mailoutbox)
    open_link(link)

    third = open_link(link).client

    assert not is_signed_in(third)
    assert third.get(reverse("accounts:home")).status_code == 302


def test_an_expired_link_signs_nobody_in(committing, mailoutbox):
    link = signed_up(committing, mailoutbox)

    with time_machine.travel(timezone.now() + timedelta(days=4)):
        phone = open_link(link).client

    assert not is_signed_in(phone)
    assert not EmailAddress.objects.get(email="noor@example.edu").verified


def test_a_deactivated_account_is_confirmed_but_not_signed_in(committing, mailoutbox):
    link = signed_up(committing, mailoutbox)
    User.objects.filter(email="noor@example.edu").update(is_active=False)

    phone = open_link(link).client

    assert not is_signed_in(phone)


def test_confirming_a_new_address_of_an_existing_account_signs_nobody_in(committing, mailoutbox):
    student = StudentFactory(email="sam@example.edu")
    laptop = Client()
    laptop.force_login(student)
    with committing():
        laptop.post(reverse("account_email"), {"action_add": "", "email": "sam.o@example.edu"})

    phone = open_link(confirmation_link(mailoutbox[-1])).client

    assert EmailAddress.objects.get(email="sam.o@example.edu").verified
    assert not is_signed_in(phone)
