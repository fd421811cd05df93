"""In development each email is printed as one short block: to, subject, links, attachments."""

import io
import os
import subprocess
import sys

import pytest
from django.conf import settings

from apps.notifications.dev_backend import EmailBackend
from apps.notifications.models import Email
from apps.notifications.services import Content, build_message, queue_email
from tests.notifications.every_email import write_every_email

pytestmark = pytest.mark.django_db


def printed(*emails: Email) -> str:
    stream = io.StringIO()
    EmailBackend(stream=stream).send_messages([build_message(email) for email in emails])
    return stream.getvalue()


def test_an_invitation_prints_who_it_is_for_its_subject_and_its_link():
    write_every_email()
    email = Email.objects.get(event="invitation", recipient="invitee0@alumni.example.org")
    accept_url = next(
        line.strip() for line in email.body_text.splitlines() if "/invitation/" in line
    )

    output = printed(email)

    assert "To: " in output
    assert "invitee0@alumni.example.org" in output
    assert f"Subject: {email.subject}\n" in output
    assert f"Links:\n  {accept_url}\n" in output
    assert "Content-Type" not in output
    assert len(output.splitlines()) < 12


def test_a_scheduled_interview_names_its_invite_and_prints_no_raw_calendar():
    write_every_email()
    email = Email.objects.filter(event="interview_scheduled").exclude(calendar="").first()

    output = printed(email)

    assert "Attachments: invite.ics\n" in output
    assert "BEGIN:VCALENDAR" not in output
    assert "base64" not in output


def test_each_email_is_a_block_of_its_own():
    emails = write_every_email()

    output = printed(*emails)

    assert output.count("----- email ") == len(emails)


def test_nothing_a_person_typed_reaches_the_terminal_as_an_escape_sequence():
    typed = "Sam \x1b[2J\x1b]0;owned\x07O\u009b31mBrien\u202e"
    email = queue_email(
        event="test",
        key="escape:1",
        to="sam@example.edu",
        name=typed,
        content=Content(
            subject=f"Hello {typed}", text=f"Go to https://example.edu/\x1b[31m {typed}"
        ),
    )

    output = printed(email)

    assert not any(char in output for char in "\x1b\x07\u009b\u202e")
    assert "Sam [2J]0;ownedO31mBrien" in output
    assert "  https://example.edu/[31m\n" in output


def settings_module_backend(module: str, **environment: str) -> str:
    env = {key: value for key, value in os.environ.items() if key != "EMAIL_URL"}
    env.update(environment)
    code = f"import {module} as settings; print(settings.EMAIL_BACKEND)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_run_uses_the_short_block_backend_by_default():
    backend = settings_module_backend("config.settings.local")

    assert backend == "apps.notifications.dev_backend.EmailBackend"


def test_production_keeps_its_smtp_server():
    backend = settings_module_backend(
        "config.settings.production",
        EMAIL_URL="smtp://mail.example.edu:587/?tls=True",
        DJANGO_ALLOWED_HOSTS="spotlight.example.edu",
        SPOTLIGHT_BASE_URL="https://spotlight.example.edu",
    )

    assert backend == "django.core.mail.backends.smtp.EmailBackend"
