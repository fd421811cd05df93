import pytest
from django.urls import reverse

from apps.accounts.models import AlumniApplication, Invitation
from tests.factories import AlumniApplicationFactory
from tests.mail import recipients

pytestmark = pytest.mark.django_db

OFFER = {
    "full_name": "Tomás Rivera",
    "email": "tomas@alumni.example.org",
    "graduation_year": "2009",
    "degree": "BSc Civil Engineering",
    "employer": "Harbor City Transit",
    "job_title": "Project engineer",
    "motivation": "I can tell students what building public infrastructure is really like.",
}


def test_an_alumnus_offers_to_volunteer_and_hears_back(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:apply"), OFFER)

    assert "Thank you for offering your time" in response.content.decode()
    application = AlumniApplication.objects.get()
    assert application.status == AlumniApplication.Status.PENDING
    assert recipients(mailoutbox) == ["tomas@alumni.example.org"]


def test_an_impossible_graduation_year_is_explained_and_the_rest_is_kept(client):
    response = client.post(reverse("accounts:apply"), {**OFFER, "graduation_year": "2999"})

    assert "Enter the year you graduated" in response.context["form"].errors["graduation_year"][0]
    assert "Harbor City Transit" in response.content.decode()
    assert not AlumniApplication.objects.exists()


def test_staff_approval_sends_the_applicant_an_invitation(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    application = AlumniApplicationFactory()
    client.force_login(staff)
    url = reverse("accounts:review_application", args=[application.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "approve"})
        client.post(url, {"decision": "approve"})  # a double click

    application.refresh_from_db()
    assert application.status == AlumniApplication.Status.APPROVED
    assert application.reviewed_by == staff
    assert Invitation.objects.get().email == application.email
    assert recipients(mailoutbox) == [application.email]
    assert "/accounts/invitation/" in mailoutbox[0].body


def test_staff_decline_kindly(client, staff, mailoutbox, django_capture_on_commit_callbacks):
    application = AlumniApplicationFactory()
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:review_application", args=[application.pk]), {"decision": "decline"}
        )

    application.refresh_from_db()
    assert application.status == AlumniApplication.Status.DECLINED
    assert not Invitation.objects.exists()
    assert "Thank you for offering" in mailoutbox[0].body


def test_the_review_queue_lists_waiting_offers_first(client, staff):
    waiting = AlumniApplicationFactory(full_name="Waiting Person")
    AlumniApplicationFactory(full_name="Done Person", status=AlumniApplication.Status.DECLINED)
    client.force_login(staff)

    response = client.get(reverse("accounts:applications"))

    assert list(response.context["pending"]) == [waiting]


def test_an_unknown_decision_changes_nothing(client, staff):
    application = AlumniApplicationFactory()
    client.force_login(staff)

    client.post(reverse("accounts:review_application", args=[application.pk]), {"decision": "x"})

    application.refresh_from_db()
    assert application.status == AlumniApplication.Status.PENDING
