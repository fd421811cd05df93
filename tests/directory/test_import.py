"""Staff import a CSV of alumni: a checked dry run first, then the import in chunks."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apps.directory import importing, services
from apps.directory.models import Employer, ImportJob, Industry, JobFunction, SpotlightProfile
from apps.notifications.models import Email
from tests.browser import assert_accessible, assert_fits_width

HEADER = "email,full_name,graduation_year,employer,job_title,industries,job_functions,topics"
ADA = (
    "Ada@Example.org,Ada Lovelace,2012,Northwind,Analyst,"
    "Finance; education,Engineering,Data;Career change"
)
GRACE = "grace@example.org,Grace Hopper,,Navy,Admiral,,,"
THIS_YEAR = timezone.localdate().year


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows, ""]).encode()


def upload(client, data: bytes, name: str = "alumni.csv"):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(reverse("directory:import_upload"), {"file": file})


def confirm(client, job: ImportJob):
    return client.post(reverse("directory:import_confirm", args=[job.pk]), follow=True)


def import_file(client, capture, data: bytes) -> ImportJob:
    upload(client, data)
    job = ImportJob.objects.latest("pk")
    with capture(execute=True):
        confirm(client, job)
    job.refresh_from_db()
    return job


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def vocabulary(db):
    Industry.objects.create(name="Finance", slug="finance")
    Industry.objects.create(name="Education", slug="education")
    JobFunction.objects.create(name="Engineering", slug="engineering")


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


# --- The good path ---------------------------------------------------------------------------


def test_the_upload_page_explains_the_columns(staff_client):
    response = staff_client.get(reverse("directory:import_upload"))

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert "<code>industries</code>" in response.text


def test_other_roles_may_not_import(client, student):
    client.force_login(student)

    assert client.get(reverse("directory:import_upload")).status_code == 403


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("directory:import_job", "get"),
        ("directory:import_confirm", "post"),
        ("directory:import_progress", "get"),
    ],
)
def test_an_import_that_does_not_exist_is_not_found(staff_client, name, method):
    response = getattr(staff_client, method)(reverse(name, args=[404]))

    assert response.status_code == 404


def test_the_check_counts_the_rows_and_imports_nothing(staff_client, vocabulary):
    response = upload(staff_client, csv_bytes(ADA, GRACE))

    job = ImportJob.objects.get()
    assert response.url == reverse("directory:import_job", args=[job.pk])
    assert (job.status, job.total_rows, job.new_count, job.errors) == ("checked", 2, 2, [])
    assert not SpotlightProfile.objects.exists()


def test_a_checked_file_without_errors_offers_to_import_it(staff_client, vocabulary):
    upload(staff_client, csv_bytes(ADA, GRACE))

    response = staff_client.get(reverse("directory:import_job", args=[ImportJob.objects.get().pk]))

    assert "2</strong> new profiles" in response.text
    assert reverse("directory:import_confirm", args=[ImportJob.objects.get().pk]) in response.text


def test_a_good_file_creates_unpublished_profiles_with_industries_and_topics(
    staff_client, vocabulary, capture
):
    job = import_file(staff_client, capture, csv_bytes(ADA, GRACE))

    ada = SpotlightProfile.objects.get(email="ada@example.org")
    assert (job.status, job.new_count, job.processed_rows) == ("done", 2, 2)
    assert (ada.full_name, ada.graduation_year, ada.employer) == ("Ada Lovelace", 2012, "Northwind")
    assert sorted(ada.industries.values_list("name", flat=True)) == ["Education", "Finance"]
    assert list(ada.job_functions.values_list("name", flat=True)) == ["Engineering"]
    assert ada.topics == ["Data", "Career change"]
    assert not ada.is_published
    assert ada.user is None
    assert SpotlightProfile.objects.get(email="grace@example.org").graduation_year is None


def test_a_file_cannot_publish_profiles_or_tie_them_to_accounts(staff_client, capture, alumnus):
    header = "email,full_name,is_published,user"
    row = f"ada@example.org,Ada,true,{alumnus.pk}"

    import_file(staff_client, capture, csv_bytes(row, header=header))

    ada = SpotlightProfile.objects.get()
    assert (ada.is_published, ada.user) == (False, None)


def test_imported_profiles_can_be_found_by_search_and_their_employers_remembered(
    staff_client, vocabulary, capture
):
    import_file(staff_client, capture, csv_bytes(ADA))

    ada = SpotlightProfile.objects.get()
    assert ada.industry_names in ("Education Finance", "Finance Education")
    assert ada.search_vector
    assert Employer.objects.filter(name="Northwind").exists()


def test_a_finished_import_shows_the_counts_and_links_to_the_profiles(
    staff_client, vocabulary, capture
):
    job = import_file(staff_client, capture, csv_bytes(ADA, GRACE))

    response = staff_client.get(reverse("directory:import_job", args=[job.pk]))

    assert "2</strong> new profiles" in response.text
    assert reverse("directory:staff_profiles") in response.text


def test_importing_sends_no_email(staff_client, vocabulary, capture):
    import_file(staff_client, capture, csv_bytes(ADA, GRACE))

    assert mail.outbox == []
    assert not Email.objects.exists()


def test_an_existing_profile_is_updated_matching_its_email_in_any_case(
    staff_client, vocabulary, capture, alumnus
):
    SpotlightProfile.objects.create(
        email="ADA@example.org", full_name="Ada", user=alumnus, is_published=True,
        agreed_at=timezone.now(),
    )  # fmt: skip

    job = import_file(staff_client, capture, csv_bytes(ADA))

    ada = SpotlightProfile.objects.get()
    assert (job.new_count, job.updated_count) == (0, 1)
    assert (ada.email, ada.full_name, ada.user, ada.is_published) == (
        "ada@example.org",
        "Ada Lovelace",
        alumnus,
        True,
    )


def test_an_update_replaces_the_industries(staff_client, vocabulary, capture):
    ada = SpotlightProfile.objects.create(email="ada@example.org", full_name="Ada")
    ada.industries.set([Industry.objects.get(name="Education")])
    header = "email,full_name,industries"

    import_file(staff_client, capture, csv_bytes("ada@example.org,Ada,Finance", header=header))

    assert list(ada.industries.values_list("name", flat=True)) == ["Finance"]


def test_importing_the_same_file_again_changes_nothing(staff_client, vocabulary, capture):
    import_file(staff_client, capture, csv_bytes(ADA, GRACE))
    before = dict(SpotlightProfile.objects.values_list("email", "updated_at"))

    job = import_file(staff_client, capture, csv_bytes(ADA, GRACE))

    assert (job.status, job.new_count, job.updated_count, job.unchanged_count) == ("done", 0, 0, 2)
    assert dict(SpotlightProfile.objects.values_list("email", "updated_at")) == before


def test_columns_missing_from_the_file_keep_their_values(staff_client, vocabulary, capture):
    SpotlightProfile.objects.create(email="ada@example.org", full_name="Ada", city="London")

    import_file(
        staff_client, capture, csv_bytes("ada@example.org,Ada Lovelace", header="email,Full Name")
    )

    assert SpotlightProfile.objects.values_list("full_name", "city").get() == (
        "Ada Lovelace",
        "London",
    )


def test_a_file_of_many_chunks_is_imported_in_a_few_queries_a_chunk(
    staff_client, vocabulary, capture, django_assert_max_num_queries, monkeypatch
):
    # Ten chunks of a hundred rows: more rows than the query budget, so a query a row fails.
    monkeypatch.setattr(importing, "CHUNK_SIZE", 100)
    rows = [
        f"alum{n}@example.org,Alum {n},2010,Employer {n % 50},Analyst,Finance,Engineering,Data"
        for n in range(1_000)
    ]

    # A query or more a row would be a thousand or more; each chunk takes about twenty.
    with django_assert_max_num_queries(30 * len(rows) // importing.CHUNK_SIZE):
        job = import_file(staff_client, capture, csv_bytes(*rows))

    assert (job.status, job.new_count, job.processed_rows) == ("done", 1_000, 1_000)
    assert SpotlightProfile.objects.filter(industries__name="Finance").count() == 1_000


# --- Row errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ("not-an-address,Ann,,,,,,", "email", "Enter a valid email address."),
        ("ann@example.org,Ann,1850,,,,,", "graduation_year", "between 1900 and"),
        (f"ann@example.org,Ann,{THIS_YEAR + 1},,,,,", "graduation_year", "between 1900 and"),
        ("ann@example.org,Ann,twenty,,,,,", "graduation_year", "between 1900 and"),
        ("ann@example.org,Ann,,,,Finance;Fishing,,", "industries", "unknown industry: Fishing"),
        ("ann@example.org,Ann,,,,,Juggling,", "job_functions", "unknown job function: Juggling"),
        ("ann@example.org,,,,,,,", "full_name", "This field cannot be blank."),
    ],
    ids=[
        "bad address",
        "year too early",
        "year in the future",
        "not a year",
        "unknown industry",
        "unknown job function",
        "no name",
    ],
)
def test_the_check_lists_row_errors(staff_client, vocabulary, row, column, message):
    upload(staff_client, csv_bytes(ADA, row))

    [error] = ImportJob.objects.get().errors
    assert (error["row"], error["column"]) == (3, column)
    assert message in error["message"]


def test_the_check_lists_a_duplicate_email_in_the_file(staff_client, vocabulary):
    upload(staff_client, csv_bytes(ADA, GRACE, "ADA@example.org,Ada again,,,,,,"))

    assert ImportJob.objects.get().errors == [
        {"row": 4, "column": "email", "message": "duplicate email in the file (first on row 2)"}
    ]


@pytest.mark.parametrize(
    "address",
    [
        "https://evil.example/in/ada",
        "https://linkedin.com.evil.example/in/ada",
        "javascript://www.linkedin.com/%0Aalert(1)",
        "https://[www.linkedin.com/in/ada",
    ],
)
def test_the_check_refuses_a_linkedin_address_elsewhere_than_linkedin(staff_client, address):
    upload(
        staff_client,
        csv_bytes(f"ada@example.org,Ada,{address}", header="email,full_name,linkedin_url"),
    )

    [error] = ImportJob.objects.get().errors
    assert (error["row"], error["column"]) == (2, "linkedin_url")
    assert "is not a LinkedIn address" in error["message"]


def test_a_linkedin_address_without_its_scheme_is_completed(staff_client, capture):
    header = "email,full_name,linkedin_url"
    import_file(
        staff_client,
        capture,
        csv_bytes("ada@example.org,Ada,www.linkedin.com/in/ada", header=header),
    )

    assert SpotlightProfile.objects.get().linkedin_url == "https://www.linkedin.com/in/ada"


def test_the_job_page_lists_row_errors_and_offers_no_import_of_the_whole_file(
    staff_client, vocabulary
):
    upload(staff_client, csv_bytes(ADA, "ann@example.org,Ann,1850,,,Fishing,,"))
    job = ImportJob.objects.get()

    response = staff_client.get(reverse("directory:import_job", args=[job.pk]))

    assert "1 row needs fixing" in response.text
    assert "unknown industry: Fishing" in response.text
    assert "Nothing has been imported" in response.text
    assert "Import 2 rows" not in response.text


def test_confirming_a_file_with_row_errors_imports_nothing(staff_client, vocabulary, capture):
    upload(staff_client, csv_bytes(ADA, "ann@example.org,Ann,1850,,,,,"))
    job = ImportJob.objects.get()

    with capture(execute=True) as callbacks:
        response = confirm(staff_client, job)

    job.refresh_from_db()
    assert (job.status, callbacks) == ("checked", [])
    assert not SpotlightProfile.objects.exists()
    assert "Nothing was imported" in response.text


def test_values_in_row_errors_are_html_escaped(staff_client, vocabulary):
    upload(staff_client, csv_bytes("ann@example.org,Ann,,,,<script>alert(1)</script>,,"))

    response = staff_client.get(reverse("directory:import_job", args=[ImportJob.objects.get().pk]))

    assert "unknown industry: &lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert "<script>alert(1)" not in response.text


def test_formula_like_values_are_stored_as_plain_text(staff_client, vocabulary, capture):
    header = "email,full_name,employer,job_title,city,topics"
    row = 'ann@example.org,=1+2,@SUM(A1:A9),"+cmd|\' /C calc\'!A0",-2+3,=HYPERLINK("http://x.example")'

    job = import_file(staff_client, capture, csv_bytes(row, header=header))

    ann = SpotlightProfile.objects.get()
    assert job.status == "done"
    assert (ann.full_name, ann.employer, ann.job_title, ann.city) == (
        "=1+2",
        "@SUM(A1:A9)",
        "+cmd|' /C calc'!A0",
        "-2+3",
    )
    assert ann.topics == ['=HYPERLINK("http://x.example")']


# --- Files that cannot be read ---------------------------------------------------------------


def test_a_file_not_saved_as_utf8_is_refused_with_advice(staff_client):
    response = upload(
        staff_client, csv_bytes("rene@example.org,René Côté").decode().encode("latin-1")
    )

    assert response.status_code == 200
    assert "Save the file as CSV UTF-8" in response.text
    assert not ImportJob.objects.exists()


def test_a_file_with_a_byte_order_mark_is_read(staff_client):
    upload(
        staff_client,
        "\ufeff".encode() + csv_bytes("rene@example.org,René Côté", header="email,full_name"),
    )

    assert ImportJob.objects.get().new_count == 1


def test_a_file_separated_by_semicolons_is_read(staff_client, vocabulary):
    upload(
        staff_client,
        csv_bytes('ada@example.org;Ada;"Finance;Education"', header="email;full_name;industries"),
    )

    assert (ImportJob.objects.get().new_count, ImportJob.objects.get().errors) == (1, [])


def test_a_file_without_a_full_name_column_is_refused(staff_client):
    response = upload(staff_client, csv_bytes("ada@example.org,Ada", header="email,name"))

    assert "The file has no full_name column" in response.text
    assert not ImportJob.objects.exists()


def test_a_file_of_more_than_twenty_thousand_rows_is_refused(staff_client):
    rows = [f"alum{n}@example.org,Alum {n}" for n in range(20_001)]

    response = upload(staff_client, csv_bytes(*rows, header="email,full_name"))

    assert "more than 20,000 rows" in response.text
    assert not ImportJob.objects.exists()


def test_a_file_larger_than_five_megabytes_is_refused(staff_client):
    response = upload(staff_client, csv_bytes("a@example.org," + "x" * importing.MAX_BYTES))

    assert "larger than 5 MB" in response.text


# --- Running the import ----------------------------------------------------------------------


def test_confirming_twice_starts_one_import(staff_client, vocabulary, capture):
    upload(staff_client, csv_bytes(ADA, GRACE))
    job = ImportJob.objects.get()

    with capture() as callbacks:
        confirm(staff_client, job)
        second = confirm(staff_client, job)

    assert len(callbacks) == 1
    assert "already started" in second.text


def test_the_import_records_its_progress_after_each_chunk(
    staff_client, vocabulary, capture, monkeypatch
):
    monkeypatch.setattr(importing, "CHUNK_SIZE", 2)
    seen = []
    refresh = services.refresh_search

    def spy(profile_ids):
        seen.append(ImportJob.objects.get().processed_rows)
        refresh(profile_ids)

    monkeypatch.setattr(services, "refresh_search", spy)
    rows = [f"alum{n}@example.org,Alum {n},,,,,," for n in range(5)]

    job = import_file(staff_client, capture, csv_bytes(*rows))

    assert (seen, job.processed_rows, job.status) == ([0, 2, 4], 5, "done")


def test_rows_that_went_wrong_after_the_check_stop_the_import(staff_client, vocabulary, capture):
    upload(staff_client, csv_bytes(GRACE, ADA))
    Industry.objects.filter(name="Education").delete()

    with capture(execute=True):
        confirm(staff_client, ImportJob.objects.get())

    job = ImportJob.objects.get()
    assert (job.status, job.processed_rows) == ("failed", 0)
    assert job.errors == [
        {"row": 3, "column": "industries", "message": "unknown industry: education"}
    ]
    assert not SpotlightProfile.objects.exists()


def test_an_import_delivered_again_carries_on_where_it_stopped(staff, vocabulary, monkeypatch):
    monkeypatch.setattr(importing, "CHUNK_SIZE", 2)
    rows = [f"alum{n}@example.org,Alum {n}" for n in range(5)]
    job = running_job(staff, processed=2, total=5)
    job.content = csv_bytes(*rows, header="email,full_name").decode()
    job.save()

    importing.run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.new_count) == ("done", 5, 3)
    assert sorted(SpotlightProfile.objects.values_list("full_name", flat=True)) == [
        "Alum 2",
        "Alum 3",
        "Alum 4",
    ]


def test_an_unexpected_error_marks_the_job_failed(staff_client, vocabulary, capture, monkeypatch):
    def broken(names):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "remember_employers", broken)

    job = import_file(staff_client, capture, csv_bytes(ADA))

    assert (job.status, job.processed_rows) == ("failed", 0)
    assert "RuntimeError: disk full" in job.errors[0]["message"]
    assert not SpotlightProfile.objects.exists()


def test_a_failed_import_explains_itself(staff_client, vocabulary, capture, monkeypatch):
    monkeypatch.setattr(services, "remember_employers", lambda names: 1 / 0)
    job = import_file(staff_client, capture, csv_bytes(ADA))

    response = staff_client.get(reverse("directory:import_job", args=[job.pk]))

    assert "The import stopped" in response.text
    assert "Nothing was imported." in response.text
    assert "ZeroDivisionError" in response.text


def running_job(staff, processed: int = 50, total: int = 200) -> ImportJob:
    return ImportJob.objects.create(
        created_by=staff,
        file_name="alumni.csv",
        content="email,full_name\n"
        + "".join(f"alum{number}@example.org,Alum {number}\n" for number in range(total)),
        status=ImportJob.Status.RUNNING,
        total_rows=total,
        processed_rows=processed,
    )


def test_the_progress_endpoint_reports_percent(staff_client, staff):
    job = running_job(staff)

    response = staff_client.get(reverse("directory:import_progress", args=[job.pk]))

    assert response.json() == {"status": "running", "processed": 50, "total": 200, "percent": 25}


def test_a_running_import_shows_an_accessible_progress_bar(staff_client, staff):
    job = running_job(staff)

    response = staff_client.get(reverse("directory:import_job", args=[job.pk]))

    assert '<progress id="import-progress-bar"' in response.text
    assert "50 of 200 rows" in response.text
    assert 'aria-live="polite"' in response.text
    assert "js/import_progress.js" in response.text


def test_confirming_a_running_import_changes_nothing(staff_client, staff, capture):
    job = running_job(staff)

    with capture() as callbacks:
        response = confirm(staff_client, job)

    job.refresh_from_db()
    assert (job.status, job.processed_rows, callbacks) == ("running", 50, [])
    assert "already started" in response.text


# --- In the browser --------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_staff_check_a_file_and_see_its_problems_in_a_browser(visit, staff, viewport):
    page = visit(reverse("directory:import_upload"), viewport=viewport, user=staff)
    data = csv_bytes("ada@example.org,Ada,2012", "=cmd@example.org,<b>Bob</b>,1850")
    page.get_by_label("CSV file of alumni").set_input_files(
        files=[{"name": "alumni.csv", "mimeType": "text/csv", "buffer": data}]
    )
    page.get_by_role("button", name="Check the file").click()

    page.get_by_role("heading", name="1 row needs fixing").wait_for()
    assert "is not a year between 1900" in page.locator("table").inner_text()
    assert_accessible(page)
    if viewport == "phone":
        assert_fits_width(page)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_progress_bar_follows_the_import_and_the_page_shows_the_result(visit, staff):
    job = running_job(staff)
    page = visit(reverse("directory:import_job", args=[job.pk]), user=staff)

    ImportJob.objects.filter(pk=job.pk).update(processed_rows=150)
    expect(page.get_by_text("150 of 200 rows")).to_be_visible()
    assert page.locator("progress").get_attribute("value") == "150"

    ImportJob.objects.filter(pk=job.pk).update(processed_rows=200, status="done", new_count=200)
    page.get_by_role("heading", name="Imported").wait_for()
    assert_accessible(page)
