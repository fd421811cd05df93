"""Behind the TLS proxy, rate limits count each client's own address, read only as configured."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.checks import run_checks
from django.test import override_settings
from django.urls import reverse

from tests.factories import PASSWORD, StudentFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def sign_in(client, email: str, password: str, **headers):
    data = {"login": email, "password": password}
    return client.post(reverse("account_login"), data, REMOTE_ADDR=PROXY, headers=headers)


def is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def guess_across_twenty_accounts(client, **headers) -> None:
    for person in StudentFactory.create_batch(20):
        sign_in(client, person.email, "wrong-password", **headers)


@override_settings(ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
def test_one_clients_guessing_behind_the_proxy_does_not_lock_out_another(client, student):
    guess_across_twenty_accounts(client, x_real_ip="198.51.100.7")

    sign_in(client, student.email, PASSWORD, x_real_ip="203.0.113.9")

    assert is_signed_in(client)


@override_settings(ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
def test_the_guessing_client_itself_is_still_stopped_behind_the_proxy(client, student):
    guess_across_twenty_accounts(client, x_real_ip="198.51.100.7")

    sign_in(client, student.email, PASSWORD, x_real_ip="198.51.100.7")

    assert not is_signed_in(client)


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_the_address_the_proxy_appended_to_x_forwarded_for_is_the_one_counted(client, student):
    # The client made up the first entry; the proxy appended the address it saw.
    guess_across_twenty_accounts(client, x_forwarded_for="203.0.113.9, 198.51.100.7")

    sign_in(client, student.email, PASSWORD, x_forwarded_for="198.51.100.7, 203.0.113.9")

    assert is_signed_in(client)


def test_by_default_a_header_sent_by_the_client_is_not_believed(client, student):
    for number, person in enumerate(StudentFactory.create_batch(20)):
        sign_in(
            client,
            person.email,
            "wrong-password",
            x_real_ip=f"198.51.100.{number}",
            x_forwarded_for=f"198.51.100.{number}",
        )

    sign_in(client, student.email, PASSWORD, x_real_ip="203.0.113.9")

    assert not is_signed_in(client)


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=2)
def test_a_short_x_forwarded_for_counts_against_the_connection_instead_of_failing(client, student):
    response = sign_in(client, student.email, PASSWORD, x_forwarded_for="198.51.100.7")

    assert response.status_code == 302
    assert is_signed_in(client)


@override_settings(ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
@pytest.mark.parametrize("header", [{}, {"x_real_ip": "not-an-address"}])
def test_a_missing_or_garbled_client_header_counts_against_the_connection(client, student, header):
    response = sign_in(client, student.email, PASSWORD, **header)

    assert response.status_code == 302
    assert is_signed_in(client)


@pytest.mark.parametrize(
    ("settings_", "problem"),
    [
        ({"ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "HTTP_X_REAL_IP"}, "accounts.E001"),
        ({"ALLAUTH_TRUSTED_PROXY_COUNT": -1}, "accounts.E002"),
        (
            {"ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP", "ALLAUTH_TRUSTED_PROXY_COUNT": 1},
            "accounts.E003",
        ),
    ],
)
def test_a_mistaken_proxy_setting_stops_the_site_from_starting(settings_, problem):
    with override_settings(**settings_):
        found = [message.id for message in run_checks()]

    assert problem in found


def manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """manage.py in a fresh process, as a deployment with these variables would start it."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **environment}
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


READ_CLIENT_ADDRESS = (
    "from allauth import app_settings as s; "
    "print(s.TRUSTED_CLIENT_IP_HEADER, s.TRUSTED_PROXY_COUNT)"
)


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "None 0"),
        ({"SPOTLIGHT_CLIENT_IP_HEADER": "X-Real-IP"}, "X-Real-IP 0"),
        ({"SPOTLIGHT_TRUSTED_PROXY_COUNT": "1"}, "None 1"),
    ],
)
def test_the_deployment_chooses_where_the_client_address_is_read(environment, expected):
    result = manage("shell", "-c", READ_CLIENT_ADDRESS, **environment)

    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


def test_a_misspelt_client_header_stops_the_site_from_starting():
    result = manage("check", SPOTLIGHT_CLIENT_IP_HEADER="HTTP_X_REAL_IP")

    assert result.returncode != 0
    assert "SPOTLIGHT_CLIENT_IP_HEADER must be a header name" in result.stderr
