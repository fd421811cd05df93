import pytest
from django.urls import reverse

from tests.factories import AlumniFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_staff_search_people_by_email_or_name(client, staff):
    StudentFactory(full_name="Priya Raman", email="priya@example.edu")
    StudentFactory(full_name="Someone Else")
    client.force_login(staff)

    response = client.get(reverse("admin:accounts_user_changelist"), {"q": "raman"})

    shown = [user.email for user in response.context["cl"].result_list]
    assert shown == ["priya@example.edu"]


def test_staff_filter_people_by_role(client, staff):
    alumna = AlumniFactory()
    StudentFactory()
    client.force_login(staff)

    response = client.get(reverse("admin:accounts_user_changelist"), {"role__exact": "alumni"})

    assert list(response.context["cl"].result_list) == [alumna]


def test_staff_cannot_grant_superuser_rights(client, staff):
    student = StudentFactory()
    client.force_login(staff)

    response = client.get(reverse("admin:accounts_user_change", args=[student.pk]))

    assert 'name="is_superuser"' not in response.content.decode()
