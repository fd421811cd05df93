"""What the database itself refuses, whatever code writes to it."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from apps.interviews.models import InterviewRequest, Question, SlowPeriod, State
from apps.interviews.services import cancel_request
from tests.factories import (
    AlumniFactory,
    InterviewRequestFactory,
    SpotlightProfileFactory,
    StudentFactory,
)
from tests.interviews.conftest import send

pytestmark = pytest.mark.django_db


def refused(**fields) -> bool:
    try:
        with transaction.atomic():
            InterviewRequestFactory(**fields)
    except IntegrityError:
        return True
    return False


def test_the_database_allows_one_open_request_per_student_and_volunteer():
    first = InterviewRequestFactory()

    assert refused(student=first.student, profile=first.profile)


def test_a_closed_request_does_not_stop_a_new_one(sent, asker, profile):
    cancel_request(request=sent, actor=asker)

    again = send(asker, profile)

    assert again.pk != sent.pk


@pytest.mark.parametrize(
    "fields",
    [
        {"state": "lost"},
        {"minutes": 45},
        {"minutes": 5},
        {"format": "telegram"},
        {"state": State.SCHEDULED},  # scheduled without a start time
    ],
)
def test_the_database_refuses_impossible_requests(fields):
    assert refused(**fields)


def test_a_volunteer_cannot_be_suggested_to_their_own_students():
    profile = SpotlightProfileFactory()

    assert refused(profile=profile, suggested_profile=profile)


def test_a_slow_period_ends_after_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        SlowPeriod.objects.create(
            name="Backwards", starts_on=date(2027, 5, 2), ends_on=date(2027, 5, 1)
        )


def test_lists_find_requests_by_student_by_volunteer_and_by_openness(sent, asker, volunteer):
    alumna = AlumniFactory()
    theirs = InterviewRequestFactory(profile=SpotlightProfileFactory(user=alumna))
    done = InterviewRequestFactory(student=asker, state=State.DECLINED)

    assert set(InterviewRequest.objects.for_student(asker)) == {sent, done}
    assert list(InterviewRequest.objects.for_volunteer(volunteer)) == [sent]
    assert list(InterviewRequest.objects.for_volunteer(alumna)) == [theirs]
    assert set(InterviewRequest.objects.for_student(asker).open()) == {sent}
    assert not InterviewRequest.objects.for_volunteer(StudentFactory()).exists()


def test_the_question_bank_migration_adds_a_dozen_questions_and_takes_them_back():
    # Run here rather than trusting the test database: a transactional test elsewhere may have
    # emptied the table already.
    call_command("migrate", "interviews", "0001_interview_requests", verbosity=0)
    assert not Question.objects.exists()

    call_command("migrate", "interviews", "0002_question_bank", verbosity=0)

    bank = Question.objects.filter(is_active=True)
    assert bank.count() == 12
    assert {"A typical day", "Skills", "Rewards and challenges", "Your path", "Advice"} <= set(
        bank.values_list("topic", flat=True)
    )
    assert bank.last().text.startswith("Who else would you suggest I talk to")
