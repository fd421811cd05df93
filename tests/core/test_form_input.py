"""No form input or address, however odd, reaches a 500 page or saves half of itself."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.accounts.models import AlumniApplication, User
from apps.directory.search import SEARCH_PARAMETERS
from tests.factories import SpotlightProfileFactory, StaffFactory, StudentFactory

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
# (page, the query parameters it reads, who opens it)
GET_PAGES = [
    ("notifications:outbox", ["q", "status", "page"], StaffFactory),
    ("advising:assignments", ["q", "page"], StaffFactory),
    ("directory:staff_profiles", ["q", "page"], StaffFactory),
    ("accounts:invitations", ["page"], StaffFactory),
    ("directory:search", list(SEARCH_PARAMETERS), StudentFactory),
    ("students:add_contact", ["profile"], StudentFactory),
    ("students:log", ["page"], StudentFactory),
    ("account_login", ["next"], None),
]
# Addresses are typed and edited by hand: half the values carry a NUL byte, which PostgreSQL
# refuses in text, and some hold digits of other scripts, which int() may refuse.
ANY_PARAMETER = st.one_of(
    ANY_TEXT,
    st.tuples(ANY_TEXT, ANY_TEXT).map("\x00".join),
    st.text("0123456789\u00b2\u0661\u0662", max_size=30),
)
SEARCH_BOXES = ["notifications:outbox", "advising:assignments", "directory:staff_profiles"]

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


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "parameters", "person"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
@EXAMPLES
@given(data=st.data())
def test_pages_never_fail_whatever_their_address_holds(name, parameters, person, data):
    client = Client()
    if person is not None:
        client.force_login(person())
    query = data.draw(
        st.fixed_dictionaries({}, optional=dict.fromkeys(parameters, ANY_PARAMETER)), label="query"
    )

    assert client.get(reverse(name), query).status_code < 500


@pytest.mark.django_db
@pytest.mark.parametrize("name", SEARCH_BOXES)
def test_a_nul_byte_in_a_search_box_is_refused_next_to_the_box(client, name):
    client.force_login(StaffFactory())

    response = client.get(reverse(name), {"q": "ada\x00@example.edu"})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert '-search-error" class="invalid-feedback">Null characters are not allowed.' in page


@pytest.mark.django_db
@pytest.mark.parametrize("name", SEARCH_BOXES)
def test_a_search_too_long_to_be_a_name_is_refused_next_to_the_box(client, name):
    client.force_login(StaffFactory())

    response = client.get(reverse(name), {"q": "a" * 201})

    assert "Ensure this value has at most 200 characters (it has 201)." in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["\u00b2", "\u0661\u0662", "12abc", "-1"])
def test_a_profile_that_is_not_a_plain_number_opens_an_empty_contact_form(client, value):
    SpotlightProfileFactory(full_name="Priya Raman")
    client.force_login(StudentFactory())

    response = client.get(reverse("students:add_contact"), {"profile": value})

    assert response.status_code == 200
    assert response.context["spotlight"] is None
    assert "Priya Raman" not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["role=%00", "q=a%00b", "is_active%00=1"])
def test_an_admin_list_with_a_nul_byte_in_its_address_is_refused_plainly(client, query):
    client.force_login(StaffFactory())

    response = client.get(f"{reverse('admin:accounts_user_changelist')}?{query}")

    assert response.status_code == 400
    assert "null character" in response.text
