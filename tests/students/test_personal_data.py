import json

import pytest
from django.urls import reverse

from apps.students.models import Contact, StudentProfile
from apps.students.services import profile_for
from tests.factories import PASSWORD
from tests.students.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_the_account_export_holds_the_profile_and_the_networking_log(client, student):
    profile = profile_for(student)
    profile.introduction = "I study biology."
    profile.save()
    ContactFactory(student=student, name="Ada Mensah", notes="Learn SQL.")
    ContactFactory(name="Not Mine")
    client.force_login(student)

    data = json.loads(client.get(reverse("accounts:export_data")).content)

    assert data["student"]["profile"]["introduction"] == "I study biology."
    [contact] = data["student"]["networking_log"]
    assert (contact["name"], contact["notes"]) == ("Ada Mensah", "Learn SQL.")


def test_deleting_the_account_erases_the_profile_and_the_log(client, student):
    profile_for(student)
    ContactFactory(student=student)
    kept = ContactFactory()
    client.force_login(student)

    client.post(reverse("accounts:delete_account"), {"password": PASSWORD})

    assert not StudentProfile.objects.filter(user=student).exists()
    assert list(Contact.objects.all()) == [kept]
