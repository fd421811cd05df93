"""The upload page offers a template CSV to fill in."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.directory import importing
from apps.directory.models import ImportJob, Industry, JobFunction


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_the_upload_page_links_to_the_template(staff_client):
    response = staff_client.get(reverse("directory:import_upload"))

    assert reverse("directory:import_template") in response.text
    assert "Download a template CSV file" in response.text


def test_the_template_has_every_column_required_first_and_an_example_row(staff_client):
    response = staff_client.get(reverse("directory:import_template"))

    text = response.content.decode("utf-8")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert text.startswith("\ufeff")  # so that Excel reads it as UTF-8
    header, example = csv.reader(io.StringIO(text[1:]))
    assert header[:2] == ["email", "full_name"]
    assert sorted(header) == sorted(importing.COLUMNS)
    assert dict(zip(header, example, strict=True))["full_name"] == "Jordan Lee"


def test_the_template_as_downloaded_passes_the_check(staff_client):
    Industry.objects.create(name="Finance", slug="finance")
    JobFunction.objects.create(name="Engineering", slug="engineering")
    data = staff_client.get(reverse("directory:import_template")).content

    file = SimpleUploadedFile("template.csv", data, content_type="text/csv")
    staff_client.post(reverse("directory:import_upload"), {"file": file})

    job = ImportJob.objects.get()
    assert (job.total_rows, job.new_count, job.errors) == (1, 1, [])
