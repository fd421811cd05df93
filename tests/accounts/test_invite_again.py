import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import AlumniApplication, Invitation, Role
from tests.factories import AlumniApplicationFactory, InvitationFactory
from tests.mail import recipients

pytestmark = pytest.mark.django_db

EMAIL = "maya@alumni.example.org"


def invite(client, staff, email=EMAIL, role=Role.ALUMNI, name="Maya Chen"):
    client.force_login(staff)
    data = {"email": email, "full_name": name, "role": role}
    return client.post(reverse("accounts:invitations"), data, follow=True)


def link_in(message) -> str:
    url = re.search(r"https?://\S+/accounts/invitation/\S+/", message.body).group(0)
    return url.split("testserver", 1)[-1]


def test_inviting_an_address_again_sends_one_fresh_link_and_says_so(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel("2025-03-03 10:00Z"):
        InvitationFactory(email=EMAIL, token="first")

    with time_machine.travel("2025-03-10 10:00Z"):
        with django_capture_on_commit_callbacks(execute=True):
            response = invite(client, staff, email=EMAIL.upper())

        page = response.content.decode()
        assert f"{EMAIL} was already invited on 3 March 2025; we sent a fresh link." in page
        assert recipients(mailoutbox) == [EMAIL]
        assert Invitation.objects.live().filter(email=EMAIL).count() == 1
        assert Invitation.objects.count() == 1


def test_the_earlier_link_stops_working_and_the_fresh_one_works(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    InvitationFactory(email=EMAIL, token="first")

    with django_capture_on_commit_callbacks(execute=True):
        invite(client, staff)
    client.logout()

    old = client.get(reverse("accounts:accept_invitation", args=["first"]))
    fresh = client.get(link_in(mailoutbox[0]))
    assert old.status_code == 404
    assert fresh.status_code == 200


def test_a_fresh_link_expires_a_full_term_after_it_was_sent(client, staff, settings):
    with time_machine.travel("2025-03-03 10:00Z"):
        InvitationFactory(email=EMAIL)

    with time_machine.travel("2025-03-10 10:00Z", tick=False):
        invite(client, staff)
        term = timezone.timedelta(days=settings.SPOTLIGHT_INVITATION_DAYS)
        assert Invitation.objects.get().expires_at == timezone.now() + term


def test_the_role_chosen_the_second_time_is_the_one_that_counts(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    InvitationFactory(email=EMAIL, role=Role.ALUMNI)

    with django_capture_on_commit_callbacks(execute=True):
        invite(client, staff, role=Role.ADVISOR)

    assert Invitation.objects.get().role == Role.ADVISOR
    assert "advisor" in mailoutbox[0].subject


def test_an_address_whose_invitation_expired_gets_a_new_invitation(client, staff):
    with time_machine.travel(timezone.now() - timezone.timedelta(days=30)):
        InvitationFactory(email=EMAIL)

    response = invite(client, staff)

    assert f"Invitation sent to {EMAIL}." in response.content.decode()
    assert Invitation.objects.count() == 2
    assert Invitation.objects.live().filter(email=EMAIL).count() == 1


def test_an_address_invited_twice_before_keeps_only_the_fresh_link(client, staff):
    InvitationFactory(email=EMAIL, token="older")
    InvitationFactory(email=EMAIL, token="newer")

    invite(client, staff)
    client.logout()

    assert Invitation.objects.live().filter(email=EMAIL).count() == 1
    for token in ("older", "newer"):
        response = client.get(reverse("accounts:accept_invitation", args=[token]))
        assert response.status_code in (404, 410)


def test_inviting_someone_with_an_account_sends_nothing_and_says_so_by_the_field(
    client, staff, alumnus, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, staff, email=alumnus.email)

    assert response.context["form"].errors["email"] == ["This address already has an account."]
    assert "This address already has an account." in response.content.decode()
    assert mailoutbox == []
    assert not Invitation.objects.exists()


def test_approving_an_offer_from_an_address_already_invited_refreshes_that_invitation(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    earlier = AlumniApplicationFactory(email=EMAIL, status=AlumniApplication.Status.APPROVED)
    earlier.invitation = InvitationFactory(email=EMAIL, token="first")
    earlier.save()
    application = AlumniApplicationFactory(email=EMAIL)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:review_application", args=[application.pk]), {"decision": "approve"}
        )

    assert response.status_code == 302
    assert Invitation.objects.count() == 1
    assert recipients(mailoutbox) == [EMAIL]
    client.logout()
    assert client.get(link_in(mailoutbox[0])).status_code == 200
