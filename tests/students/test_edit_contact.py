from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tests.students.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2027-03-10T12:00Z", tick=False):
        yield


def form_data(contact, **changes) -> dict:
    data = {
        "name": contact.name,
        "organisation": contact.organisation,
        "job_title": contact.job_title,
        "relationship": contact.relationship,
        "notes": contact.notes,
    }
    return {**data, **changes}


def test_a_student_records_notes_a_thank_you_and_the_next_follow_up(client, student):
    contact = ContactFactory(student=student)
    client.force_login(student)

    response = client.post(
        reverse("students:edit_contact", args=[contact.pk]),
        form_data(
            contact,
            notes="Advice: learn SQL; talk to her colleague Sam.",
            met_on="2027-03-08",
            thank_you_sent_on="2027-03-09",
            next_follow_up_on="2027-05-01",
        ),
    )

    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.notes == "Advice: learn SQL; talk to her colleague Sam."
    assert contact.thank_you_sent_on == date(2027, 3, 9)
    assert contact.next_follow_up_on == date(2027, 5, 1)


def test_the_form_opens_with_what_is_already_there(client, student):
    contact = ContactFactory(student=student, next_follow_up_on=date(2027, 5, 1), notes="Kind.")
    client.force_login(student)

    page = client.get(reverse("students:edit_contact", args=[contact.pk])).content.decode()

    assert 'type="text" name="next_follow_up_on" value="2027-05-01"' in page
    assert "Kind.</textarea>" in page
    assert page.count("<h1") == 1


def test_a_mistake_keeps_what_was_typed_and_changes_nothing(client, student):
    contact = ContactFactory(student=student, notes="Old notes.")
    client.force_login(student)

    response = client.post(
        reverse("students:edit_contact", args=[contact.pk]),
        form_data(contact, notes="New notes, not yet saved.", thank_you_sent_on="2027-13-40"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["thank_you_sent_on"] == ["Enter a valid date."]
    assert "New notes, not yet saved." in response.content.decode()
    contact.refresh_from_db()
    assert contact.notes == "Old notes."


def test_a_student_cannot_open_or_change_another_students_contact(client, student):
    theirs = ContactFactory(notes="Private.")
    client.force_login(student)
    url = reverse("students:edit_contact", args=[theirs.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, form_data(theirs, notes="Overwritten")).status_code == 404
    theirs.refresh_from_db()
    assert theirs.notes == "Private."
