import json

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.advising.services import assign_advisor, current_advisor
from tests.factories import PASSWORD, StudentFactory

pytestmark = pytest.mark.django_db


def test_a_person_updates_their_name_pronouns_and_time_zone(client, student):
    client.force_login(student)

    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Noor H.", "pronouns": "she/her", "time_zone": "Asia/Tokyo"},
    )

    assert response.status_code == 302
    student.refresh_from_db()
    assert (student.full_name, student.pronouns, student.time_zone) == (
        "Noor H.",
        "she/her",
        "Asia/Tokyo",
    )


def test_an_unknown_time_zone_is_refused_and_the_rest_is_kept(client, student):
    client.force_login(student)

    response = client.post(
        reverse("accounts:profile"),
        {"full_name": "Kept Name", "pronouns": "they/them", "time_zone": "Mars/Olympus"},
    )

    assert response.context["form"].errors["time_zone"]
    assert 'value="Kept Name"' in response.content.decode()
    student.refresh_from_db()
    assert student.full_name != "Kept Name"


def test_the_export_holds_the_persons_own_data_and_nobody_elses(client, student, advisor, staff):
    assign_advisor(student=student, advisor=advisor, assigned_by=staff)
    stranger = StudentFactory()
    client.force_login(student)

    response = client.get(reverse("accounts:export_data"))

    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == student.email
    assert data["advisors"][0]["advisor"] == str(advisor)
    assert stranger.email not in response.content.decode()


def test_no_cache_keeps_a_copy_of_the_export(client, student):
    client.force_login(student)

    response = client.get(reverse("accounts:export_data"))

    assert response["Cache-Control"] == "private, no-store"


def test_deleting_the_account_needs_the_password(client, student):
    client.force_login(student)

    response = client.post(reverse("accounts:delete_account"), {"password": "wrong"})

    assert response.context["form"].errors["password"] == ["That is not your current password."]
    student.refresh_from_db()
    assert student.is_active


def test_a_deleted_account_is_anonymised_signed_out_everywhere_and_unusable(
    client, student, advisor, staff
):
    assign_advisor(student=student, advisor=advisor, assigned_by=staff)
    other_browser = Client()
    other_browser.force_login(student)
    client.force_login(student)
    email = student.email

    client.post(reverse("accounts:delete_account"), {"password": PASSWORD})

    student.refresh_from_db()
    assert not student.is_active
    assert student.full_name == ""
    assert email not in student.email
    assert str(student) == "Former member"
    assert current_advisor(student) is None
    assert SESSION_KEY not in client.session
    assert other_browser.get(reverse("accounts:profile")).status_code == 302
    assert not Client().login(email=email, password=PASSWORD)
    assert not User.objects.filter(email=email).exists()


def test_changing_the_password_signs_out_every_session(client, student):
    other_browser = Client()
    other_browser.force_login(student)
    client.force_login(student)
    new_password = "saffron-glacier-window-19"

    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )

    assert other_browser.get(reverse("accounts:profile")).status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302
    student.refresh_from_db()
    assert student.check_password(new_password)


def test_a_student_cannot_move_their_account_to_a_private_address(client, student):
    client.force_login(student)

    response = client.post(reverse("account_email"), {"action_add": "", "email": "me@gmail.com"})

    assert "Use your university email address" in response.content.decode()
