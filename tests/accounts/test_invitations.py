import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Invitation, Role, User
from tests.factories import InvitationFactory
from tests.mail import recipients

pytestmark = pytest.mark.django_db

PASSWORD = "copper-meadow-signal-77"


def link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/invitation/\S+/", message.body).group(0)


def accept(client, url: str, name: str = "Maya Chen", password: str = PASSWORD):
    path = url.split("testserver", 1)[-1]
    return client.post(path, {"full_name": name, "password1": password, "password2": password})


def invite(client, staff, email="maya@alumni.example.org", role=Role.ALUMNI):
    client.force_login(staff)
    data = {"email": email, "full_name": "Maya Chen", "role": role}
    response = client.post(reverse("accounts:invitations"), data)
    client.logout()
    return response


def test_staff_invite_an_alumna_who_joins_from_the_emailed_link(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, staff)

    assert len(mailoutbox) == 1
    assert recipients(mailoutbox) == ["maya@alumni.example.org"]
    response = accept(client, link_in(mailoutbox[0]))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    user = User.objects.get(email="maya@alumni.example.org")
    assert (user.role, user.full_name) == (Role.ALUMNI, "Maya Chen")
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_an_advisor_invitation_creates_an_advisor(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, staff, email="jo@careers.example.edu", role=Role.ADVISOR)

    accept(client, link_in(mailoutbox[0]))

    assert User.objects.get(email="jo@careers.example.edu").role == Role.ADVISOR


def test_a_link_works_only_once(client):
    InvitationFactory(token="once")
    accept(client, reverse("accounts:accept_invitation", args=["once"]))
    client.logout()

    response = client.get(reverse("accounts:accept_invitation", args=["once"]))

    assert response.status_code == 410
    assert "already been used" in response.content.decode()
    assert User.objects.count() == 1


def test_an_expired_link_explains_itself(client):
    InvitationFactory(token="old")

    with time_machine.travel(timezone.now() + timezone.timedelta(days=15)):
        response = client.get(reverse("accounts:accept_invitation", args=["old"]))

    assert response.status_code == 410
    assert "expired" in response.content.decode()


def test_a_tampered_link_explains_itself(client):
    InvitationFactory(token="genuine")

    response = client.get(reverse("accounts:accept_invitation", args=["genuine-but-edited"]))

    assert response.status_code == 404
    assert "not valid" in response.content.decode()


def test_a_withdrawn_invitation_cannot_be_used(client):
    InvitationFactory(token="withdrawn", revoked_at=timezone.now())

    response = accept(client, reverse("accounts:accept_invitation", args=["withdrawn"]))

    assert response.status_code == 410
    assert not User.objects.exists()


def test_a_weak_password_is_explained_and_the_name_is_kept(client):
    InvitationFactory(token="weak")

    response = accept(
        client, reverse("accounts:accept_invitation", args=["weak"]), password="password"
    )

    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert 'value="Maya Chen"' in response.content.decode()
    assert Invitation.objects.get().accepted_at is None


def test_mismatched_passwords_are_explained_next_to_the_second(client):
    InvitationFactory(token="typo")
    url = reverse("accounts:accept_invitation", args=["typo"])

    response = client.post(url, {"full_name": "M", "password1": PASSWORD, "password2": "x"})

    assert response.context["form"].errors["password2"] == ["The two passwords are not the same."]


def test_staff_cannot_invite_an_address_that_already_has_an_account(client, staff, alumnus):
    client.force_login(staff)

    response = client.post(
        reverse("accounts:invitations"),
        {"email": alumnus.email.upper(), "full_name": "Typed Name", "role": Role.ALUMNI},
    )

    assert response.context["form"].errors["email"] == ["This address already has an account."]
    assert 'value="Typed Name"' in response.content.decode()
    assert not Invitation.objects.exists()


def test_only_a_digest_of_the_token_is_stored(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, staff)

    token = link_in(mailoutbox[0]).rstrip("/").rsplit("/", 1)[-1]
    assert token not in Invitation.objects.get().token_digest
