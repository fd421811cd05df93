"""Subjects and plain-text bodies read as people typed their names; only HTML is escaped."""

import re

import pytest
from django.utils.html import escape

from tests.notifications.every_email import (
    NAME,
    SITE,
    recording_templates,
    subject_templates,
    write_every_email,
)

pytestmark = pytest.mark.django_db

ENTITY = re.compile(r"&(#x?[0-9a-f]+|[a-z]+);", re.IGNORECASE)


@pytest.fixture
def written(settings):
    settings.SPOTLIGHT_SITE_NAME = SITE
    with recording_templates() as names:
        written = write_every_email()
    return written, names


@pytest.fixture
def every_email(written):
    return written[0]


def test_every_subject_template_is_written_by_these_tests(written):
    _, rendered = written
    on_disk = subject_templates()

    assert len(on_disk) >= 16
    assert on_disk <= rendered, f"not written by these tests: {on_disk - rendered}"


def test_no_subject_or_text_body_shows_an_html_entity(every_email):
    found = {
        email.event: ENTITY.findall(email.subject + email.body_text)
        for email in every_email
        if ENTITY.search(email.subject + email.body_text)
    }

    assert not found, f"entities in these emails' subject or text: {found}"


def test_subjects_name_people_and_the_site_as_typed(every_email):
    subjects = {email.event: email.subject for email in every_email}

    assert subjects["interview_request_received"] == (
        f"{NAME} asks you for a 20-minute informational interview"
    )
    assert subjects["interview_accepted"].startswith(f"{NAME} accepted your request: ")
    assert subjects["interview_thank_you"] == f"Thank you from {NAME}"
    assert subjects["application_received"] == f"We received your offer to volunteer with {SITE}"
    assert subjects["account.password_reset_key"] == f"Reset your {SITE} password"


def test_every_text_body_names_the_site_or_the_person_as_typed(every_email):
    missing = [e.event for e in every_email if NAME not in e.body_text and SITE not in e.body_text]

    assert not missing


def test_every_html_body_escapes_the_names_it_shows(every_email):
    raw = [e.event for e in every_email if NAME in e.body_html or SITE in e.body_html]
    unnamed = [e.event for e in every_email if escape(SITE) not in e.body_html]
    interviews = [e for e in every_email if e.event.startswith("interview_")]

    assert not raw, f"unescaped names in these HTML bodies: {raw}"
    assert not unnamed
    assert all(escape(NAME) in e.body_html for e in interviews)
