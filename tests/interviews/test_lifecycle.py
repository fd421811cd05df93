"""Each change of state: who may make it, what it records, and who is told."""

from datetime import timedelta

import pytest

from apps.interviews.lifecycle import (
    IllegalTransition,
    InvalidChoice,
    NotAllowed,
    StaleRequest,
    available_actions,
    reachable_states,
)
from apps.interviews.models import Action, InterviewRequest, State, Transition
from apps.interviews.services import (
    accept_request,
    cancel_request,
    complete_interview,
    confirm_time,
    decline_request,
    propose_time,
    record_no_show,
)
from apps.notifications.models import Email
from tests.factories import SpotlightProfileFactory, StudentFactory
from tests.interviews.conftest import NOW, in_days, send

pytestmark = pytest.mark.django_db


def fresh(request):
    """The request as another page would load it."""
    return InterviewRequest.objects.get(pk=request.pk)


def first_time(request):
    return request.student_times()[0]


def subjects(mailoutbox):
    return sorted((message.to[0].split(" <")[0], message.subject) for message in mailoutbox)


@pytest.fixture
def scheduled(sent, volunteer):
    return accept_request(request=sent, proposed_time=first_time(sent), actor=volunteer)


def test_the_table_reaches_every_state():
    assert reachable_states() == set(State.values)


def test_the_volunteer_accepts_a_time_and_both_are_told(sent, volunteer, committing, mailoutbox):
    with committing():
        accept_request(request=sent, proposed_time=first_time(sent), actor=volunteer)

    assert sent.state == State.SCHEDULED
    assert sent.scheduled_start == in_days(3)
    assert sent.calendar_sequence == 0
    last = sent.transitions.last()
    assert (last.action, last.from_state, last.to_state, last.actor) == (
        Action.ACCEPT,
        State.REQUESTED,
        State.SCHEDULED,
        volunteer,
    )
    assert subjects(mailoutbox) == [
        (
            "Priya Raman",
            "Scheduled: informational interview with Sam Okafor, Thursday 4 March 2027 at "
            "15:00 Berlin time (CET)",
        ),
        (
            "Sam Okafor",
            "Priya Raman accepted your request: Thursday 4 March 2027 at 09:00 New York time (EST)",
        ),
    ]


def test_the_student_cannot_accept_their_own_request(sent, asker):
    with pytest.raises(NotAllowed, match="Only the volunteer who was asked can accept"):
        accept_request(request=sent, proposed_time=first_time(sent), actor=asker)

    assert fresh(sent).state == State.REQUESTED


def test_nobody_else_can_touch_a_request(sent):
    stranger = StudentFactory()

    with pytest.raises(NotAllowed, match="between another student and volunteer"):
        cancel_request(request=sent, actor=stranger)

    assert fresh(sent).state == State.REQUESTED


def test_a_time_that_has_passed_cannot_be_accepted(sent, volunteer, clock):
    clock.move_to(in_days(3) + timedelta(minutes=1))

    with pytest.raises(InvalidChoice, match="That time has already passed"):
        accept_request(request=sent, proposed_time=first_time(sent), actor=volunteer)


def test_a_time_from_another_request_cannot_be_accepted(sent, volunteer, profile):
    other = send(StudentFactory(), profile)

    with pytest.raises(InvalidChoice, match="Choose one of the times the student offered"):
        accept_request(request=sent, proposed_time=first_time(other), actor=volunteer)


def test_a_double_clicked_accept_schedules_once_and_emails_once(
    sent, volunteer, committing, mailoutbox
):
    time = first_time(sent)
    page_one, page_two = fresh(sent), fresh(sent)
    with committing():
        accept_request(request=page_one, proposed_time=time, actor=volunteer)
        with pytest.raises(StaleRequest, match="was scheduled a moment ago"):
            accept_request(request=page_two, proposed_time=time, actor=volunteer)

    assert sent.transitions.filter(action=Action.ACCEPT).count() == 1
    assert len(mailoutbox) == 2  # one to each of them about the scheduling


def test_answering_a_request_the_student_cancelled_a_moment_ago_explains_what_happened(
    sent, asker, volunteer, committing, mailoutbox
):
    volunteers_page = fresh(sent)
    cancel_request(request=fresh(sent), actor=asker)
    with committing(), pytest.raises(StaleRequest) as stale:
        accept_request(request=volunteers_page, proposed_time=first_time(sent), actor=volunteer)

    assert stale.value.message == (
        "This request was cancelled by the student a moment ago, so it can't be accepted now."
    )
    assert fresh(sent).state == State.CANCELLED_BY_STUDENT
    assert not Transition.objects.filter(request=sent, action=Action.ACCEPT).exists()
    assert not any("accepted" in message.subject for message in mailoutbox)


def test_an_old_change_is_explained_with_its_date(sent, asker, volunteer, clock):
    cancel_request(request=sent, actor=asker)
    clock.shift(timedelta(days=2))

    with pytest.raises(IllegalTransition) as illegal:
        decline_request(request=fresh(sent), actor=volunteer)

    assert illegal.value.message == (
        "This request was cancelled by the student on 1 March 2027, so it can't be declined now."
    )


def test_the_volunteer_proposes_another_time_and_the_student_confirms_it(
    sent, asker, volunteer, committing, mailoutbox
):
    with committing():
        offer = propose_time(
            request=sent, actor=volunteer, starts_at=in_days(8, hour=17), note="Evenings suit me."
        )
    assert sent.state == State.TIME_PROPOSED
    [to_student] = mailoutbox
    assert to_student.subject == (
        "Priya Raman proposes another time for your informational interview"
    )
    assert "Proposed time: Tuesday 9 March 2027 at 12:00 New York time (EST)" in to_student.body
    assert 'Priya wrote: "Evenings suit me."' in to_student.body

    with committing():
        confirm_time(request=sent, actor=asker, proposed_time=offer)

    assert sent.state == State.SCHEDULED
    assert sent.scheduled_start == in_days(8, hour=17)
    assert sent.calendar_sequence == 0  # never scheduled before: the first invite
    assert [message.subject.split(":")[0] for message in mailoutbox[1:]] == ["Scheduled"] * 2


def test_moving_a_scheduled_interview_raises_the_calendar_sequence(
    scheduled, asker, volunteer, committing, mailoutbox
):
    with committing():
        offer = propose_time(request=scheduled, actor=volunteer, starts_at=in_days(6))
        assert scheduled.calendar_sequence == 1
        confirm_time(request=scheduled, actor=asker, proposed_time=offer)

    assert scheduled.calendar_sequence == 2
    assert "asks to move your informational interview" in mailoutbox[0].body
    assert "which was planned for Thursday 4 March 2027 at 09:00" in mailoutbox[0].body
    assert [message.subject.split(":")[0] for message in mailoutbox[1:]] == ["New time"] * 2


def test_confirming_a_time_the_volunteer_has_since_replaced_is_refused(sent, asker, volunteer):
    first_offer = propose_time(request=sent, actor=volunteer, starts_at=in_days(6))
    students_old_page = fresh(sent)
    confirm_time(request=fresh(sent), actor=asker, proposed_time=first_offer)
    propose_time(request=fresh(sent), actor=volunteer, starts_at=in_days(7))

    with pytest.raises(StaleRequest, match="proposed a different time since you opened"):
        confirm_time(request=students_old_page, actor=asker, proposed_time=first_offer)

    assert fresh(sent).state == State.TIME_PROPOSED


def test_a_counter_proposal_needs_some_notice(sent, volunteer):
    with pytest.raises(InvalidChoice, match="at least two hours from now"):
        propose_time(request=sent, actor=volunteer, starts_at=NOW + timedelta(minutes=30))


def test_the_volunteer_declines_with_a_note_and_someone_else_to_ask(
    sent, volunteer, committing, mailoutbox
):
    colleague = SpotlightProfileFactory(full_name="Marco Bianchi")
    with committing():
        decline_request(
            request=sent,
            actor=volunteer,
            note="I'm travelling all month.",
            suggested_profile=colleague,
        )

    assert sent.state == State.DECLINED
    assert (sent.decline_note, sent.suggested_profile) == ("I'm travelling all month.", colleague)
    message = mailoutbox[-1]
    assert message.subject == "Priya Raman can't take your request this time"
    assert 'Priya wrote: "I\'m travelling all month."' in message.body
    assert f"suggests you talk to Marco Bianchi: http://testserver/alumni/{colleague.pk}/" in (
        message.body
    )


def test_a_suggestion_must_be_someone_in_the_directory(sent, volunteer):
    hidden = SpotlightProfileFactory(is_published=False)

    with pytest.raises(InvalidChoice, match="listed in the directory") as refused:
        decline_request(request=sent, actor=volunteer, suggested_profile=hidden)

    assert refused.value.field == "suggested_profile"
    assert fresh(sent).state == State.REQUESTED


def test_a_volunteer_cannot_suggest_themselves(sent, volunteer, profile):
    with pytest.raises(InvalidChoice, match="other than yourself"):
        decline_request(request=sent, actor=volunteer, suggested_profile=profile)


def test_the_student_cancels_a_scheduled_interview_and_both_are_told(
    scheduled, asker, committing, mailoutbox
):
    with committing():
        cancel_request(request=scheduled, actor=asker, note="I have an exam that day.")

    assert scheduled.state == State.CANCELLED_BY_STUDENT
    assert scheduled.calendar_sequence == 1  # the invite is withdrawn
    assert scheduled.transitions.last().note == "I have an exam that day."
    to_student, to_volunteer = sorted(mailoutbox, key=lambda message: message.to[0] != asker.email)
    assert to_student.subject == "Cancelled: informational interview with Priya Raman"
    assert (
        "You cancelled the informational interview planned for Thursday 4 March 2027 at "
        "09:00 New York time (EST) with Priya Raman. Priya has been told."
    ) in to_student.body
    assert (
        "Sam Okafor cancelled the informational interview planned for Thursday 4 March "
        "2027 at 15:00 Berlin time (CET)."
    ) in to_volunteer.body
    assert 'Sam wrote: "I have an exam that day."' in to_volunteer.body


def test_the_volunteer_can_cancel_too(sent, volunteer, committing, mailoutbox):
    with committing():
        cancel_request(request=sent, actor=volunteer)

    assert sent.state == State.CANCELLED_BY_VOLUNTEER
    [student_copy] = [
        m for m in mailoutbox if m.subject.startswith("Cancelled") and "Sam" in m.to[0]
    ]
    assert "Priya Raman cancelled the informational interview request." in student_copy.body
    assert "You can ask someone else from the directory" in student_copy.body


def test_an_interview_is_marked_as_held_only_once_it_has_started(scheduled, asker, clock):
    with pytest.raises(IllegalTransition, match="has not started yet"):
        complete_interview(request=scheduled, actor=asker)

    clock.move_to(in_days(3) + timedelta(minutes=25))
    complete_interview(request=scheduled, actor=asker)

    assert scheduled.state == State.COMPLETED


def test_the_volunteer_cannot_mark_the_interview_as_held(scheduled, volunteer, clock):
    clock.move_to(in_days(4))

    with pytest.raises(NotAllowed, match="Only the student can mark the interview as held"):
        complete_interview(request=scheduled, actor=volunteer)


def test_either_person_records_a_missed_interview(scheduled, volunteer, clock):
    clock.move_to(in_days(3) + timedelta(hours=1))

    record_no_show(request=scheduled, actor=volunteer)

    assert scheduled.state == State.NO_SHOW
    assert scheduled.transitions.last().actor == volunteer


def test_closed_requests_send_no_further_email(scheduled, asker, clock, committing):
    clock.move_to(in_days(4))
    complete_interview(request=scheduled, actor=asker)
    emails = Email.objects.count()

    with committing(), pytest.raises(IllegalTransition, match="was marked as held"):
        cancel_request(request=scheduled, actor=asker)

    assert Email.objects.count() == emails


def test_each_person_sees_only_the_actions_they_can_take_now(scheduled, asker, volunteer, clock):
    assert available_actions(scheduled, asker) == [Action.CANCEL_BY_STUDENT]
    assert available_actions(scheduled, volunteer) == [
        Action.PROPOSE_TIME,
        Action.CANCEL_BY_VOLUNTEER,
    ]
    assert available_actions(scheduled, StudentFactory()) == []

    clock.move_to(in_days(3, hour=15))

    assert available_actions(scheduled, asker) == [
        Action.CANCEL_BY_STUDENT,
        Action.COMPLETE,
        Action.NO_SHOW,
    ]
