import csv
import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from apps.students.services import safe_cell
from tests.students.factories import ContactFactory

pytestmark = pytest.mark.django_db


def rows_of(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


@time_machine.travel("2027-03-10T12:00Z", tick=False)
def test_the_export_holds_every_contact_of_the_student_and_nobody_elses(client, student):
    ContactFactory.create_batch(30, student=student)
    ContactFactory(
        student=student,
        name="Zoë Ångström",
        organisation="Café Müller",
        relationship="event",
        met_on=date(2027, 3, 1),
        thank_you_sent_on=date(2027, 3, 2),
        notes="Line one.\nLine two, with a comma.",
        referred_by_name="Prof. Okafor",
        may_mention_referrer=True,
    )
    ContactFactory(name="Not Mine")
    client.force_login(student)

    response = client.get(reverse("students:export_log"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="networking-log-2027-03-10.csv"'
    )
    assert "no-store" in response["Cache-Control"]
    header, *rows = rows_of(response)
    assert header[:4] == ["Name", "Organisation", "Role or title", "How you know them"]
    assert len(rows) == 31
    assert "Not Mine" not in response.content.decode()
    zoe = dict(zip(header, next(row for row in rows if row[0] == "Zoë Ångström"), strict=True))
    assert zoe["Organisation"] == "Café Müller"
    assert zoe["How you know them"] == "Met at an event"
    assert zoe["First met or spoke on"] == "2027-03-01"
    assert zoe["Thank-you note sent on"] == "2027-03-02"
    assert zoe["Next follow-up on"] == ""
    assert zoe["May mention who referred me"] == "Yes"
    assert zoe["Notes"] == "Line one.\nLine two, with a comma."
    assert zoe["Added on"] == "2027-03-10"


def test_cells_a_spreadsheet_would_run_as_formulas_are_made_plain_text(client, student):
    ContactFactory(
        student=student,
        name='=HYPERLINK("http://evil.example","click")',
        organisation="+1 555 0100",
        job_title="-2+3",
        notes="@SUM(A1:A2)",
        referred_by_name="\tTabbed",
    )
    client.force_login(student)

    [row] = rows_of(client.get(reverse("students:export_log")))[1:]

    assert row[0] == '\'=HYPERLINK("http://evil.example","click")'
    assert row[1] == "'+1 555 0100"
    assert row[2] == "'-2+3"
    assert "'@SUM(A1:A2)" in row
    assert "'\tTabbed" in row


@pytest.mark.parametrize(
    ("text", "safe"),
    [("Ada", "Ada"), ("=1+1", "'=1+1"), ("a=b", "a=b"), ("", ""), ("-", "'-")],
)
def test_only_a_leading_formula_character_is_guarded(text, safe):
    assert safe_cell(text) == safe


def test_an_empty_log_exports_just_the_headings(client, student):
    client.force_login(student)

    assert len(rows_of(client.get(reverse("students:export_log")))) == 1
