import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.students.forms import ContactForm
from apps.students.models import Contact, Relationship
from apps.students.services import add_contact
from tests.factories import SpotlightProfileFactory, StudentFactory
from tests.students.factories import ContactFactory

pytestmark = pytest.mark.django_db

ADA = {
    "name": "Ada Mensah",
    "organisation": "City Hospital",
    "job_title": "Epidemiologist",
    "relationship": Relationship.REFERRAL,
    "email": "ada@hospital.example.org",
    "linkedin_url": "https://www.linkedin.com/in/ada-mensah",
    "met_on": "",
    "thank_you_sent_on": "",
    "next_follow_up_on": "2027-04-01",
    "referred_by_name": "Prof. Okafor",
    "may_mention_referrer": "on",
    "notes": "Prof. Okafor says she moved from nursing into data work.",
}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2027-03-10T12:00Z", tick=False):
        yield


def test_a_student_adds_a_person_to_their_log(client, student):
    client.force_login(student)

    response = client.post(reverse("students:add_contact"), ADA)

    assert response.status_code == 302
    assert response["Location"] == reverse("students:log")
    contact = Contact.objects.get()
    assert contact.student == student
    assert (contact.name, contact.referred_by_name, contact.may_mention_referrer) == (
        "Ada Mensah",
        "Prof. Okafor",
        True,
    )
    assert str(contact.next_follow_up_on) == "2027-04-01"


def test_only_a_name_and_how_they_know_them_are_needed(client, student):
    client.force_login(student)

    client.post(reverse("students:add_contact"), {"name": "Uncle Sam", "relationship": "relative"})

    assert Contact.objects.get().name == "Uncle Sam"


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"relationship": "enemy"}, "relationship", "Select a valid choice."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"linkedin_url": "https://evil.example/in/ada"}, "linkedin_url", "linkedin.com"),
        ({"next_follow_up_on": "someday"}, "next_follow_up_on", "Enter a valid date."),
        ({"met_on": "2027-03-11"}, "met_on", "in the future"),
        ({"thank_you_sent_on": "2027-12-01"}, "thank_you_sent_on", "in the future"),
        ({"referred_by_name": ""}, "referred_by_name", "Say who referred you"),
    ],
)
def test_a_mistake_is_shown_next_to_its_field_the_input_is_kept_and_nothing_saved(
    client, student, changes, field, error
):
    client.force_login(student)

    response = client.post(reverse("students:add_contact"), {**ADA, **changes})

    assert response.status_code == 200
    form = response.context["form"]
    assert any(error in message for message in form.errors[field])
    page = response.content.decode()
    assert f'id="error_1_id_{field}"' in page
    assert "moved from nursing into data work" in page
    assert 'value="City Hospital"' in page
    assert not Contact.objects.exists()


def test_a_volunteer_from_the_directory_is_added_with_what_their_profile_says(client, student):
    spotlight = SpotlightProfileFactory(full_name="Bo Chen", employer="Acme", job_title="Designer")
    client.force_login(student)
    url = reverse("students:add_contact") + f"?profile={spotlight.pk}"

    form = client.get(url).context["form"]
    response = client.post(url, {**ADA, "name": "Bo Chen", "relationship": "directory"})

    assert form.initial["name"] == "Bo Chen"
    assert (form.initial["organisation"], form.initial["job_title"]) == ("Acme", "Designer")
    assert form.initial["relationship"] == Relationship.DIRECTORY
    assert response.status_code == 302
    assert Contact.objects.get().spotlight_profile == spotlight


def test_a_volunteer_already_in_the_log_opens_their_entry_instead(client, student):
    spotlight = SpotlightProfileFactory()
    contact = ContactFactory(student=student, spotlight_profile=spotlight)
    client.force_login(student)

    response = client.get(reverse("students:add_contact") + f"?profile={spotlight.pk}")

    assert response["Location"] == reverse("students:edit_contact", args=[contact.pk])


def test_a_double_click_adding_a_volunteer_adds_them_once(student):
    spotlight = SpotlightProfileFactory()
    forms = [ContactForm({**ADA, "relationship": "directory"}) for _ in range(2)]
    assert all(form.is_valid() for form in forms)

    first = add_contact(student=student, form=forms[0], spotlight=spotlight)
    second = add_contact(student=student, form=forms[1], spotlight=spotlight)

    assert first.pk == second.pk
    assert Contact.objects.count() == 1


def test_an_unpublished_profile_cannot_be_added_from_the_directory(client, student):
    hidden = SpotlightProfileFactory(is_published=False)
    client.force_login(student)

    response = client.get(reverse("students:add_contact") + f"?profile={hidden.pk}")

    assert response.status_code == 404


def test_the_database_refuses_permission_to_mention_nobody(student):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactFactory(student=student, referred_by_name="", may_mention_referrer=True)


@pytest.mark.parametrize("name", ["students:add_contact", "students:edit_contact"])
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_input_reaches_a_500_page_or_saves_half_of_itself(name, data):
    student = StudentFactory()
    contact = ContactFactory(student=student, name="Kept Name")
    client = Client()
    client.force_login(student)
    values = {field: data.draw(st.text(max_size=300), label=field) for field in ADA}
    args = [contact.pk] if name == "students:edit_contact" else []

    response = client.post(reverse(name, args=args), values)

    assert response.status_code < 500
    if response.status_code == 200:
        contact.refresh_from_db()
        assert contact.name == "Kept Name"
        assert Contact.objects.filter(student=student).count() == 1
