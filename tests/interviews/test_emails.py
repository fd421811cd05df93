"""What each person reads: their own clock, one email per event, text and HTML."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from apps.interviews import emails
from apps.interviews.models import Action, InterviewRequest, State
from apps.interviews.services import (
    accept_request,
    cancel_request,
    confirm_time,
    decline_request,
    expire_stale_requests,
    propose_time,
)
from apps.interviews.tokens import make_token
from apps.notifications.models import Email
from tests.factories import StudentFactory
from tests.interviews.conftest import in_days, send

pytestmark = pytest.mark.django_db

# New York moves its clocks on 14 March 2027, Berlin on 28 March: between the two, the
# difference is five hours instead of six.
BEFORE_BOTH = datetime(2027, 3, 12, 14, 0, tzinfo=UTC)
BETWEEN = datetime(2027, 3, 16, 14, 0, tzinfo=UTC)
AFTER_BOTH = datetime(2027, 3, 30, 14, 0, tzinfo=UTC)
TEMPLATES = [
    "interview_request_received",
    "interview_accepted",
    "interview_scheduled",
    "interview_time_proposed",
    "interview_declined",
    "interview_cancelled",
    "interview_expired",
]


def test_the_volunteer_reads_the_offered_times_on_their_own_clock_across_daylight_saving(
    asker, profile, committing, mailoutbox
):
    with committing():
        send(asker, profile, times=[BEFORE_BOTH, BETWEEN, AFTER_BOTH])

    body = mailoutbox[0].body
    assert "Friday 12 March 2027 at 15:00 Berlin time (CET)" in body
    assert "Tuesday 16 March 2027 at 15:00 Berlin time (CET)" in body
    assert "Tuesday 30 March 2027 at 16:00 Berlin time (CEST)" in body


def test_each_person_reads_the_agreed_time_on_their_own_clock_in_the_week_between_changes(
    asker, profile, volunteer, committing, mailoutbox
):
    request = send(asker, profile, times=[BEFORE_BOTH, BETWEEN])
    with committing():
        accept_request(request=request, proposed_time=request.student_times()[1], actor=volunteer)

    by_reader = {message.to[0].split(" <")[0]: message for message in mailoutbox}
    student_reads = by_reader["Sam Okafor"]
    volunteer_reads = by_reader["Priya Raman"]
    assert "When: Tuesday 16 March 2027 at 10:00 New York time (EDT)" in student_reads.body
    assert "Tuesday 16 March 2027 at 10:00 New York time (EDT)" in student_reads.alternatives[0][0]
    assert "When: Tuesday 16 March 2027 at 15:00 Berlin time (CET)" in volunteer_reads.body


def test_an_event_raised_again_writes_no_second_email(asker, profile, volunteer):
    request = send(asker, profile)
    accept_request(request=request, proposed_time=request.student_times()[0], actor=volunteer)
    written = Email.objects.count()

    # As if the service were retried after the change had already been saved.
    emails.queue_request_received(request)
    emails.queue_scheduled(request, accepted=True)

    assert Email.objects.count() == written == 3


def test_every_email_is_recorded_against_its_request(sent):
    [email] = Email.objects.all()

    assert email.about == sent
    assert email.event == "interview_request_received"
    assert email.event_key == f"interview:{sent.pk}:received"


def test_the_volunteers_emails_reply_to_the_student_and_the_students_never_to_the_volunteer(
    asker, profile, volunteer, committing, mailoutbox
):
    request = send(asker, profile)
    with committing():
        accept_request(request=request, proposed_time=request.student_times()[0], actor=volunteer)

    for message in mailoutbox:
        if "priya@" in message.to[0]:
            assert message.reply_to == [asker.email]
        else:
            assert profile.email not in message.reply_to
            assert profile.email not in message.body


def test_a_student_without_a_name_is_introduced_plainly(profile, committing, mailoutbox):
    with committing():
        send(StudentFactory(full_name=""), profile)

    assert mailoutbox[0].subject == "A student asks you for a 20-minute informational interview"


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_interview_email_has_a_subject_a_text_and_an_html_body(name):
    folder = Path(settings.BASE_DIR) / "templates" / "emails"
    html = (folder / f"{name}_body.html").read_text()

    assert (folder / f"{name}_subject.txt").exists()
    assert (folder / f"{name}_body.txt").read_text().startswith("{% autoescape off %}")
    assert html.startswith('{% extends "emails/_layout.html" %}')
    assert "{% block why %}" in html


def test_the_expiry_email_tells_the_student_it_is_not_about_them(sent, committing, mailoutbox):
    with committing():
        expire_stale_requests(now=sent.created_at.replace(month=4))

    sent.refresh_from_db()
    assert sent.state == State.EXPIRED
    [message] = mailoutbox
    assert message.subject == "Your request to Priya Raman has expired"
    assert "hasn't answered your request for an informational interview in time" in message.body
    assert "It says nothing about you or your request." in message.body


def test_no_email_to_the_student_ever_holds_the_volunteers_address(
    asker, profile, volunteer, committing, mailoutbox
):
    with committing():
        first = send(asker, profile)
        offer = propose_time(request=first, actor=volunteer, starts_at=in_days(6))
        confirm_time(request=first, actor=asker, proposed_time=offer)
        propose_time(request=first, actor=volunteer, starts_at=in_days(7), note="Sorry!")
        decline_request(request=InterviewRequest.objects.get(pk=first.pk), actor=volunteer)
        second = send(asker, profile)
        accept_request(request=second, proposed_time=second.student_times()[0], actor=volunteer)
        cancel_request(request=InterviewRequest.objects.get(pk=second.pk), actor=volunteer)

    to_student = [message for message in mailoutbox if asker.email in message.to[0]]
    assert set(Email.objects.filter(recipient=asker.email).values_list("event", flat=True)) == {
        "interview_time_proposed",
        "interview_scheduled",
        "interview_declined",
        "interview_accepted",
        "interview_cancelled",
    }
    for message in to_student:
        raw = message.message().as_string()
        assert profile.email not in raw
        assert volunteer.email not in raw


@pytest.mark.parametrize(
    ("link", "path"),
    [
        (lambda request, token: emails.student_page_url(request), "/interviews/{pk}/"),
        (lambda request, token: emails.inbox_page_url(request), "/inbox/{pk}/"),
        (lambda request, token: emails.reply_url(token), "/inbox/reply/{token}/"),
    ],
    ids=["student page", "volunteer page", "one-click reply"],
)
def test_links_in_mail_already_sent_keep_working_as_their_paths_never_change(sent, link, path):
    token = make_token(request=sent, action=Action.DECLINE)

    expected = settings.SPOTLIGHT_BASE_URL + path.format(pk=sent.pk, token=token)
    assert link(sent, token) == expected
