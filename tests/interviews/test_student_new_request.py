"""The request form: guidance, the student's own clock, errors next to fields, a preview of the
email, and one request however often it is sent."""

import re
from datetime import UTC, date, datetime

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.directory.models import Blackout
from apps.interviews.models import InterviewRequest, Party, State
from apps.notifications.models import Email
from tests.factories import QuestionFactory, SlowPeriodFactory, StudentFactory
from tests.interviews.conftest import PURPOSE, TIMES, send
from tests.interviews.student_helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(profile):
    return reverse("interviews:new", args=[profile.pk])


def test_the_form_offers_only_the_volunteers_formats_and_their_preferred_length(signed_in, url):
    response = signed_in.get(url)

    form = response.context["form"]
    assert [value for value, _ in form.fields["format"].choices] == ["phone", "video"]
    assert form["minutes"].value() == 20
    assert "Priya prefers about 20 minutes." in response.content.decode()


def test_the_form_offers_the_active_question_bank(signed_in, url):
    QuestionFactory(text="How did you get your first role?")
    QuestionFactory(text="A retired question", is_active=False)

    page = signed_in.get(url).content.decode()

    assert "How did you get your first role?" in page
    assert "A retired question" not in page


def test_the_form_says_which_clock_its_times_are_on(signed_in, url):
    page = signed_in.get(url).content.decode()

    assert "<strong>New York time</strong> (America/New_York)" in page
    assert page.count('type="datetime-local"') == 3


def test_the_form_carries_a_fresh_submission_key_each_time_it_is_shown(signed_in, url):
    first = signed_in.get(url).context["form"]["submission_key"].value()
    second = signed_in.get(url).context["form"]["submission_key"].value()

    assert first != second


def test_a_well_filled_form_sends_the_request_with_times_read_on_the_students_clock(
    signed_in, url, profile, committing, mailoutbox
):
    with committing():
        response = signed_in.post(url, form_data())

    request = InterviewRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:detail", args=[request.pk])
    # 09:00 in New York in early March is 14:00 UTC.
    assert [t.starts_at for t in request.proposed_times.all()] == TIMES[:2]
    assert request.questions == [
        "What does a normal week look like?",
        "Which skills do you use most?",
    ]
    assert (request.profile, request.format, request.minutes) == (profile, "video", 20)
    assert len(mailoutbox) == 1


def test_questions_from_the_bank_come_first_in_the_banks_order(signed_in, url):
    later = QuestionFactory(text="Who else should I talk to?", position=2)
    earlier = QuestionFactory(text="What is a normal day like?", position=1)

    signed_in.post(url, form_data(questions=[str(later.pk), str(earlier.pk)], own_question_2=""))

    assert InterviewRequest.objects.get().questions == [
        "What is a normal day like?",
        "Who else should I talk to?",
        "What does a normal week look like?",
    ]


def test_posting_the_same_form_twice_creates_one_request_and_one_email(
    signed_in, url, committing, mailoutbox
):
    with committing():
        first = signed_in.post(url, form_data())
        second = signed_in.post(url, form_data())

    request = InterviewRequest.objects.get()
    assert (
        first["Location"] == second["Location"] == reverse("interviews:detail", args=[request.pk])
    )
    assert len(mailoutbox) == 1
    assert Email.objects.count() == 1


def test_a_generic_purpose_is_refused_next_to_its_field_and_everything_typed_is_kept(
    signed_in, url
):
    data = form_data(purpose="Can we chat?", referred_by="Dr. Lee", own_question_3="Mine?")

    response = signed_in.post(url, data)

    assert response.status_code == 200
    form = response.context["form"]
    assert any("Tell Priya a little more" in error for error in form.errors["purpose"])
    assert any("Can we chat" in error for error in form.errors["purpose"])
    page = response.content.decode()
    assert 'id="error_1_id_purpose"' in page
    assert ">\nCan we chat?</textarea>" in page
    assert 'value="Dr. Lee"' in page
    assert 'value="Mine?"' in page
    assert f'value="{form_data()["times_0"]}"' in page
    assert not InterviewRequest.objects.exists()


def test_problems_with_the_times_are_shown_beside_the_times(signed_in, url):
    response = signed_in.post(url, form_data(times_1=""))

    assert response.context["form"].errors["times"] == [
        "Offer 2 or 3 times, so that Priya can pick one that suits them."
    ]
    page = response.content.decode()
    assert 'id="times-errors"' in page
    assert 'aria-describedby="times-help times-errors"' in page


def test_an_unreadable_time_says_which_one(signed_in, url):
    response = signed_in.post(url, form_data(times_1="next tuesday"))

    [error] = response.context["form"].errors["times"]
    assert error.startswith("Second time: Enter a date and a time")


def test_the_hour_skipped_when_clocks_go_forward_is_refused(signed_in, url):
    # New York moves from 02:00 to 03:00 on 14 March 2027.
    response = signed_in.post(url, form_data(times_1="2027-03-14T02:30"))

    [error] = response.context["form"].errors["times"]
    assert "02:30 on 14 March does not exist in New York time" in error


def test_a_problem_that_belongs_to_no_field_is_shown_at_the_top(signed_in, url, profile):
    profile.paused_until = date(2027, 3, 20)
    profile.save()

    response = signed_in.post(url, form_data())

    assert (
        "Priya has paused requests until 20 March 2027"
        in response.context["form"].non_field_errors()[0]
    )
    assert "Before you can send this" in response.content.decode()


def test_a_volunteer_who_is_away_is_explained_instead_of_the_form(signed_in, url, profile):
    Blackout.objects.create(profile=profile, starts_on=date(2027, 2, 25), ends_on=date(2027, 3, 9))

    page = signed_in.get(url).content.decode()

    assert "Priya is not taking new requests right now" in page
    assert "Send request" not in page


def test_a_student_who_already_asked_this_volunteer_is_taken_to_that_request(
    signed_in, url, asker, profile
):
    earlier = send(asker, profile)

    response = signed_in.get(url, follow=True)

    assert response.redirect_chain == [(reverse("interviews:detail", args=[earlier.pk]), 302)]
    assert "You have already asked Priya Raman" in response.content.decode()


def test_a_slow_period_is_a_warning_that_does_not_stop_the_request(signed_in, url):
    SlowPeriodFactory(name="Spring break", starts_on=date(2027, 3, 4), ends_on=date(2027, 3, 12))

    preview = signed_in.post(url, form_data(action="preview"))
    sent = signed_in.post(url, form_data(), follow=True)

    assert "falls in Spring break" in preview.content.decode()
    assert "Worth knowing before you send" in preview.content.decode()
    assert InterviewRequest.objects.count() == 1
    assert "falls in Spring break" in sent.content.decode()


# --- The preview -------------------------------------------------------------------------------


def test_the_preview_shows_the_email_on_the_volunteers_clock_and_sends_nothing(
    signed_in, url, committing, mailoutbox
):
    with committing():
        response = signed_in.post(url, form_data(action="preview"))

    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.subject.strip() == "Sam Okafor asks you for a 20-minute informational interview"
    assert "Thursday 4 March 2027 at 15:00 Berlin time (CET)" in preview.text
    assert "what surprised you in your first year of banking" in preview.text
    assert "Preview: the email Priya will receive" in response.content.decode()
    assert not InterviewRequest.objects.exists()
    assert not Email.objects.exists()
    assert mailoutbox == []


def test_the_preview_is_the_email_that_is_sent_but_for_its_links(
    signed_in, url, committing, mailoutbox
):
    data = form_data(referred_by="Dr. Lee", may_mention_referrer="on")
    preview = signed_in.post(url, data | {"action": "preview"}).context["preview"]
    with committing():
        signed_in.post(url, data)

    def without_links(text: str) -> str:
        return re.sub(r"\[[^\]]*link[^\]]*\]|http://testserver/\S+", "LINK", text)

    assert without_links(preview.text) == without_links(mailoutbox[0].body)
    assert "Dr. Lee suggested that Sam get in touch with you." in preview.text


def test_the_preview_keeps_the_form_as_typed_with_the_same_submission_key(signed_in, url):
    response = signed_in.post(url, form_data(action="preview"))

    page = response.content.decode()
    assert 'value="4b1d2d3c-5f10-4c35-9b8c-6a4a1a3f0e11"' in page
    assert f">\n{PURPOSE}</textarea>" in page


# --- Who may ask -------------------------------------------------------------------------------


def test_the_profile_page_offers_students_a_request_button(signed_in, profile):
    page = signed_in.get(reverse("directory:profile", args=[profile.pk])).content.decode()

    assert reverse("interviews:new", args=[profile.pk]) in page
    assert "Request an interview" in page


def test_the_profile_page_says_why_a_full_volunteer_cannot_be_asked(signed_in, profile):
    profile.monthly_cap = 1
    profile.save()
    send(StudentFactory(), profile)

    page = signed_in.get(reverse("directory:profile", args=[profile.pk])).content.decode()

    assert "Request an interview" not in page
    assert "Not taking new requests right now: full for this month. Reopens on 1 April." in page


def test_advisors_see_no_request_button(client, advisor, profile):
    client.force_login(advisor)

    page = client.get(reverse("directory:profile", args=[profile.pk])).content.decode()

    assert "Request an interview" not in page


# --- Any input at all --------------------------------------------------------------------------

ANY_TEXT = st.text(max_size=300)
FIELDS = [
    "purpose",
    "questions",
    "own_question_1",
    "format",
    "minutes",
    "times_0",
    "times_1",
    "times_2",
    "referred_by",
    "may_mention_referrer",
    "submission_key",
    "action",
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_request_form_never_fails_and_never_half_saves(asker, profile, data):
    client = Client()
    client.force_login(asker)
    values = {field: data.draw(ANY_TEXT, label=field) for field in FIELDS}
    # Half the time, start from a good form and spoil one part of it.
    if data.draw(st.booleans(), label="mostly good"):
        field = data.draw(st.sampled_from(FIELDS), label="spoilt")
        values = form_data() | {field: values[field]}

    response = client.post(reverse("interviews:new", args=[profile.pk]), values)

    assert response.status_code < 500
    if response.status_code == 200:
        assert not InterviewRequest.objects.exists()
        assert not Email.objects.exists()
    else:
        request = InterviewRequest.objects.get()
        assert request.state == State.REQUESTED
        assert request.proposed_times.filter(proposed_by=Party.STUDENT).count() >= 2
        InterviewRequest.objects.all().delete()
        Email.objects.all().delete()


def test_a_time_far_outside_any_calendar_is_refused_not_a_crash(signed_in, url):
    response = signed_in.post(
        url, form_data(times_0="9999-12-31T23:59", times_1="0001-01-01T00:00")
    )

    assert response.status_code == 200
    assert len(response.context["form"].errors["times"]) == 2


def test_datetime_values_are_aware_and_in_utc_when_stored(signed_in, url):
    signed_in.post(url, form_data())

    first = InterviewRequest.objects.get().proposed_times.first().starts_at
    assert first == datetime(2027, 3, 4, 14, 0, tzinfo=UTC)
