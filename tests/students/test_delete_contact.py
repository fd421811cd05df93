import pytest
from django.urls import reverse

from apps.students.models import Contact
from tests.students.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_removing_a_contact_asks_first(client, student):
    contact = ContactFactory(student=student, name="Ada Mensah")
    client.force_login(student)

    page = client.get(reverse("students:delete_contact", args=[contact.pk])).content.decode()

    assert "Remove Ada Mensah from your networking log?" in page
    assert 'method="post"' in page
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_a_student_removes_a_contact(client, student):
    contact = ContactFactory(student=student)
    client.force_login(student)

    response = client.post(reverse("students:delete_contact", args=[contact.pk]))

    assert response["Location"] == reverse("students:log")
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_a_student_cannot_remove_another_students_contact(client, student):
    theirs = ContactFactory()
    client.force_login(student)

    response = client.post(reverse("students:delete_contact", args=[theirs.pk]))

    assert response.status_code == 404
    assert Contact.objects.filter(pk=theirs.pk).exists()
