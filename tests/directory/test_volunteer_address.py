"""A volunteer's address is never a student's university address: their emails carry other
students' names, addresses and requests."""

import pytest
from django.urls import reverse

from apps.directory.models import ImportJob, SpotlightProfile
from tests.directory.test_import import confirm, csv_bytes, upload
from tests.directory.test_profiles import profile_form
from tests.factories import SpotlightProfileFactory

pytestmark = pytest.mark.django_db

ALUMNA_ROW = "ada@alumni.example.org,Ada Lovelace,2012,Northwind,Analyst,,,"
STUDENT_ROW = "Sam.Okafor@Students.Example.edu,Sam Okafor,2020,Contoso,Analyst,,,"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_the_check_refuses_a_students_university_address_in_words(staff_client):
    upload(staff_client, csv_bytes(ALUMNA_ROW, STUDENT_ROW))
    job = ImportJob.objects.get()

    assert job.errors == [
        {
            "row": 3,
            "column": "email",
            "message": "sam.okafor@students.example.edu is a student's university address. A "
            "volunteer's emails carry students' details, so use the volunteer's own personal "
            "or work address.",
        }
    ]
    page = staff_client.get(reverse("directory:import_job", args=[job.pk])).text
    assert "is a student&#x27;s university address" in page
    assert "Import 2 rows" not in page
    assert "Import the 1 good row and skip the 1 row with problems" in page


def test_nothing_of_a_file_with_a_student_address_is_imported(
    staff_client, django_capture_on_commit_callbacks
):
    upload(staff_client, csv_bytes(STUDENT_ROW))
    job = ImportJob.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        confirm(staff_client, job)

    assert not SpotlightProfile.objects.exists()


def test_a_file_of_alumni_addresses_still_imports(staff_client):
    upload(staff_client, csv_bytes(ALUMNA_ROW))

    assert ImportJob.objects.get().errors == []


def test_staff_cannot_give_a_profile_a_students_university_address(staff_client):
    profile = SpotlightProfileFactory(email="dana@alumni.example.org")

    response = staff_client.post(
        reverse("directory:staff_edit_profile", args=[profile.pk]),
        profile_form(email="dana.w@example.edu"),
    )

    assert response.status_code == 200
    [message] = response.context["form"].errors["email"]
    assert message.startswith("dana.w@example.edu is a student's university address.")
    profile.refresh_from_db()
    assert profile.email == "dana@alumni.example.org"
