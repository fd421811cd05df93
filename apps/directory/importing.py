"""Importing alumni from a CSV file into spotlight profiles.

Staff upload a file; `check_file` reads it, runs the import as a dry run (validation only) and
stores an ImportJob with the counts and the row errors. Once staff confirm, `start_import`
moves the job to "running" and the Celery task `run_import` calls `run`, which imports the rows
in chunks, each in its own transaction, and records its progress after each one.

A file with problem rows is imported only if staff choose to leave those rows out: the job then
counts them as skipped, and `refused_rows_csv` gives them back, each with its problem, to fix
and upload again.

Rows are matched to profiles by email, case-insensitively. Values are stored as the text they
are: a cell such as `=HYPERLINK(...)` stays that string, and templates escape it when shown.
"""

import csv
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from import_export import fields, resources, widgets
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import Result, RowResult
from kombu.exceptions import OperationalError

from apps.accounts.models import User, normalize_email
from apps.directory import services
from apps.directory.forms import volunteer_address_problem
from apps.directory.models import (
    ImportJob,
    Industry,
    JobFunction,
    SpotlightProfile,
    is_linkedin_host,
)
from apps.students.services import safe_cell

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
CHUNK_SIZE = 500
REQUIRED_COLUMNS = ("email", "full_name")
# The columns a file may have, in the order the upload page explains them.
COLUMNS = {
    "email": "Their email address; it identifies the person, so a second import updates them.",
    "full_name": "Their name as students should see it.",
    "graduation_year": "The year they graduated, for example 2012.",
    "degree": "For example BA or MSc.",
    "major": "What they studied.",
    "employer": "Where they work now.",
    "job_title": "Their current role.",
    "city": "Where they live or work.",
    "region": "State or region.",
    "country": "Country.",
    "industries": "Industries, separated by semicolons; each must already exist in Spotlight.",
    "job_functions": "Job functions, separated by semicolons; each must already exist.",
    "topics": "What they are happy to talk about, separated by semicolons.",
    "linkedin_url": "Their LinkedIn address, on linkedin.com.",
}
# Each row carries its spreadsheet row number (the header is row 1) under this name. Headers
# are stripped when read, so no column in a file can have a name that starts with a space.
ROW_COLUMN = " row"
logger = logging.getLogger(__name__)
ENCODING_ADVICE = (
    "This file is not saved as UTF-8, so accented letters would come out wrong. Save the file "
    "as CSV UTF-8 (in Excel: File, Save As, then CSV UTF-8; in Google Sheets or Numbers: "
    "export as CSV) and upload it again."
)


class FileProblem(Exception):
    """The file as a whole cannot be imported; the message says why and what to do."""


@dataclass(frozen=True)
class Table:
    """The readable part of a CSV file: known columns only, blank lines left out."""

    file_name: str
    text: str
    headers: list[str]
    rows: list[list]
    # Spreadsheet row of a repeated email -> the row where that email first appears.
    duplicates: dict[int, int] = field(default_factory=dict)

    def dataset(
        self, start: int = 0, stop: int | None = None, leave_out: frozenset[int] = frozenset()
    ) -> tablib.Dataset:
        """Rows start to stop, without those whose spreadsheet row number is in leave_out."""
        rows = [row for row in self.rows[start:stop] if row[-1] not in leave_out]
        return tablib.Dataset(*rows, headers=[*self.headers, ROW_COLUMN])


# --- Reading the file ------------------------------------------------------------------------


def read_upload(*, file_name: str, data: bytes) -> Table:
    return read_table(file_name=file_name, text=decode(data))


def decode(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise FileProblem(
            "This is an Excel workbook, not a CSV file. Save it as CSV UTF-8 and upload it again."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(ENCODING_ADVICE) from None
    if "\x00" in text:
        raise FileProblem("This file holds binary data, not text. Is it really a CSV file?")
    return text


def read_table(*, file_name: str, text: str) -> Table:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        headers = [normalise_header(name) for name in next(reader, [])]
        _check_headers(headers)
        rows = _read_rows(reader, headers)
    except csv.Error as error:
        raise FileProblem(f"Row {reader.line_num} cannot be read as CSV: {error}.") from None
    if not rows:
        raise FileProblem("The file has no rows below its header row.")
    known = [name for name in headers if name in COLUMNS]
    duplicates = _repeats(rows, known.index("email"))
    return Table(file_name=file_name, text=text, headers=known, rows=rows, duplicates=duplicates)


def normalise_header(name: str) -> str:
    """'Full Name' and 'full-name' both mean full_name."""
    return "_".join(name.strip().lower().replace("-", " ").split())


def _delimiter(text: str) -> str:
    # Excel in many European locales saves "CSV" with semicolons between the columns.
    first_line = text.split("\n", 1)[0]
    return ";" if ";" in first_line and "," not in first_line else ","


def _check_headers(headers: list[str]) -> None:
    missing = [name for name in REQUIRED_COLUMNS if name not in headers]
    if missing:
        raise FileProblem(
            f"The file has no {' or '.join(missing)} column. Its first row must name the "
            f"columns, and {' and '.join(REQUIRED_COLUMNS)} are required."
        )
    repeated = sorted({name for name in headers if name in COLUMNS and headers.count(name) > 1})
    if repeated:
        raise FileProblem(f"The file has more than one {' and '.join(repeated)} column.")


def _read_rows(reader: Iterable[list[str]], headers: list[str]) -> list[list]:
    """Rows of the known columns, each ending with its spreadsheet row number."""
    positions = [index for index, name in enumerate(headers) if name in COLUMNS]
    rows = []
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if any(value.strip() for value in values[len(headers) :]):
            raise FileProblem(
                f"Row {number} has more values than the header row has columns. A value with a "
                "comma in it must be in double quotes; saving from a spreadsheet does that."
            )
        if len(rows) == MAX_ROWS:
            raise FileProblem(
                f"The file has more than {MAX_ROWS:,} rows. Split it into smaller files."
            )
        values += [""] * (len(headers) - len(values))
        rows.append([*(values[index] for index in positions), number])
    return rows


def _repeats(rows: list[list], email_index: int) -> dict[int, int]:
    first_row = {}
    duplicates = {}
    for row in rows:
        email, number = clean_email(row[email_index]), row[-1]
        if email in first_row:
            duplicates[number] = first_row[email]
        elif email:
            first_row[email] = number
    return duplicates


# --- Turning cells into values ---------------------------------------------------------------


def clean_email(value: str | None) -> str:
    return normalize_email(value or "")


def split_list(value: str | None) -> list[str]:
    """Semicolon-separated values, stripped, without blanks or repeats."""
    parts = (part.strip() for part in (value or "").split(";"))
    return list(dict.fromkeys(part for part in parts if part))


def _quoted(value: str) -> str:
    return f'"{value[:60]}…"' if len(value) > 60 else f'"{value}"'


class TextWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs) -> str:
        return "" if value is None else str(value).strip()


class EmailWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs) -> str:
        email = clean_email(value)
        problem = volunteer_address_problem(email)
        if problem:
            raise ValueError(problem)
        return email


class YearWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs) -> int | None:
        text = (value or "").strip()
        if not text:
            return None
        this_year = timezone.localdate().year
        if not re.fullmatch(r"[0-9]{4}", text) or not 1900 <= int(text) <= this_year:
            raise ValueError(f"{_quoted(text)} is not a year between 1900 and {this_year}.")
        return int(text)


class LinkedInWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs) -> str:
        text = (value or "").strip()
        if not text:
            return ""
        address = text if "://" in text else f"https://{text}"
        try:
            parts = urlsplit(address)
            scheme, host = parts.scheme, (parts.hostname or "").lower()
        except ValueError:  # such as a malformed IPv6 address
            scheme, host = "", ""
        if scheme not in ("http", "https") or not is_linkedin_host(host):
            raise ValueError(f"{_quoted(text)} is not a LinkedIn address (on linkedin.com).")
        return address


class ListWidget(widgets.SimpleArrayWidget):
    def __init__(self):
        super().__init__(separator=";")

    def clean(self, value, row=None, **kwargs) -> list[str]:
        return split_list(value)


class VocabularyWidget(widgets.ManyToManyWidget):
    """Semicolon-separated names of terms that must exist. ManyToManyWidget silently drops a
    name it does not know, which would lose an alumna's industry without anyone noticing."""

    def __init__(self, model, label: str):
        super().__init__(model, separator=";", field="name")
        self.label = label
        self._terms = None

    def clean(self, value, row=None, **kwargs) -> list:
        if self._terms is None:  # a few dozen terms, read once per import instead of per row
            self._terms = {term.name.casefold(): term for term in self.model.objects.all()}
        names = split_list(value)
        unknown = [name for name in names if name.casefold() not in self._terms]
        if unknown:
            raise ValueError(f"unknown {self.label}: {', '.join(unknown)}")
        terms = [self._terms[name.casefold()] for name in names]
        return list({term.pk: term for term in terms}.values())  # "Finance; finance": once


# --- The resource ----------------------------------------------------------------------------


class EmailInstanceLoader(BaseInstanceLoader):
    """Hands out the existing profiles that ProfileResource.before_import read for the chunk."""

    def get_instance(self, row):
        return self.resource.existing.get(clean_email(row["email"]))


M2M_COLUMNS = ("industries", "job_functions")


def _through(attribute: str) -> tuple[type, str, str]:
    """The link table of a many-to-many field, and its profile and term column names."""
    relation = SpotlightProfile._meta.get_field(attribute)
    return (
        relation.remote_field.through,
        relation.m2m_field_name(),
        relation.m2m_reverse_field_name(),
    )


def _column(name: str, widget: widgets.Widget) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=widget)


class ProfileResource(resources.ModelResource):
    email = _column("email", EmailWidget())
    full_name = _column("full_name", TextWidget())
    graduation_year = _column("graduation_year", YearWidget())
    degree = _column("degree", TextWidget())
    major = _column("major", TextWidget())
    employer = _column("employer", TextWidget())
    job_title = _column("job_title", TextWidget())
    city = _column("city", TextWidget())
    region = _column("region", TextWidget())
    country = _column("country", TextWidget())
    industries = _column("industries", VocabularyWidget(Industry, "industry"))
    job_functions = _column("job_functions", VocabularyWidget(JobFunction, "job function"))
    topics = _column("topics", ListWidget())
    linkedin_url = _column("linkedin_url", LinkedInWidget())

    class Meta:
        model = SpotlightProfile
        fields = tuple(COLUMNS)
        import_id_fields = ["email"]
        instance_loader_class = EmailInstanceLoader
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        # The library copies every row's profile to diff it for its admin pages; we show
        # counts only, and skip_row compares with the values read in before_import.
        skip_diff = True
        # One INSERT and one UPDATE for each chunk instead of a query and a savepoint for each
        # row; it spares the dry run a savepoint per row too.
        use_bulk = True

    def __init__(self, *, duplicates: dict[int, int]):
        super().__init__()
        self.duplicates = duplicates
        # Set for each chunk in before_import: the profiles written, and for each many-to-many
        # attribute the profiles and the term ids they get, written in after_import.
        self.saved: list[SpotlightProfile] = []
        self.links: dict[str, list[tuple[SpotlightProfile, list[int]]]] = {}
        self.existing: dict[str, SpotlightProfile] = {}
        self.original_values: dict[int, dict] = {}
        self.current_terms: dict[tuple[str, int], set[int]] = {}

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        # The library reads many-to-many cells only when saving; read them now, so that an
        # unknown industry is a row error like any other, found by the dry run.
        for resource_field in self.get_import_fields():
            if isinstance(resource_field.widget, widgets.ManyToManyWidget):
                try:
                    if resource_field.column_name in row:
                        resource_field.clean(row)
                except ValueError as error:
                    errors[resource_field.attribute] = [ValidationError(str(error))]
        first = self.duplicates.get(row[ROW_COLUMN])
        if first is not None:
            message = f"duplicate email in the file (first on row {first})"
            errors.setdefault("email", []).append(ValidationError(message))
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        exclude = set(errors)
        if instance.graduation_year is None:
            exclude.add("graduation_year")  # optional in a file; the model field is not blank
        try:
            # Uniqueness is settled by the loader and the duplicate check over the whole file,
            # and constraints by the database: both checks would cost queries on every row.
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def get_bulk_update_fields(self):
        # The email too, as lowercasing may change it, and updated_at, which save_instance sets
        # because bulk_update, unlike save(), leaves auto_now fields alone.
        return [name for name in COLUMNS if name not in M2M_COLUMNS] + ["updated_at"]

    def save_instance(self, instance, is_create, row, **kwargs):
        # A dry run validates only: writing rows to roll them back would double the work of a
        # check that staff wait for.
        if not kwargs.get("dry_run"):
            instance.updated_at = timezone.now()
            self.saved.append(instance)
            super().save_instance(instance, is_create, row, **kwargs)

    def before_import(self, dataset, **kwargs):
        """Read the chunk's existing profiles and their industries and job functions in three
        queries, rather than one per row and three more for comparing each row."""
        self.saved = []
        self.links = {}
        emails = {clean_email(value) for value in dataset["email"]}
        profiles = SpotlightProfile.objects.alias(lower_email=Lower("email")).filter(
            lower_email__in=emails
        )
        self.existing = {profile.email.lower(): profile for profile in profiles}
        self.original_values = {
            profile.pk: {
                resource_field.attribute: resource_field.get_value(profile)
                for resource_field in self.get_import_fields()
                if not isinstance(resource_field.widget, widgets.ManyToManyWidget)
            }
            for profile in self.existing.values()
        }
        self.current_terms = {}
        for attribute in M2M_COLUMNS:
            through, profile, term = _through(attribute)
            pairs = through.objects.filter(
                **{f"{profile}_id__in": [p.pk for p in self.existing.values()]}
            ).values_list(f"{profile}_id", f"{term}_id")
            for profile_id, term_id in pairs:
                self.current_terms.setdefault((attribute, profile_id), set()).add(term_id)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """The library's skip_row, comparing with the values read in before_import."""
        if import_validation_errors or instance.pk is None:
            return False
        before = self.original_values[instance.pk]
        for resource_field in self.get_import_fields():
            if resource_field.column_name not in row:
                continue
            if isinstance(resource_field.widget, widgets.ManyToManyWidget):
                wanted = {term.pk for term in resource_field.clean(row)}
                key = (resource_field.attribute, instance.pk)
                if wanted != self.current_terms.get(key, set()):
                    return False
            elif resource_field.get_value(instance) != before[resource_field.attribute]:
                return False
        return True

    def save_m2m(self, instance, row, **kwargs):
        # With use_bulk the library saves no many-to-many values, and new profiles have no id
        # yet: after_import writes the chunk's links once the profiles are in.
        if kwargs.get("dry_run"):
            return
        for resource_field in self.get_import_fields():
            if (
                isinstance(resource_field.widget, widgets.ManyToManyWidget)
                and resource_field.column_name in row
            ):
                term_ids = [term.pk for term in resource_field.clean(row)]
                self.links.setdefault(resource_field.attribute, []).append((instance, term_ids))

    def after_import(self, dataset, result, **kwargs):
        # Not calling super(): the library resets the id sequence after an import, for files
        # that carry ids. Ours never do, and resetting the sequence to MAX(id) could hand out
        # an id that a concurrent, not yet committed insert already took.
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return  # the chunk is rolled back
        for attribute, links in self.links.items():
            through, profile, term = _through(attribute)
            through.objects.filter(
                **{f"{profile}_id__in": [instance.pk for instance, _ in links]}
            ).delete()
            through.objects.bulk_create(
                through(**{f"{profile}_id": instance.pk, f"{term}_id": term_id})
                for instance, term_ids in links
                for term_id in term_ids
            )


def _row_errors(result: Result, dataset: tablib.Dataset) -> list[dict]:
    """Each problem as {row, column, message}; row is the spreadsheet row, None for the file."""
    numbers = dataset[ROW_COLUMN]
    errors = [
        {"row": None, "column": None, "message": str(error.error)} for error in result.base_errors
    ]
    for invalid in result.invalid_rows:
        for name, messages in invalid.error_dict.items():
            column = None if name == NON_FIELD_ERRORS else name
            errors += [
                {"row": numbers[invalid.number - 1], "column": column, "message": message}
                for message in messages
            ]
    for failed in result.error_rows:
        errors += [
            {"row": numbers[failed.number - 1], "column": None, "message": str(error.error)}
            for error in failed.errors
        ]
    return sorted(errors, key=lambda error: error["row"] or 0)


# --- The services ----------------------------------------------------------------------------


def check_file(*, table: Table, created_by: User) -> ImportJob:
    """Dry-run the file and keep the result, with the file, for staff to confirm."""
    dataset = table.dataset()
    resource = ProfileResource(duplicates=table.duplicates)
    result = resource.import_data(
        dataset, dry_run=True, raise_errors=False, collect_failed_rows=True
    )
    return ImportJob.objects.create(
        created_by=created_by,
        file_name=table.file_name[:255],
        content=table.text,
        status=ImportJob.Status.CHECKED,
        total_rows=len(dataset),
        new_count=result.totals[RowResult.IMPORT_TYPE_NEW],
        updated_count=result.totals[RowResult.IMPORT_TYPE_UPDATE],
        unchanged_count=result.totals[RowResult.IMPORT_TYPE_SKIP],
        errors=_row_errors(result, dataset),
    )


def refused_rows(errors: list[dict]) -> frozenset[int]:
    """The spreadsheet row numbers that have problems."""
    return frozenset(error["row"] for error in errors if error["row"])


def emails_in(job: ImportJob) -> list[str]:
    """The addresses of the rows the job imported (or would import): the people it brings in."""
    try:
        table = read_table(file_name=job.file_name, text=job.content)
    except FileProblem:  # a file refused as a whole brought nobody in
        return []
    column = table.headers.index("email")
    left_out = refused_rows(job.errors)
    return [
        clean_email(row[column]) for row in table.rows if row[-1] not in left_out and row[column]
    ]


def can_skip_refused_rows(job: ImportJob) -> bool:
    """Leaving out the rows with problems must leave rows to import, and a problem with the
    file as a whole (one without a row number) cannot be left out."""
    rows = refused_rows(job.errors)
    return bool(rows) and all(error["row"] for error in job.errors) and len(rows) < job.total_rows


def start_import(*, job_id: int, skip_refused_rows: bool = False) -> bool:
    """Move a checked job to running and enqueue it: a job without problems, or one whose rows
    with problems staff chose to leave out. A second click finds the job no longer checked,
    changes nothing and enqueues nothing."""
    jobs = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.CHECKED)
    skipped = 0
    if skip_refused_rows:
        job = jobs.only("errors", "total_rows").first()
        if job is None or not can_skip_refused_rows(job):
            return False
        skipped = len(refused_rows(job.errors))
    else:
        jobs = jobs.filter(errors=[])
    with transaction.atomic():
        started = jobs.update(
            status=ImportJob.Status.RUNNING,
            processed_rows=0,
            new_count=0,
            updated_count=0,
            unchanged_count=0,
            skipped_count=skipped,
        )
        if started:
            transaction.on_commit(lambda: _enqueue(job_id))
    return bool(started)


def _enqueue(job_id: int) -> None:
    from apps.directory.tasks import run_import  # tasks imports this module

    try:
        run_import.delay(job_id)
    except OperationalError:
        # The broker is down: hand the job back, so that staff can confirm it again.
        logger.warning("Could not enqueue import %s; it is waiting for confirmation again.", job_id)
        ImportJob.objects.filter(
            pk=job_id, status=ImportJob.Status.RUNNING, processed_rows=0
        ).update(status=ImportJob.Status.CHECKED)


class RowsFailed(Exception):
    """Rows that passed the check failed on import: the data changed in between."""

    def __init__(self, errors: list[dict]):
        super().__init__(f"{len(errors)} row errors")
        self.errors = errors


def run(*, job_id: int) -> None:
    """Import a running job's rows, chunk by chunk, then mark it done.

    Each chunk starts where the committed progress says, under a lock on the job: a task
    delivered again after a worker died carries on where the first stopped, and two workers
    never import the same chunk.
    """
    job = ImportJob.objects.only("status", "file_name", "content", "errors").get(pk=job_id)
    if job.status != ImportJob.Status.RUNNING:
        return
    table = read_table(file_name=job.file_name, text=job.content)
    resource = ProfileResource(duplicates=table.duplicates)
    # A running job keeps the errors of its check: the rows staff chose to leave out, if any.
    leave_out = refused_rows(job.errors)
    try:
        while _import_next_chunk(job_id, table, resource, leave_out):
            pass
    except RowsFailed as failure:
        mark_failed(job_id=job_id, errors=failure.errors)
        return
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
        status=ImportJob.Status.DONE, finished_at=timezone.now()
    )


def _import_next_chunk(
    job_id: int, table: Table, resource: ProfileResource, leave_out: frozenset[int]
) -> bool:
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().only("status", "processed_rows").get(pk=job_id)
        start = job.processed_rows
        if job.status != ImportJob.Status.RUNNING or start >= len(table.rows):
            return False
        stop = min(start + CHUNK_SIZE, len(table.rows))
        # Progress counts the rows left out too, so that it ends at the file's row count.
        dataset = table.dataset(start, stop, leave_out)
        result = resource.import_data(
            dataset,
            dry_run=False,
            raise_errors=False,
            use_transactions=True,
            collect_failed_rows=True,
        )
        errors = _row_errors(result, dataset)
        if errors:
            raise RowsFailed(errors)
        changed = [profile.pk for profile in resource.saved]
        employers = SpotlightProfile.objects.filter(pk__in=changed).values_list(
            "employer", flat=True
        )
        services.remember_employers(employers)
        services.refresh_search(changed)
        ImportJob.objects.filter(pk=job_id).update(
            processed_rows=F("processed_rows") + stop - start,
            new_count=F("new_count") + result.totals[RowResult.IMPORT_TYPE_NEW],
            updated_count=F("updated_count") + result.totals[RowResult.IMPORT_TYPE_UPDATE],
            unchanged_count=F("unchanged_count") + result.totals[RowResult.IMPORT_TYPE_SKIP],
        )
    return True


def mark_failed(*, job_id: int, errors: list[dict]) -> None:
    ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.RUNNING).update(
        status=ImportJob.Status.FAILED, errors=errors, finished_at=timezone.now()
    )


# --- Files for staff to download -------------------------------------------------------------

EXAMPLE_ROW = {
    "email": "jordan.lee@example.org",
    "full_name": "Jordan Lee",
    "graduation_year": "2012",
    "degree": "BA",
    "major": "Economics",
    "employer": "Northwind Traders",
    "job_title": "Data analyst",
    "city": "Chicago",
    "region": "Illinois",
    "country": "United States",
    "topics": "Career change; Working abroad",
    "linkedin_url": "https://www.linkedin.com/in/jordan-lee-example",
}


def template_csv() -> str:
    """Every column, the required ones first, and an example row. The example's industries and
    job functions are ones Spotlight knows, so that the row passes the check as it is."""
    example = {
        **EXAMPLE_ROW,
        "industries": _example_terms(Industry),
        "job_functions": _example_terms(JobFunction),
    }
    columns = [*REQUIRED_COLUMNS, *(name for name in COLUMNS if name not in REQUIRED_COLUMNS)]
    return _csv_text([columns, [example[name] for name in columns]])


def _example_terms(model: type[Industry] | type[JobFunction]) -> str:
    return "; ".join(model.objects.order_by("name").values_list("name", flat=True)[:2])


def refused_rows_csv(*, job: ImportJob) -> str:
    """The header and the rows with problems as they were uploaded, each after a first column
    saying what is wrong, so that staff can fix them and upload just those."""
    problems = _problems_by_row(job.errors)
    text = job.content
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    # Numbered as read_table numbers them: the header is row 1, blank lines count.
    rows = [
        ["problem" if number == 1 else problems[number], *values]
        for number, values in enumerate(reader, start=1)
        if number == 1 or number in problems
    ]
    return _csv_text(rows)


def _problems_by_row(errors: list[dict]) -> dict[int, str]:
    problems: dict[int, list[str]] = {}
    for error in errors:
        if error["row"]:
            column = f"{error['column']}: " if error["column"] else ""
            problems.setdefault(error["row"], []).append(column + error["message"])
    return {row: "; ".join(messages) for row, messages in problems.items()}


def _csv_text(rows: Iterable[list[str]]) -> str:
    """CSV with a byte-order mark, which spreadsheet programs need to read it as UTF-8, and no
    cell that they would run as a formula."""
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output)
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return output.getvalue()
