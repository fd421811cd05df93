"""Nothing a person typed reaches a page, email, invite or CSV as live markup.

A script payload goes into every free-text column of every model a person or staff can write
(tests/security/poison.py finds them by type, so a new column is covered the day it is added).
Then every page of the role matrix is opened by every role, every admin page by staff, every
email and invite the product sends is written, and the CSV exports are read: any payload that
comes out as a tag, as an injected header or calendar line, or as a spreadsheet formula fails.
"""

import csv
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from apps.accounts import services as accounts
from apps.accounts.models import Role
from apps.advising.services import assign_advisor
from apps.directory.models import Blackout, ImportJob, PreviousRole, SpotlightProfile
from apps.directory.services import refresh_search
from apps.interviews import emails, rules
from apps.interviews.models import (
    InterviewNote,
    InterviewRequest,
    Party,
    State,
    ThankYouNote,
    Transition,
)
from apps.notifications.models import Email
from apps.students.models import StudentProfile
from tests.accounts.matrix import ROLES, World
from tests.accounts.test_access_matrix import ROWS, world  # noqa: F401 - its fixture
from tests.factories import (
    AlumniFactory,
    IndustryFactory,
    InterviewRequestFactory,
    JobFunctionFactory,
    ProposedTimeFactory,
    QuestionFactory,
    SlowPeriodFactory,
    SpotlightProfileFactory,
    StaffFactory,
)
from tests.security.poison import (
    INJECTED_LINE,
    RAW_TAG,
    leaks,
    payload,
    poison_everything,
    typed_columns,
)
from tests.students.factories import ContactFactory

pytestmark = pytest.mark.django_db
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TYPED = "%Y-%m-%dT%H:%M"  # as a datetime-local input sends it


class Poisoned:
    """The role matrix's world, with one row of everything, every typed column poisoned."""

    def __init__(self, matrix: World) -> None:
        self.world = matrix
        self.profile = SpotlightProfile.objects.get(pk=matrix.published_pk)
        self.requests = _interviews_in_every_state(matrix, self.profile)
        _everything_else(matrix, self.profile)
        # Matrix rows make their own objects (a request, a contact): make them before poisoning.
        self.pages = [
            (row.name, reverse(row.name, args=row.args(matrix)))
            for row in ROWS
            if row.method == "get"
        ]
        self.names = poison_everything()
        refresh_search(SpotlightProfile.objects.values_list("pk", flat=True))

    def request(self, state_name: str) -> InterviewRequest:
        return InterviewRequest.objects.get(pk=self.requests[state_name])

    def client_for(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(self.world.people[role])
        return client


def _interviews_in_every_state(matrix: World, profile: SpotlightProfile) -> dict[str, int]:
    student = matrix.people[Role.STUDENT]
    soon = timezone.now() + timedelta(days=2)
    past = timezone.now() - timedelta(days=2)

    def make(to: SpotlightProfile = profile, **fields) -> InterviewRequest:
        return InterviewRequestFactory(student=student, profile=to, **fields)

    other = SpotlightProfileFactory()
    made = {
        # One open request per student and volunteer: the open ones go to other volunteers,
        # so that the request form for this one opens.
        "waiting": make(SpotlightProfileFactory()),
        "scheduled": make(
            SpotlightProfileFactory(),
            state=State.SCHEDULED,
            scheduled_start=soon,
            meeting_details="x",
        ),
        "accepted": make(
            SpotlightProfileFactory(),
            state=State.SCHEDULED,
            scheduled_start=soon,
            calendar_sequence=1,
        ),
        "declined": make(state=State.DECLINED, decline_note="x", suggested_profile=other),
        "held": make(state=State.COMPLETED, scheduled_start=past, referred_by="x"),
    }
    held = made["held"]
    InterviewNote.objects.create(request=held, notes="x", learnings="x", advice="x")
    ThankYouNote.objects.create(request=held, body="x")
    for request in made.values():
        Transition.objects.create(request=request, to_state=request.state, action="send", note="x")
    ProposedTimeFactory(request=made["scheduled"], proposed_by=Party.VOLUNTEER)
    return {name: request.pk for name, request in made.items()}


def _everything_else(matrix: World, profile: SpotlightProfile) -> None:
    student, advisor = matrix.people[Role.STUDENT], matrix.people[Role.ADVISOR]
    StudentProfile.objects.create(user=student, major="x", goals="x", introduction="x")
    ContactFactory(student=student, email="c@example.org", linkedin_url="https://x", notes="x")
    assign_advisor(student=student, advisor=advisor, assigned_by=matrix.people[Role.STAFF])
    PreviousRole.objects.create(profile=profile, employer="x", title="x", start_year=2015)
    in_a_month = timezone.localdate() + timedelta(days=30)
    Blackout.objects.create(profile=profile, starts_on=in_a_month, ends_on=in_a_month, note="x")
    profile.industries.add(IndustryFactory())
    profile.job_functions.add(JobFunctionFactory())
    SpotlightProfile.objects.filter(pk=profile.pk).update(
        phone="x", further_education="x", story_path="x", story_day="x", story_advice="x",
        city="x", region="x", country="x", topics=["x"], languages=["x"],
        linkedin_url="https://x", public_fields=["phone", "email", "linkedin_url", "photo"],
    )  # fmt: skip
    QuestionFactory()
    SlowPeriodFactory()
    Email.objects.update(last_error="x", recipient_name="x")


@pytest.fixture
def poisoned(world) -> Poisoned:  # noqa: F811 - the role matrix's world
    return Poisoned(world)


@pytest.fixture
def rendered_templates():
    names: set[str] = set()

    def remember(sender, template, context, **kwargs):
        names.add(template.name)

    template_rendered.connect(remember)
    yield names
    template_rendered.disconnect(remember)


def test_every_typed_column_of_every_model_is_poisoned_on_some_row(poisoned):
    empty = [c.label for c in typed_columns() if not c.model.objects.exists()]

    assert not empty, f"no row to poison (add one to the world): {empty}"
    assert len(poisoned.names) >= 60


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_a_payload_as_markup_to_any_role(poisoned, role):
    client = poisoned.client_for(role)
    found = {}
    for name, url in poisoned.pages + _more_pages(poisoned):
        response = client.get(url)
        assert response.status_code < 500, f"{name} answered {response.status_code}"
        if "html" in response.get("Content-Type", ""):
            found |= dict.fromkeys(leaks(response.content.decode(), poisoned.names), name)

    assert not found, f"live markup from these columns on these pages: {found}"


def _more_pages(poisoned: Poisoned) -> list[tuple[str, str]]:
    search = reverse("directory:search")
    return [
        ("directory:search q", f"{search}?q=data+xss"),
        ("directory:profile", reverse("directory:profile", args=[poisoned.profile.pk])),
        ("interviews:new", reverse("interviews:new", args=[poisoned.profile.pk])),
        *(
            (f"interviews:detail {state}", reverse("interviews:detail", args=[pk]))
            for state, pk in poisoned.requests.items()
        ),
        ("interviews:notes", reverse("interviews:notes", args=[poisoned.requests["held"]])),
        ("interviews:thank_you", reverse("interviews:thank_you", args=[poisoned.requests["held"]])),
    ]


def test_the_request_preview_shows_the_students_words_and_the_volunteers_name_as_text(poisoned):
    client = poisoned.client_for(Role.STUDENT)
    profile = SpotlightProfile.objects.get(pk=poisoned.profile.pk)
    zone = ZoneInfo(rules.student_time_zone(poisoned.world.people[Role.STUDENT]))
    times = [timezone.now() + timedelta(days=days) for days in (3, 4)]
    words = "I would like to learn how your path went and which skills you use most. " * 3
    data = {
        "purpose": f"{words} {profile.employer} {profile.job_title} {payload(999, _text(), 1)}",
        "own_question_1": payload(998, _text(), 1),
        "format": profile.formats[0],
        "minutes": "20",
        **{f"times_{n}": t.astimezone(zone).strftime(TYPED) for n, t in enumerate(times)},
        "times_2": "",
        "questions": [str(pk) for pk in _question_pks()],
        "submission_key": "4b1d2d3c-5f10-4c35-9b8c-6a4a1a3f0e11",
        "action": "preview",
    }  # fmt: skip
    InterviewRequest.objects.filter(student=poisoned.world.people[Role.STUDENT]).delete()

    response = client.post(reverse("interviews:new", args=[profile.pk]), data)

    assert "Preview: the email" in response.text, "the form was refused; see its errors"
    assert not RAW_TAG.search(response.text), leaks(response.text, poisoned.names | _own())


def _text():
    return InterviewNote._meta.get_field("notes")


def _own() -> dict[int, str]:
    return {999: "the request's purpose", 998: "the student's own question"}


def _question_pks() -> list[int]:
    from apps.interviews.models import Question

    return list(Question.objects.filter(is_active=True).values_list("pk", flat=True)[:2])


def test_staff_see_no_payload_as_markup_in_any_admin_page(poisoned):
    found = {}
    for staff in (poisoned.world.people[Role.STAFF], StaffFactory(is_superuser=True)):
        client = Client()
        client.force_login(staff)
        for model, model_admin in admin.site._registry.items():
            info = (model._meta.app_label, model._meta.model_name)
            first = model.objects.first()
            urls = [reverse("admin:{}_{}_changelist".format(*info))]
            if first is not None and model_admin.has_change_permission(_as(staff), first):
                urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
            for url in urls:
                response = client.get(url)
                found |= dict.fromkeys(leaks(response.content.decode(), poisoned.names), url)

    assert not found, f"live markup from these columns in the admin: {found}"


def _as(user):
    class Request:
        pass

    request = Request()
    request.user = user
    return request


def test_no_email_or_invite_carries_a_payload_as_markup_or_as_a_line_of_its_own(
    poisoned, client, rendered_templates
):
    before = Email.objects.order_by("pk").values_list("pk", flat=True).last()
    _send_every_email(poisoned, client)

    written = list(Email.objects.filter(pk__gt=before))
    html_leaks = {e.event: leaks(e.body_html, poisoned.names) for e in written}
    assert not {event: found for event, found in html_leaks.items() if found}
    for email in written:
        assert "\n" not in email.subject + email.recipient_name, email.event
        if email.calendar:
            _assert_invite_has_no_injected_line(email.calendar)
    sent = {name for name in rendered_templates if name.startswith("emails/")}
    every_html_email = {f"emails/{name}_body.html" for name in _email_templates()}
    assert every_html_email <= sent, f"not written by this test: {every_html_email - sent}"


def _send_every_email(poisoned: Poisoned, client: Client) -> None:
    staff = poisoned.world.people[Role.STAFF]
    emails.queue_request_received(poisoned.request("waiting"))
    emails.queue_scheduled(poisoned.request("accepted"), accepted=True)
    scheduled = poisoned.request("scheduled")
    emails.queue_scheduled(scheduled, accepted=False)
    offer = scheduled.proposed_times.filter(proposed_by=Party.VOLUNTEER).get()
    emails.queue_time_proposed(scheduled, offer, note=scheduled.meeting_details, moving=True)
    emails.queue_declined(poisoned.request("declined"))
    held = poisoned.request("held")
    emails.queue_thank_you(held, held.thank_you.body)
    emails.queue_cancelled(poisoned.request("accepted"), by=Party.STUDENT, note="x", was="x")
    emails.queue_expired(scheduled, was=State.TIME_PROPOSED)
    name = poisoned.world.people[Role.STUDENT].full_name
    accounts.invite(
        email="new@alumni.example.org", full_name=name, role=Role.ALUMNI, invited_by=staff
    )
    fields = {"email": "a@example.org", "full_name": name, "graduation_year": 2010,
              "degree": name, "employer": name, "job_title": name, "motivation": name}  # fmt: skip
    application = accounts.submit_application(fields=fields)
    accounts.decline_application(application=application, reviewer=staff)
    client.post(reverse("account_reset_password"), {"email": staff.email})


def _email_templates() -> list[str]:
    from django.conf import settings

    folder = settings.BASE_DIR / "templates" / "emails"
    return sorted(path.name.removesuffix("_body.html") for path in folder.glob("*_body.html"))


def _assert_invite_has_no_injected_line(ics: str) -> None:
    unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "")
    lines = unfolded.splitlines()
    assert not [line for line in lines if line.startswith(INJECTED_LINE.split(":")[0])]
    Calendar.from_ical(ics)  # and it still parses


def test_the_networking_log_export_writes_payloads_as_text_not_formulas(poisoned):
    client = poisoned.client_for(Role.STUDENT)

    response = client.get(reverse("students:export_log"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert any("data-xss" in cell for cell in cells)
    assert not [cell for cell in cells if cell.startswith(FORMULA_STARTS)]


def test_a_csv_import_full_of_payloads_shows_them_as_text_everywhere(
    staff, client, student, django_capture_on_commit_callbacks
):
    text = "=1\"'><i/data-xss=1>"
    body = io.StringIO()
    writer = csv.writer(body)
    writer.writerow(IMPORTED_COLUMNS)
    writer.writerow(["imported@example.org", text, "2012", *[text] * 7, "Finance", text])
    IndustryFactory(name="Finance", slug="finance")
    client.force_login(staff)
    upload = SimpleUploadedFile("<i data-xss=2>.csv", body.getvalue().encode(), "text/csv")

    dry_run = client.post(reverse("directory:import_upload"), {"file": upload}, follow=True)
    job = ImportJob.objects.latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("directory:import_confirm", args=[job.pk]))
    imported = SpotlightProfile.objects.get(email="imported@example.org")
    # Its person joins and agrees; listed directly, as the payloads make no story to publish.
    SpotlightProfile.objects.filter(pk=imported.pk).update(
        user=AlumniFactory(email=imported.email), agreed_at=timezone.now(), is_published=True
    )
    pages = [
        dry_run,
        client.get(reverse("directory:import_job", args=[job.pk])),
        client.get(reverse("directory:staff_profiles")),
    ]
    client.force_login(student)
    pages += [
        client.get(reverse("directory:profile", args=[imported.pk])),
        client.get(reverse("directory:search")),
    ]

    assert imported.full_name == text
    assert imported.topics == [text]
    assert [page.status_code for page in pages] == [200] * 5
    assert not [page for page in pages if RAW_TAG.search(page.content.decode())]


IMPORTED_COLUMNS = [
    "email", "full_name", "graduation_year", "degree", "major", "employer", "job_title",
    "city", "region", "country", "industries", "topics",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _unlimited_requests(settings):
    settings.SPOTLIGHT_MAX_OPEN_REQUESTS = 50


def test_poisoned_records_still_answer_every_page_for_their_owner(poisoned):
    # The poison must not just break pages into 404s that show nothing.
    client = poisoned.client_for(Role.STUDENT)
    detail = client.get(reverse("interviews:detail", args=[poisoned.requests["held"]]))
    inbox = poisoned.client_for(Role.ALUMNI).get(reverse("inbox:list"))

    assert "data-xss" in detail.text
    assert "data-xss" in inbox.text
