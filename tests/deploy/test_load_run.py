"""The load run's own judgement (scripts/load_verify.py) on a tiny, made-up run, and the worker's
recovery from a dropped database connection that the full run depends on."""

import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from celery.signals import task_postrun
from django.db import OperationalError, connection
from django.utils import timezone

from apps.interviews import services
from apps.notifications.models import Email
from tests.factories import EmailFactory, QuestionFactory, SpotlightProfileFactory, StudentFactory

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

import load_verify
from load_seed import purpose_for
from load_users import Confirmed, Hit


def probes(*answers: tuple[float, int]) -> list[Hit]:
    return [Hit(at, 0.01, "probe", "health", status) for at, status in answers]


def test_recovery_is_counted_from_the_return_to_the_first_lasting_success():
    answers = [(10.0, 503), (10.5, 503), (11.0, 200), (11.5, 500), (12.0, 200), (12.5, 200)]
    answers += [(12.5 + step / 2, 200) for step in range(1, 30)]

    seconds = load_verify.recovery_after(probes(*answers), down_at=9.0, up_at=10.4, until=60)

    assert seconds == pytest.approx(12.01 - 10.4)


def test_a_site_that_never_answers_again_has_no_recovery_time():
    answers = [(10.0 + step / 2, 503) for step in range(40)]

    assert load_verify.recovery_after(probes(*answers), down_at=9.0, up_at=10.0, until=60) is None


def test_a_request_under_way_when_the_service_stopped_belongs_to_the_outage():
    hits = [
        Hit(5.0, 0.1, "s", "search", 200),
        Hit(9.5, 1.0, "s", "sign in", 500),  # started before the stop, failed during it
        Hit(30.0, 0.1, "s", "search", 500),
    ]

    outside, down, recovering = load_verify.bands(hits, {"PostgreSQL": (10.0, 12.0)}, {}, 40)

    assert [len(outside.hits), len(down.hits), len(recovering.hits)] == [2, 1, 0]
    assert outside.errors() == 1


@pytest.fixture
def sent(db, django_capture_on_commit_callbacks):
    question = QuestionFactory()
    profile = SpotlightProfileFactory(employer="Northpine Health", job_title="Data Analyst")
    student = StudentFactory()
    soon = timezone.now() + timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=False):
        request = services.send_request(
            student=student,
            profile=profile,
            purpose=purpose_for(profile.employer, profile.job_title),
            questions=[question.text],
            format="video",
            minutes=20,
            times=[soon, soon + timedelta(hours=3)],
            submission_key=uuid.uuid4(),
        )
    return Confirmed("sent", request.pk, student.email, 1.0, str(request.submission_key))


def test_a_confirmed_request_that_is_in_the_database_is_not_lost(sent):
    assert load_verify.lost_actions([sent]) == []


def test_a_confirmed_request_missing_from_the_database_is_reported(sent):
    missing = Confirmed("sent", sent.request_id + 1000, sent.who, 2.0, str(uuid.uuid4()))

    assert len(load_verify.lost_actions([sent, missing])) == 1


def test_the_request_email_counts_as_delivered_once_its_message_id_arrived(sent):
    email = Email.objects.get(event_key=f"interview:{sent.request_id}:received")

    figures = load_verify.check_mail([sent], 0, [email.message_id])

    assert (figures.expected, figures.in_outbox, figures.delivered) == (1, 1, 1)
    assert figures.problems == []


def test_an_email_that_never_reached_the_smtp_server_is_a_problem(sent):
    figures = load_verify.check_mail([sent], 0, [])

    assert figures.delivered == 0
    assert len(figures.problems) == 1


def test_a_second_copy_is_the_documented_window_only_after_a_second_attempt(db):
    retried = EmailFactory(status="sent", attempts=2)
    doubled = EmailFactory(status="sent", attempts=1)
    received = [retried.message_id] * 2 + [doubled.message_id] * 2

    figures = load_verify.check_mail([], 0, received)

    assert len(figures.duplicates) == 1
    assert len(figures.problems) == 1


@pytest.mark.django_db(transaction=True)
def test_a_worker_connects_afresh_after_the_database_dropped_its_connection():
    with pytest.raises(OperationalError), connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    task_postrun.send(sender=None, task_id="after-the-restart")

    assert Email.objects.count() == 0
