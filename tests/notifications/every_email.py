"""Every email the product sends, written to the outbox for people with awkward names.

The student, every volunteer and every invitee are named NAME, and the site is called SITE:
both hold the characters HTML escapes (quotes, an apostrophe, an ampersand), so a subject or
plain-text body rendered as HTML shows up as entities.
"""

from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone

from apps.accounts import services as accounts
from apps.accounts.models import Role
from apps.interviews import emails
from apps.interviews.models import InterviewRequest, Party, State
from apps.notifications.models import Email
from tests.factories import (
    PASSWORD,
    InterviewRequestFactory,
    ProposedTimeFactory,
    SpotlightProfileFactory,
    StaffFactory,
    StudentFactory,
)

NAME = 'Sam "Sammy" O\'Brien & Co'
SITE = 'Smith & Jones\' "Careers"'
STUDENT_EMAIL = "sam.obrien@example.edu"


def subject_templates() -> set[str]:
    """Every subject template: the product's own, and allauth's that Spotlight overrides."""
    base = settings.BASE_DIR / "templates"
    folders = [base / "emails", base / "account" / "email"]
    return {
        path.relative_to(base).as_posix()
        for folder in folders
        for path in folder.glob("*_subject.txt")
    }


@contextmanager
def recording_templates():
    """The names of the templates rendered inside the block."""
    names: set[str] = set()

    def remember(sender, template, context, **kwargs):
        names.add(template.name)

    template_rendered.connect(remember)
    try:
        yield names
    finally:
        template_rendered.disconnect(remember)


def write_every_email() -> list[Email]:
    student = StudentFactory(full_name=NAME, email=STUDENT_EMAIL)
    _interview_emails(student)
    _account_emails()
    _allauth_emails(student)
    return list(Email.objects.order_by("pk"))


def _request(student, **fields) -> InterviewRequest:
    # One open request per student and volunteer: each request goes to its own volunteer.
    return InterviewRequestFactory(
        student=student, profile=SpotlightProfileFactory(full_name=NAME), **fields
    )


def _interview_emails(student) -> None:
    soon = timezone.now() + timedelta(days=2)
    emails.queue_request_received(_request(student))
    accepted = _request(student, state=State.SCHEDULED, scheduled_start=soon)
    emails.queue_scheduled(accepted, accepted=True)
    emails.queue_cancelled(accepted, by=Party.STUDENT, note=NAME, was=State.SCHEDULED)
    moved = _request(student, state=State.SCHEDULED, scheduled_start=soon, calendar_sequence=1)
    emails.queue_scheduled(moved, accepted=False)
    offer = ProposedTimeFactory(request=moved, proposed_by=Party.VOLUNTEER)
    emails.queue_time_proposed(moved, offer, note=NAME, moving=True)
    emails.queue_expired(moved, was=State.TIME_PROPOSED)
    suggested = SpotlightProfileFactory(full_name=NAME)
    emails.queue_declined(
        _request(student, state=State.DECLINED, decline_note=NAME, suggested_profile=suggested)
    )
    held = _request(
        student, state=State.COMPLETED, scheduled_start=timezone.now() - timedelta(days=2)
    )
    emails.queue_thank_you(held, NAME)


def _account_emails() -> None:
    staff = StaffFactory()
    for number, role in enumerate((Role.ALUMNI, Role.ADVISOR)):
        accounts.invite(
            email=f"invitee{number}@alumni.example.org",
            full_name=NAME,
            role=role,
            invited_by=staff,
        )
    fields = {"email": "applicant@alumni.example.org", "full_name": NAME,
              "graduation_year": 2010, "degree": NAME, "employer": NAME, "job_title": NAME,
              "motivation": NAME}  # fmt: skip
    application = accounts.submit_application(fields=fields)
    accounts.decline_application(application=application, reviewer=staff)


def _allauth_emails(student) -> None:
    """allauth's emails, through the pages that send them."""
    sign_up = {"full_name": NAME, "password1": PASSWORD, "password2": PASSWORD}
    Client().post(reverse("account_signup"), sign_up | {"email": "new.student@example.edu"})
    Client().post(reverse("account_signup"), sign_up | {"email": STUDENT_EMAIL})
    Client().post(reverse("account_reset_password"), {"email": STUDENT_EMAIL})
    signed_in = Client()
    signed_in.force_login(student)
    signed_in.post(reverse("account_email"), {"action_add": "", "email": "sam.new@example.edu"})
