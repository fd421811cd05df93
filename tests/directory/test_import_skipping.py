"""Staff may import a checked file's good rows and skip those with problems, then download the
skipped rows to fix them."""

import csv
import io

import pytest
from django.urls import reverse

from apps.directory import importing
from apps.directory.models import ImportJob, Industry, JobFunction, SpotlightProfile
from tests.directory.test_import import ADA, GRACE, HEADER, THIS_YEAR, csv_bytes, upload

BAD_YEAR = "ann@example.org,Ann,1850,,,,,"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def vocabulary(db):
    Industry.objects.create(name="Finance", slug="finance")
    Industry.objects.create(name="Education", slug="education")
    JobFunction.objects.create(name="Engineering", slug="engineering")


def skip_and_import(client, job: ImportJob):
    url = reverse("directory:import_confirm", args=[job.pk])
    return client.post(url, {"skip": "refused_rows"}, follow=True)


def check_and_skip(client, capture, data: bytes) -> ImportJob:
    upload(client, data)
    job = ImportJob.objects.latest("pk")
    with capture(execute=True):
        skip_and_import(client, job)
    job.refresh_from_db()
    return job


def job_page(client, job: ImportJob) -> str:
    return client.get(reverse("directory:import_job", args=[job.pk])).text


def rows_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_a_file_with_problem_rows_offers_to_skip_them_with_counts(staff_client, vocabulary):
    upload(staff_client, csv_bytes(ADA, GRACE, BAD_YEAR))

    text = job_page(staff_client, ImportJob.objects.get())

    assert "Nothing has been imported" in text
    assert "Import the 2 good rows and skip the 1 row with problems" in text


def test_skipping_imports_the_good_rows_as_a_clean_import_would(
    staff_client, vocabulary, django_capture_on_commit_callbacks
):
    job = check_and_skip(
        staff_client, django_capture_on_commit_callbacks, csv_bytes(ADA, BAD_YEAR, GRACE)
    )

    ada = SpotlightProfile.objects.get(email="ada@example.org")
    assert sorted(SpotlightProfile.objects.values_list("email", flat=True)) == [
        "ada@example.org",
        "grace@example.org",
    ]
    assert (ada.full_name, ada.graduation_year, ada.topics) == (
        "Ada Lovelace",
        2012,
        ["Data", "Career change"],
    )
    assert sorted(ada.industries.values_list("name", flat=True)) == ["Education", "Finance"]
    assert ada.search_vector
    assert (job.status, job.new_count, job.skipped_count, job.processed_rows) == ("done", 2, 1, 3)


def test_the_result_page_counts_the_skipped_rows(
    staff_client, vocabulary, django_capture_on_commit_callbacks
):
    job = check_and_skip(
        staff_client, django_capture_on_commit_callbacks, csv_bytes(ADA, GRACE, BAD_YEAR)
    )

    text = job_page(staff_client, job)

    assert "2</strong> new profiles" in text
    assert "1</strong> skipped because of problems" in text
    assert reverse("directory:import_refused_rows", args=[job.pk]) in text


def test_a_repeated_email_is_skipped_and_its_first_row_imported(
    staff_client, vocabulary, django_capture_on_commit_callbacks
):
    again = "ada@example.org,Someone else,,,,,,"

    job = check_and_skip(staff_client, django_capture_on_commit_callbacks, csv_bytes(ADA, again))

    assert SpotlightProfile.objects.get().full_name == "Ada Lovelace"
    assert (job.new_count, job.skipped_count) == (1, 1)


def test_a_chunk_of_skipped_rows_only_is_passed_over(
    staff_client, vocabulary, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(importing, "CHUNK_SIZE", 2)
    rows = [GRACE, ADA, BAD_YEAR, "bob@example.org,Bob,1850,,,,,", "cy@example.org,Cy,,,,,,"]

    job = check_and_skip(staff_client, django_capture_on_commit_callbacks, csv_bytes(*rows))

    assert (job.status, job.new_count, job.skipped_count, job.processed_rows) == ("done", 3, 2, 5)
    assert not SpotlightProfile.objects.filter(full_name__in=["Ann", "Bob"]).exists()


def test_skipping_twice_starts_one_import(
    staff_client, vocabulary, django_capture_on_commit_callbacks
):
    upload(staff_client, csv_bytes(ADA, BAD_YEAR))
    job = ImportJob.objects.get()

    with django_capture_on_commit_callbacks() as callbacks:
        skip_and_import(staff_client, job)
        second = skip_and_import(staff_client, job)

    assert len(callbacks) == 1
    assert "already started" in second.text


def test_a_file_whose_rows_all_have_problems_offers_no_skipping(
    staff_client, vocabulary, django_capture_on_commit_callbacks
):
    upload(staff_client, csv_bytes(BAD_YEAR))
    job = ImportJob.objects.get()
    assert "skip the" not in job_page(staff_client, job)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = skip_and_import(staff_client, job)

    job.refresh_from_db()
    assert (job.status, callbacks) == ("checked", [])
    assert "Nothing was imported" in response.text


def test_a_problem_with_the_whole_file_cannot_be_skipped(staff, django_capture_on_commit_callbacks):
    job = ImportJob.objects.create(
        file_name="alumni.csv",
        content=csv_bytes(ADA, GRACE).decode(),
        total_rows=2,
        errors=[
            {"row": 3, "column": None, "message": "broken"},
            {"row": None, "column": None, "message": "the database went away"},
        ],
    )

    with django_capture_on_commit_callbacks(execute=True):
        started = importing.start_import(job_id=job.pk, skip_refused_rows=True)

    job.refresh_from_db()
    assert (started, job.status) == (False, "checked")


# --- The rows to fix -------------------------------------------------------------------------


def test_the_rows_to_fix_are_the_original_rows_after_their_problem(staff_client, vocabulary):
    header = "email,full_name,graduation_year,notes"
    bad = "not-an-address,Ann,1850,Met at the fair"
    upload(staff_client, csv_bytes("ada@example.org,Ada,2012,", bad, header=header))
    job = ImportJob.objects.get()
    assert reverse("directory:import_refused_rows", args=[job.pk]) in job_page(staff_client, job)

    response = staff_client.get(reverse("directory:import_refused_rows", args=[job.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="alumni rows to fix.csv"'
    [heading, row] = rows_of(response)
    assert heading == ["problem", "email", "full_name", "graduation_year", "notes"]
    assert row[1:] == ["not-an-address", "Ann", "1850", "Met at the fair"]
    assert row[0] == (
        'graduation_year: "1850" is not a year between 1900 and '
        f"{THIS_YEAR}.; email: Enter a valid email address."
    )


def test_formula_like_cells_in_the_rows_to_fix_are_made_text(staff_client, vocabulary):
    upload(staff_client, csv_bytes("=cmd@example.org,@SUM(A1),-1850,,+x,,,", header=HEADER))
    job = ImportJob.objects.get()

    response = staff_client.get(reverse("directory:import_refused_rows", args=[job.pk]))

    [_, row] = rows_of(response)
    assert row[1:6] == ["'=cmd@example.org", "'@SUM(A1)", "'-1850", "", "'+x"]


def test_the_rows_to_fix_can_be_uploaded_again_once_fixed(staff_client, vocabulary):
    upload(staff_client, csv_bytes(ADA, BAD_YEAR))
    response = staff_client.get(
        reverse("directory:import_refused_rows", args=[ImportJob.objects.get().pk])
    )
    fixed = response.content.decode("utf-8").replace(",1850,", ",1985,").encode()

    upload(staff_client, fixed)

    job = ImportJob.objects.latest("pk")
    assert (job.total_rows, job.new_count, job.errors) == (1, 1, [])
