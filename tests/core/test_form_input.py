"""No form input, however odd, reaches a 500 page or saves half of itself."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.accounts.models import AlumniApplication, User
from tests.factories import StaffFactory, StudentFactory

# Any text a browser could send, control and non-ASCII characters included.
ANY_TEXT = st.text(max_size=300)
FORMS = {
    "account_signup": ["full_name", "email", "password1", "password2"],
    "account_login": ["login", "password"],
    "account_reset_password": ["email"],
    "accounts:apply": [
        "full_name",
        "email",
        "graduation_year",
        "degree",
        "employer",
        "job_title",
        "motivation",
    ],
}
# (form, its fields, who fills it in)
MEMBER_FORMS = [
    ("accounts:profile", ["full_name", "pronouns", "time_zone"], StudentFactory),
    ("accounts:delete_account", ["password"], StudentFactory),
    ("accounts:invitations", ["email", "full_name", "role"], StaffFactory),
]

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def post_anything(client: Client, name: str, fields: list[str], data) -> int:
    values = {field: data.draw(ANY_TEXT, label=field) for field in fields}
    return client.post(reverse(name), values).status_code


@pytest.mark.django_db
@pytest.mark.parametrize("name", FORMS)
@EXAMPLES
@given(data=st.data())
def test_public_forms_never_fail(name, data):
    users = User.objects.count()
    status = post_anything(Client(), name, FORMS[name], data)

    assert status < 500
    if status == 200:  # the form came back with errors: nothing was saved
        assert User.objects.count() == users
        assert not AlumniApplication.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "fields", "person"), MEMBER_FORMS, ids=[f[0] for f in MEMBER_FORMS]
)
@EXAMPLES
@given(data=st.data())
def test_signed_in_forms_never_fail(name, fields, person, data):
    client = Client()
    client.force_login(person())

    assert post_anything(client, name, fields, data) < 500
