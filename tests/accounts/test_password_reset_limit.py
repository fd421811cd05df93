"""Password-reset email can be asked for a few times an hour per address, not every minute."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.mail import recipients

pytestmark = pytest.mark.django_db


def ask_for_reset(client, email: str, address: str):
    data = {"email": email}
    return client.post(reverse("account_reset_password"), data, REMOTE_ADDR=address)


def test_an_inbox_gets_three_reset_emails_an_hour_however_many_clients_ask(
    client, student, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(timezone.now(), tick=False) as traveller,
        django_capture_on_commit_callbacks(execute=True),
    ):
        for number in range(6):
            ask_for_reset(client, student.email, address=f"198.51.100.{number}")
            traveller.shift(timezone.timedelta(minutes=5))
        refused = ask_for_reset(client, student.email, address="203.0.113.9")

    assert recipients(mailoutbox) == [student.email] * 3
    assert refused.status_code == 429
    assert "the link in the latest one works" in refused.content.decode()


def test_asking_again_an_hour_later_sends_another(
    client, student, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(timezone.now(), tick=False) as traveller,
        django_capture_on_commit_callbacks(execute=True),
    ):
        for _ in range(3):
            ask_for_reset(client, student.email, address="198.51.100.7")
        traveller.shift(timezone.timedelta(hours=1, seconds=1))
        ask_for_reset(client, student.email, address="198.51.100.7")

    assert len(mailoutbox) == 4
