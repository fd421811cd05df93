import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, StudentFactory

pytestmark = pytest.mark.django_db


def sign_in(client, email: str, password: str, address: str = "198.51.100.7"):
    data = {"login": email, "password": password}
    return client.post(reverse("account_login"), data, REMOTE_ADDR=address)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, student):
    for _ in range(5):
        sign_in(client, student.email, "wrong-password")

    response = sign_in(client, student.email, PASSWORD, address="203.0.113.9")

    assert not is_signed_in(client)
    assert "locked for a few minutes" in response.content.decode()


def test_the_lock_lifts_after_five_minutes(client, student):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(5):
            sign_in(client, student.email, "wrong-password")
        traveller.shift(timezone.timedelta(minutes=5, seconds=1))

        sign_in(client, student.email, PASSWORD)

    assert is_signed_in(client)


def test_one_address_guessing_across_many_accounts_is_stopped(client):
    people = StudentFactory.create_batch(21)
    for person in people[:20]:
        sign_in(client, person.email, "wrong-password")

    sign_in(client, people[20].email, PASSWORD)

    assert not is_signed_in(client)


def test_other_addresses_are_not_affected_by_someone_elses_guessing(client, student):
    other = StudentFactory()
    for _ in range(5):
        sign_in(client, other.email, "wrong-password")

    sign_in(client, student.email, PASSWORD)

    assert is_signed_in(client)
