"""Sending a request: one transaction creates it, counts it and asks the volunteer by email."""

import threading
import uuid
from datetime import date

import pytest
from django.db import connection, transaction

from apps.directory.models import SpotlightProfile
from apps.interviews import services
from apps.interviews.models import Action, InterviewRequest, Party, State, Transition
from apps.interviews.rules import Check, RequestRefused
from apps.notifications.models import Email
from apps.students.models import StudentProfile
from tests.factories import AlumniFactory, SpotlightProfileFactory, StudentFactory
from tests.interviews.conftest import PURPOSE, TIMES, send

pytestmark = pytest.mark.django_db


def test_a_student_sends_a_request_and_the_volunteer_is_asked_by_email(
    asker, profile, committing, mailoutbox
):
    with committing():
        request = send(asker, profile)

    assert request.state == State.REQUESTED
    assert [t.starts_at for t in request.proposed_times.all()] == TIMES
    assert {t.proposed_by for t in request.proposed_times.all()} == {Party.STUDENT}
    [message] = mailoutbox
    assert message.to == ["Priya Raman <priya@alumni.example.org>"]
    assert message.subject == "Sam Okafor asks you for a 20-minute informational interview"
    assert "what surprised you in your first year of banking" in message.body
    assert message.body.count("http://testserver/inbox/reply/") == 4  # 3 times to accept, decline
    assert "http://testserver/inbox/" in message.body  # to propose another time
    assert message.reply_to == [asker.email]


def test_the_volunteer_reads_who_the_student_is_in_their_own_words(
    asker, profile, committing, mailoutbox
):
    StudentProfile.objects.create(
        user=asker,
        major="Economics",
        graduation_year=2028,
        introduction="I tutor maths and want to work where numbers meet people.",
    )
    with committing():
        send(asker, profile)

    body = mailoutbox[0].body
    assert "Sam Okafor (Economics, class of 2028) found you" in body
    assert "in their words: I tutor maths and want to work where numbers meet people." in body


def test_the_timeline_starts_with_the_student_sending_the_request(sent, asker):
    [first] = Transition.objects.filter(request=sent)

    assert (first.from_state, first.to_state, first.action) == ("", State.REQUESTED, Action.SEND)
    assert first.actor == asker


def test_sending_the_same_form_twice_creates_one_request_and_one_email(
    asker, profile, committing, mailoutbox
):
    key = uuid.uuid4()
    with committing():
        first = send(asker, profile, submission_key=key)
        second = send(asker, profile, submission_key=key)

    assert first.pk == second.pk
    assert InterviewRequest.objects.count() == 1
    assert len(mailoutbox) == 1


def test_even_a_duplicate_the_checks_miss_is_stopped_by_the_unique_key(asker, profile, monkeypatch):
    key = uuid.uuid4()
    first = send(asker, profile, submission_key=key)
    looked_up = []
    real_lookup = services._submitted

    def first_look_misses(student, submission_key):
        looked_up.append(submission_key)
        return None if len(looked_up) == 1 else real_lookup(student, submission_key)

    monkeypatch.setattr(services, "_submitted", first_look_misses)
    monkeypatch.setattr(services.rules, "check_request", lambda **fields: Check())

    again = send(asker, profile, submission_key=key)

    assert again.pk == first.pk
    assert InterviewRequest.objects.count() == 1
    assert Email.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_submissions_of_one_form_at_the_same_moment_create_one_request(profile):
    student = StudentFactory()
    key = uuid.uuid4()
    start = threading.Barrier(2)
    results = []

    def submit():
        try:
            start.wait()
            results.append(send(student, profile, submission_key=key).pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 2
    assert results[0] == results[1]
    assert InterviewRequest.objects.count() == 1
    assert Email.objects.count() == 1


def test_each_request_counts_towards_the_volunteers_month(asker, profile):
    send(asker, profile)
    send(StudentFactory(), profile)

    stored = SpotlightProfile.objects.with_availability(date(2027, 3, 1)).get(pk=profile.pk)
    assert stored.requests_now == 2
    assert stored.counted_month == date(2027, 3, 1)


def test_a_refused_request_saves_nothing_counts_nothing_and_sends_nothing(
    asker, profile, committing, mailoutbox
):
    with committing(), pytest.raises(RequestRefused) as refused:
        send(asker, profile, purpose="Can we chat?")

    assert "purpose" in refused.value.check.errors
    assert not InterviewRequest.objects.exists()
    profile.refresh_from_db()
    assert profile.month_request_count == 0
    assert mailoutbox == []


def send_then_crash(asker, profile):
    with transaction.atomic():
        send(asker, profile)
        raise RuntimeError("the page crashed after sending")


def test_a_failure_after_the_request_is_written_leaves_no_trace(asker, profile, committing):
    with committing(), pytest.raises(RuntimeError):
        send_then_crash(asker, profile)

    assert not InterviewRequest.objects.exists()
    assert not Email.objects.exists()


def test_the_request_keeps_each_persons_time_zone(asker, profile):
    request = send(asker, profile)

    assert (request.student_time_zone, request.volunteer_time_zone) == (
        "America/New_York",
        "Europe/Berlin",
    )


def test_without_a_time_zone_of_their_own_people_get_their_account_or_the_centers(settings):
    settings.TIME_ZONE = "America/Chicago"
    student = StudentFactory(time_zone="")
    alumna = AlumniFactory(time_zone="Asia/Tokyo")
    profile = SpotlightProfileFactory(user=alumna, employer="Fabrikam Bank", time_zone="")

    request = send(student, profile)

    assert (request.student_time_zone, request.volunteer_time_zone) == (
        "America/Chicago",
        "Asia/Tokyo",
    )


def test_the_referrer_is_named_to_the_volunteer_only_with_permission(
    asker, profile, committing, mailoutbox
):
    other = SpotlightProfileFactory(employer="Fabrikam Bank", story_path="banking")
    with committing():
        send(asker, profile, referred_by="Professor Lee", may_mention_referrer=True)
        send(asker, other, referred_by="Professor Kim", may_mention_referrer=False)

    allowed, withheld = mailoutbox
    assert "Professor Lee suggested that Sam get in touch with you." in allowed.body
    assert "Professor Kim" not in withheld.body


def test_questions_are_kept_in_order_without_blanks_or_repeats(asker, profile):
    request = send(
        asker, profile, questions=["  How did you start?  ", "", "How did you start?", "Why?"]
    )

    assert request.questions == ["How did you start?", "Why?"]


def test_the_purpose_reaches_the_volunteer_as_written_and_safely_in_html(
    asker, profile, committing, mailoutbox
):
    purpose = PURPOSE + " <script>alert(1)</script>"
    with committing():
        send(asker, profile, purpose=purpose)

    [message] = mailoutbox
    html = message.alternatives[0][0]
    assert "<script>" in message.body
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_a_volunteer_who_has_not_joined_cannot_be_asked(asker):
    imported = SpotlightProfileFactory(is_published=False, full_name="Li Wei")

    with pytest.raises(RequestRefused, match="Li Wei is not listed in the directory"):
        send(asker, imported)

    assert not Email.objects.exists()
