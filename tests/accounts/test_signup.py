import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from apps.accounts.models import Role, User
from tests.mail import recipients

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "violet-harbour-lantern-42"


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Run the commit hooks (which hand emails to the outbox's task) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def sign_up(client, email: str, name: str = "Noor Haddad", password: str = GOOD_PASSWORD):
    data = {"full_name": name, "email": email, "password1": password, "password2": password}
    return client.post(reverse("account_signup"), data)


def test_a_student_signs_up_with_a_university_address(client, mailoutbox, committing):
    with committing():
        response = sign_up(client, "Noor.Haddad@example.edu")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="noor.haddad@example.edu")
    assert (user.role, user.full_name) == (Role.STUDENT, "Noor Haddad")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    assert re.search(r"http://testserver/accounts/confirm-email/\S+/", mailoutbox[0].body)


def test_an_address_at_a_subdomain_of_the_university_is_accepted(client, settings):
    settings.SPOTLIGHT_STUDENT_EMAIL_DOMAINS = ["example.edu"]

    sign_up(client, "noor@students.example.edu")

    assert User.objects.filter(email="noor@students.example.edu").exists()


def test_a_foreign_address_is_refused_next_to_the_field_and_the_name_is_kept(client):
    response = sign_up(client, "noor@gmail.com")

    assert response.status_code == 200
    form = response.context["form"]
    assert "Use your university email address (ending in @example.edu)" in form.errors["email"][0]
    assert 'value="Noor Haddad"' in response.content.decode()
    assert not User.objects.exists()


def test_a_look_alike_domain_is_refused(client):
    sign_up(client, "noor@notexample.edu")

    assert not User.objects.exists()


def test_signing_up_with_a_taken_address_looks_the_same_and_tells_only_the_owner(
    client, student, mailoutbox, committing
):
    with committing():
        response = sign_up(client, student.email)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.count() == 1
    assert recipients(mailoutbox) == [student.email]
    assert "already have an account" in mailoutbox[0].body


def test_nobody_signs_in_before_confirming_the_address(client):
    sign_up(client, "noor@example.edu")
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": "noor@example.edu", "password": GOOD_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_password_reset_answers_the_same_for_unknown_addresses(
    client, student, mailoutbox, committing
):
    with committing():
        known = client.post(reverse("account_reset_password"), {"email": student.email})
        unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.edu"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert recipients(mailoutbox) == [student.email]


def test_the_confirmation_email_is_multipart_and_says_why_it_was_sent(
    client, mailoutbox, committing
):
    with committing():
        sign_up(client, "noor@example.edu")

    [message] = mailoutbox
    html = message.alternatives[0][0]
    assert "Confirm my email address" in html
    assert "You received this because noor@example.edu was entered on Spotlight" in message.body
