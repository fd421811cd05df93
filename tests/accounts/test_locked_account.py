"""Anyone can lock an account with wrong passwords; its owner gets in through a password reset."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-password-9"


def sign_in(client, email: str, password: str, address: str = "198.51.100.7"):
    data = {"login": email, "password": password}
    return client.post(reverse("account_login"), data, REMOTE_ADDR=address)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def lock(client, email: str) -> None:
    for _ in range(5):
        sign_in(client, email, "wrong-password", address="203.0.113.66")


def reset_password_by_email(client, email, mailoutbox, capture) -> None:
    with capture(execute=True):
        client.post(reverse("account_reset_password"), {"email": email})
    link = re.search(r"https?://\S+/password/reset/key/\S+", mailoutbox[-1].body).group(0)
    set_password_page = client.get(urlsplit(link).path, follow=True)
    client.post(
        set_password_page.redirect_chain[-1][0],
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )


def test_the_locked_sign_in_page_tells_the_owner_to_reset_their_password(client, student):
    lock(client, student.email)

    response = sign_in(client, student.email, PASSWORD)

    page = response.content.decode()
    assert not is_signed_in(client)
    assert "locked for a few minutes" in page
    assert "choose “Forgot your password?”" in page
    assert reverse("account_reset_password") in page


def test_a_locked_out_owner_signs_in_at_once_after_resetting_the_password(
    client, student, mailoutbox, django_capture_on_commit_callbacks
):
    lock(client, student.email)

    reset_password_by_email(client, student.email, mailoutbox, django_capture_on_commit_callbacks)
    sign_in(client, student.email, NEW_PASSWORD)

    assert is_signed_in(client)
