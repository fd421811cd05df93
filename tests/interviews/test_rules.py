"""Every rule for sending a request, with the explanation the student sees."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import NON_FIELD_ERRORS

from apps.directory.models import Blackout
from apps.interviews.rules import check_request, mentions_profile
from tests.factories import (
    AdvisorFactory,
    IndustryFactory,
    SlowPeriodFactory,
    SpotlightProfileFactory,
    StudentFactory,
)
from tests.interviews.conftest import NOW, PURPOSE, QUESTIONS, TIMES, in_days, send

pytestmark = pytest.mark.django_db


def check(student, profile, **changes):
    fields = {
        "student": student,
        "profile": profile,
        "purpose": PURPOSE,
        "questions": QUESTIONS,
        "format": "video",
        "minutes": 20,
        "times": TIMES,
    }
    return check_request(**(fields | changes))


def only(result, field):
    assert set(result.errors) == {field}, result.errors
    return " ".join(result.errors[field])


def test_a_specific_well_timed_request_passes_every_rule(asker, profile):
    result = check(asker, profile)

    assert result.is_ok
    assert result.warnings == []


# --- Who may be asked ------------------------------------------------------------------------


def test_a_volunteer_missing_from_the_directory_cannot_be_asked(asker, profile):
    profile.is_published = False
    profile.save()

    message = only(check(asker, profile), NON_FIELD_ERRORS)

    assert "Priya Raman is not listed in the directory" in message


def test_students_cannot_ask_their_own_profile(asker):
    own = SpotlightProfileFactory(user=asker, employer="Fabrikam Bank")

    assert "This is your own profile" in only(check(asker, own), NON_FIELD_ERRORS)


def test_only_students_send_requests(profile):
    assert "Only students" in only(check(AdvisorFactory(), profile), NON_FIELD_ERRORS)


def test_a_student_has_one_open_request_per_volunteer(asker, profile):
    send(asker, profile)

    message = only(check(asker, profile), NON_FIELD_ERRORS)

    assert "You already have an open request with Priya Raman (sent on 1 March)" in message


def test_a_student_has_at_most_five_open_requests_by_default(asker, profile):
    for _ in range(5):
        send(asker, SpotlightProfileFactory(employer="Fabrikam Bank"))

    message = only(check(asker, profile), NON_FIELD_ERRORS)

    assert "You have 5 requests waiting or scheduled" in message


def test_the_career_center_sets_the_open_request_limit(asker, profile, settings):
    settings.SPOTLIGHT_MAX_OPEN_REQUESTS = 1
    send(asker, SpotlightProfileFactory(employer="Fabrikam Bank"))

    assert "You have 1 requests" in only(check(asker, profile), NON_FIELD_ERRORS)


def test_a_paused_volunteer_cannot_be_asked(asker, profile):
    profile.paused_until = date(2027, 3, 20)
    profile.save()

    message = only(check(asker, profile), NON_FIELD_ERRORS)

    assert "Priya has paused requests until 20 March 2027" in message


def test_a_volunteer_who_is_away_today_cannot_be_asked(asker, profile):
    Blackout.objects.create(profile=profile, starts_on=date(2027, 2, 25), ends_on=date(2027, 3, 2))

    message = only(check(asker, profile), NON_FIELD_ERRORS)

    assert "Priya is away until 2 March 2027" in message


def test_a_volunteer_whose_month_is_full_cannot_be_asked(asker, profile):
    profile.monthly_cap = 2
    profile.save()
    send(StudentFactory(), profile)
    send(StudentFactory(), profile)

    message = only(check(asker, profile), NON_FIELD_ERRORS)

    assert "Priya has had all the requests they can take this month" in message
    assert "from 1 April" in message


# --- The purpose -----------------------------------------------------------------------------


def test_a_one_line_purpose_is_refused_with_guidance(asker, profile):
    message = only(check(asker, profile, purpose="I admire Fabrikam Bank a lot."), "purpose")

    assert "your message has 6 words" in message
    assert "Say why you are asking this person in particular" in message


def test_a_rambling_purpose_is_refused(asker, profile):
    purpose = PURPOSE + " More about banking." * 80

    assert "Keep it under 250 words" in only(check(asker, profile, purpose=purpose), "purpose")


@pytest.mark.parametrize(
    ("phrase", "shown"),
    [
        ("I'd love to pick your brain", "Pick your brain"),
        ("Can we chat sometime", "Can we chat"),
        ("I'm building my professional network", "Build my network"),
        ("Could we grab a coffee", "Grab a coffee"),
    ],
)
def test_stock_phrases_are_refused_with_what_to_say_instead(asker, profile, phrase, shown):
    purpose = f"{phrase}? {PURPOSE}"

    message = only(check(asker, profile, purpose=purpose), "purpose")

    assert f"“{shown}” doesn't tell Priya what you want to learn" in message
    assert "Say instead what you would like to understand" in message


def test_asking_for_a_job_is_refused_as_not_what_these_talks_are_for(asker, profile):
    purpose = PURPOSE + " Also, are there any job openings on your team?"

    message = only(check(asker, profile, purpose=purpose), "purpose")

    assert "not for asking about openings or a job" in message


def test_a_purpose_that_could_be_sent_to_anyone_is_refused(asker, profile):
    generic = (
        "I am a student who is very interested in learning more about your career path and "
        "the experiences that shaped it. I would be grateful for twenty minutes of your "
        "time to hear your thoughts and any guidance you could share with me."
    )

    message = only(check(asker, profile, purpose=generic), "purpose")

    assert "Say why you chose Priya in particular" in message
    assert "their work at Fabrikam Bank, their role as Credit analyst" in message


@pytest.mark.parametrize(
    "detail",
    [
        "your work at Fabrikam",  # employer
        "what a credit analyst does",  # title
        "changing careers",  # topic
        "how teaching prepared you",  # story ("teaching")
        "the move into banks",  # story ("banking"), loosely matched
        "life in healthcare",  # industry
    ],
)
def test_mentioning_something_from_the_profile_makes_a_purpose_specific(profile, detail):
    profile.industries.set([IndustryFactory(name="Healthcare")])

    assert mentions_profile(f"I would like to hear about {detail}.", profile)


def test_the_volunteers_name_and_common_words_do_not_make_a_purpose_specific(profile):
    assert not mentions_profile(
        "Dear Priya, I would love to learn about your career and work experience.", profile
    )


def test_every_problem_with_the_purpose_is_listed_at_once(asker, profile):
    result = check(asker, profile, purpose="Can we chat?")

    assert len(result.errors["purpose"]) == 3  # too short, stock phrase, nothing specific


# --- Questions, format and length ------------------------------------------------------------


def test_a_request_needs_at_least_one_question(asker, profile):
    message = only(check(asker, profile, questions=["  ", ""]), "questions")

    assert "Add at least one question" in message


def test_a_request_has_at_most_ten_questions(asker, profile):
    questions = [f"Question number {n}?" for n in range(11)]

    assert "at most 10 questions" in only(check(asker, profile, questions=questions), "questions")


def test_each_question_is_short(asker, profile):
    message = only(check(asker, profile, questions=["Why " * 100]), "questions")

    assert "under 300 characters" in message


def test_the_format_must_be_one_the_volunteer_offers(asker, profile):
    message = only(check(asker, profile, format="in_person"), "format")

    assert message == "Priya talks with students by phone or video call: choose one of those."


def test_an_unknown_format_is_refused(asker, profile):
    assert "by phone, video call or in person" in only(
        check(asker, profile, format="carrier pigeon"), "format"
    )


@pytest.mark.parametrize("minutes", [5, 9, 31, 60])
def test_the_ask_is_ten_to_thirty_minutes(asker, profile, minutes):
    message = only(check(asker, profile, minutes=minutes), "minutes")

    assert message.startswith("Ask for 10 to 30 minutes")


def test_asking_for_longer_than_the_volunteer_prefers_is_only_a_warning(asker, profile):
    result = check(asker, profile, minutes=30)

    assert result.is_ok
    assert result.warnings == [
        "Priya prefers conversations of about 20 minutes; consider asking for that."
    ]


def test_the_referrer_is_a_name_not_a_story(asker, profile):
    message = only(check(asker, profile, referred_by="x" * 151), "referred_by")

    assert "Give just the name of who suggested Priya" in message


# --- Proposed times --------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 4])
def test_the_student_offers_two_or_three_times(asker, profile, count):
    times = [in_days(3 + n) for n in range(count)]

    assert "Offer 2 or 3 times" in only(check(asker, profile, times=times), "times")


def test_a_time_in_the_past_is_refused(asker, profile):
    times = [NOW - timedelta(days=1), in_days(3)]

    message = only(check(asker, profile, times=times), "times")

    assert message == "Sunday 28 February 2027 at 10:00 New York time (EST) has already passed."


def test_a_time_less_than_a_day_ahead_is_refused(asker, profile):
    times = [NOW + timedelta(hours=23), in_days(3)]

    message = only(check(asker, profile, times=times), "times")

    assert "is less than 24 hours away: give Priya at least a day to answer" in message


def test_a_time_more_than_two_months_ahead_is_refused(asker, profile):
    times = [in_days(61), in_days(3)]

    assert "too far ahead" in only(check(asker, profile, times=times), "times")


def test_the_same_time_twice_is_not_a_choice(asker, profile):
    message = only(check(asker, profile, times=[in_days(3), in_days(3)]), "times")

    assert "overlap: offer different times so that Priya has a real choice" in message


def test_times_closer_than_the_conversation_is_long_overlap(asker, profile):
    close = [in_days(3), in_days(3) + timedelta(minutes=15)]

    assert "overlap" in only(check(asker, profile, times=close, minutes=20), "times")


def test_a_time_when_the_volunteer_is_away_is_refused(asker, profile):
    Blackout.objects.create(profile=profile, starts_on=date(2027, 3, 4), ends_on=date(2027, 3, 4))

    message = only(check(asker, profile), "times")

    assert message == (
        "Priya is away on 4 March, and Thursday 4 March 2027 at 09:00 New York time (EST) "
        "falls then. Choose another time."
    )


def test_the_volunteers_away_days_are_their_own_calendar_days(asker, profile):
    # 23:30 in New York on 3 March is already 4 March in Berlin, where Priya lives.
    Blackout.objects.create(profile=profile, starts_on=date(2027, 3, 4), ends_on=date(2027, 3, 4))
    late = in_days(3, hour=4).replace(minute=30)  # 04:30 UTC on 4 March

    result = check(asker, profile, times=[late, in_days(5)])

    assert "Priya is away" in only(result, "times")


def test_a_time_in_a_slow_period_is_a_warning_not_an_error(asker, profile):
    SlowPeriodFactory(name="Spring break", starts_on=date(2027, 3, 5), ends_on=date(2027, 3, 12))

    result = check(asker, profile)

    assert result.is_ok
    assert result.warnings == [
        "Friday 5 March 2027 at 09:00 New York time (EST) falls in Spring break (5 March to "
        "12 March), when replies are often slower. Expect to wait longer for an answer, or "
        "offer times outside it."
    ]


def test_every_problem_is_returned_at_once_next_to_its_field(asker, profile):
    profile.is_published = False
    profile.save()

    result = check(
        asker, profile, purpose="Hi", questions=[], format="x", minutes=2, times=[in_days(1)]
    )

    assert set(result.errors) == {
        NON_FIELD_ERRORS,
        "purpose",
        "questions",
        "format",
        "minutes",
        "times",
    }
