"""In the admin, only a superuser may change an account that has the admin's powers."""

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.urls import reverse

from apps.accounts.models import Role, User
from tests.factories import PASSWORD, StaffFactory, StudentFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-password-9"


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root@careers.example.edu", PASSWORD, full_name="Root")


@pytest.fixture(params=["superuser", "other_staff"])
def protected(request, superuser):
    """An account that a staff member without superuser rights must not be able to change."""
    if request.param == "superuser":
        return superuser
    return StaffFactory(full_name="Other Staff")


def takeover_form(account: User) -> dict:
    """The change form as an attacker would post it: their address, active, with admin rights."""
    return {
        "email": "attacker@evil.example.com",
        "full_name": account.full_name,
        "pronouns": "",
        "time_zone": "",
        "role": Role.STAFF,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }


def password_form() -> dict:
    return {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}


def assert_unchanged(account: User) -> None:
    before = (account.email, account.is_active, account.password)
    account.refresh_from_db()
    assert (account.email, account.is_active, account.password) == before
    assert account.check_password(PASSWORD)


def test_staff_see_a_superuser_read_only(client, staff, superuser):
    client.force_login(staff)

    response = client.get(reverse("admin:accounts_user_change", args=[superuser.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert superuser.email in page
    assert 'name="email"' not in page
    assert 'name="is_active"' not in page


def test_staff_cannot_change_the_email_or_flags_of_a_protected_account(client, staff, protected):
    client.force_login(staff)

    response = client.post(
        reverse("admin:accounts_user_change", args=[protected.pk]), takeover_form(protected)
    )

    assert response.status_code == 403
    assert_unchanged(protected)


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_cannot_set_the_password_of_a_protected_account(client, staff, protected, method):
    client.force_login(staff)
    url = reverse("admin:auth_user_password_change", args=[protected.pk])

    response = getattr(client, method)(url, password_form())

    assert response.status_code == 403
    assert_unchanged(protected)


def test_staff_cannot_delete_a_protected_account(client, staff, protected):
    client.force_login(staff)
    url = reverse("admin:accounts_user_delete", args=[protected.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert User.objects.filter(pk=protected.pk).exists()


def admin_actions_for(rf, user: User) -> list[str]:
    request = rf.get(reverse("admin:accounts_user_changelist"))
    request.user = user
    return list(admin.site.get_model_admin(User).get_actions(request))


def test_no_bulk_action_touches_a_protected_account(client, rf, staff, protected):
    student = StudentFactory()
    client.force_login(staff)
    actions = admin_actions_for(rf, staff)
    assert "delete_selected" in actions  # staff still delete students in bulk

    for action in actions:
        client.post(
            reverse("admin:accounts_user_changelist"),
            {
                "action": action,
                helpers.ACTION_CHECKBOX_NAME: [protected.pk, student.pk],
                "post": "yes",
            },
        )

    assert User.objects.filter(pk=protected.pk).exists()
    assert_unchanged(protected)


def test_staff_cannot_change_their_own_account_in_the_admin(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("admin:accounts_user_change", args=[staff.pk]), takeover_form(staff)
    )

    staff.refresh_from_db()
    assert response.status_code == 403
    assert not staff.is_superuser


def test_staff_cannot_make_a_student_staff(client, staff):
    student = StudentFactory()
    client.force_login(staff)

    response = client.post(
        reverse("admin:accounts_user_change", args=[student.pk]),
        {**takeover_form(student), "email": student.email},
    )

    student.refresh_from_db()
    assert "Select a valid choice" in response.content.decode()
    assert (student.role, student.is_staff, student.is_superuser) == (Role.STUDENT, False, False)


def test_staff_cannot_add_a_staff_account(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "newstaff@careers.example.edu",
            "full_name": "New Staff",
            "role": Role.STAFF,
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
        },
    )

    assert "Select a valid choice" in response.content.decode()
    assert not User.objects.filter(email="newstaff@careers.example.edu").exists()


def test_staff_still_manage_a_students_account(client, staff):
    student = StudentFactory(full_name="Priya Raman")
    client.force_login(staff)

    form = {**takeover_form(student), "email": "priya.raman@example.edu", "role": Role.ALUMNI}
    for flag in ["is_active", "is_staff", "is_superuser"]:
        del form[flag]

    client.post(reverse("admin:accounts_user_change", args=[student.pk]), form)
    client.post(reverse("admin:auth_user_password_change", args=[student.pk]), password_form())

    student.refresh_from_db()
    assert student.email == "priya.raman@example.edu"
    assert (student.role, student.is_active, student.is_staff) == (Role.ALUMNI, False, False)
    assert student.check_password(NEW_PASSWORD)


def test_a_superuser_changes_another_superusers_password(client, superuser):
    other = User.objects.create_superuser("second@careers.example.edu", PASSWORD)
    client.force_login(superuser)

    client.post(reverse("admin:auth_user_password_change", args=[other.pk]), password_form())

    other.refresh_from_db()
    assert other.check_password(NEW_PASSWORD)


def test_a_superuser_makes_staff_and_is_told_when_the_role_does_not_match(client, superuser):
    student = StudentFactory()
    client.force_login(superuser)
    url = reverse("admin:accounts_user_change", args=[student.pk])
    form = {**takeover_form(student), "email": student.email, "is_superuser": ""}

    refused = client.post(url, {**form, "role": Role.STUDENT})
    client.post(url, form)

    student.refresh_from_db()
    assert "Only career center staff can use the admin" in refused.content.decode()
    assert (student.role, student.is_staff) == (Role.STAFF, True)
