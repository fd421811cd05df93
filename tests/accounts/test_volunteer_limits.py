"""The public volunteer form cannot be used to mail a stranger's inbox, or to fill the queue."""

import pytest
from django.urls import reverse

from apps.accounts import services
from apps.accounts.models import AlumniApplication
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


def offer(client, address: str = "198.51.100.7", **changes):
    return client.post(reverse("accounts:apply"), {**OFFER, **changes}, REMOTE_ADDR=address)


def test_the_email_to_the_applicant_carries_nothing_they_typed(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        offer(client, full_name="Click http://evil.example.com now")

    [message] = mailoutbox
    assert message.to == ["tomas@alumni.example.org"]
    assert message.body.startswith("Hello,\n")
    html = message.alternatives[0][0]
    assert "evil.example.com" not in message.body + html + message.subject


def test_a_second_offer_from_an_address_with_one_waiting_is_thanked_and_not_saved(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = offer(client)
        second = offer(client, address="203.0.113.9", motivation="Another go at it.")

    assert second.content == first.content
    assert AlumniApplication.objects.get().motivation == OFFER["motivation"]
    assert recipients(mailoutbox) == ["tomas@alumni.example.org"]


def test_an_address_whose_offer_was_declined_may_offer_again(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(fields={**OFFER, "graduation_year": 2009})
        services.decline_application(application=AlumniApplication.objects.get(), reviewer=staff)
        offer(client)

    assert AlumniApplication.objects.filter(status=AlumniApplication.Status.PENDING).count() == 1
    assert len(mailoutbox) == 3  # received, declined, received again


def test_one_client_cannot_offer_for_address_after_address(client):
    for number in range(10):
        offer(client, email=f"someone{number}@example.com")

    response = offer(client, email="victim@example.com", full_name="Unsaved Name")

    page = response.content.decode()
    assert response.status_code == 429
    assert "this offer was not saved" in page
    assert "Unsaved Name" in page  # what was typed is kept
    assert AlumniApplication.objects.count() == 10
    assert not AlumniApplication.objects.filter(email="victim@example.com").exists()


def test_one_address_cannot_be_offered_again_and_again_from_many_clients(client):
    for number in range(3):
        offer(client, address=f"198.51.100.{number}")

    response = offer(client, address="203.0.113.9")

    assert response.status_code == 429
    assert "this offer was not saved" in response.content.decode()


def test_other_clients_and_addresses_are_not_affected(client):
    for number in range(10):
        offer(client, email=f"someone{number}@example.com")

    response = offer(client, address="203.0.113.9")

    assert "Thank you for offering your time" in response.content.decode()


def test_a_mistake_in_the_form_does_not_count_toward_the_limit(client):
    for _ in range(10):
        offer(client, graduation_year="2999")

    response = offer(client)

    assert "Thank you for offering your time" in response.content.decode()
