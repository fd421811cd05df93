"""A student who cancels a request soon after sending it withdraws it quietly: it gives back its
place in the volunteer's month and sends the volunteer nothing more."""

from datetime import timedelta

import pytest
from django.urls import reverse

from apps.directory.models import SpotlightProfile
from apps.interviews.clock import center_today
from apps.interviews.models import State
from apps.interviews.rules import check_request
from apps.interviews.services import cancel_request, propose_time
from tests.directory.test_photos import RolledBack, rolled_back
from tests.factories import StudentFactory
from tests.interviews.conftest import PURPOSE, QUESTIONS, TIMES, in_days, send

pytestmark = pytest.mark.django_db


def counted(profile) -> tuple[int, float]:
    """The volunteer's requests this month, and how strongly the directory puts them forward."""
    stored = SpotlightProfile.objects.with_availability(center_today()).get(pk=profile.pk)
    return stored.requests_now, stored.rank_weight


def to_volunteer(mailoutbox) -> list[str]:
    return [m.subject for m in mailoutbox if "priya@alumni.example.org" in m.to[0]]


def test_sending_and_cancelling_four_times_leaves_the_volunteer_open_to_others(
    asker, profile, committing, mailoutbox
):
    assert profile.monthly_cap == 4
    with committing():
        for _ in range(4):
            cancel_request(request=send(asker, profile), actor=asker)

    assert counted(profile) == (0, 1.0)
    other = check_request(
        student=StudentFactory(),
        profile=SpotlightProfile.objects.get(pk=profile.pk),
        purpose=PURPOSE,
        questions=QUESTIONS,
        format="video",
        minutes=20,
        times=TIMES,
    )
    assert other.is_ok, other.errors
    # The four requests, and not one cancellation on top of them.
    assert (
        to_volunteer(mailoutbox)
        == ["Sam Okafor asks you for a 20-minute informational interview"] * 4
    )


def test_a_withdrawn_request_is_confirmed_to_the_student_only(sent, asker, committing, mailoutbox):
    mailoutbox.clear()

    with committing():
        cancel_request(request=sent, actor=asker, note="I picked the wrong person.")

    assert sent.state == State.CANCELLED_BY_STUDENT
    assert sent.is_withdrawn_in_grace
    [confirmation] = mailoutbox
    assert confirmation.to == [f"Sam Okafor <{asker.email}>"]
    assert (
        "You cancelled the informational interview request with Priya Raman. As you withdrew it "
        "within minutes of sending it, Priya is not emailed about it again, and it does not "
        "take up one of their requests this month."
    ) in confirmation.body


def test_a_cancel_after_the_grace_period_still_counts_and_tells_the_volunteer(
    sent, asker, profile, clock, committing, mailoutbox
):
    clock.shift(timedelta(minutes=10))
    mailoutbox.clear()

    with committing():
        cancel_request(request=sent, actor=asker)

    assert not sent.is_withdrawn_in_grace
    assert counted(profile) == (1, pytest.approx(1 - 0.4 / 4))
    assert to_volunteer(mailoutbox) == ["Cancelled: informational interview with Sam Okafor"]
    assert "Priya has been told." in next(m.body for m in mailoutbox if asker.email in m.to[0])


def test_a_request_the_volunteer_already_answered_is_not_withdrawn_quietly(
    sent, asker, volunteer, profile, committing, mailoutbox
):
    propose_time(request=sent, actor=volunteer, starts_at=in_days(6))
    mailoutbox.clear()

    with committing():
        cancel_request(request=sent, actor=asker)

    assert not sent.is_withdrawn_in_grace
    assert counted(profile)[0] == 1
    assert to_volunteer(mailoutbox) == ["Cancelled: informational interview with Sam Okafor"]


def test_a_volunteer_who_cancels_at_once_still_uses_up_the_place(sent, volunteer, profile):
    cancel_request(request=sent, actor=volunteer)

    assert not sent.is_withdrawn_in_grace
    assert counted(profile)[0] == 1


def test_a_withdrawal_rolled_back_keeps_the_place_taken(sent, asker, profile):
    with pytest.raises(RolledBack):
        rolled_back(lambda: cancel_request(request=sent, actor=asker))

    assert counted(profile)[0] == 1


def test_a_withdrawal_after_the_month_turned_leaves_the_new_month_alone(
    asker, profile, clock, settings
):
    settings.SPOTLIGHT_CANCEL_GRACE_MINUTES = 60 * 24 * 40
    request = send(asker, profile)
    clock.move_to(in_days(31))  # 1 April
    send(StudentFactory(), profile, times=[in_days(33), in_days(34)])

    cancel_request(request=request, actor=asker)

    assert counted(profile)[0] == 1


def test_the_career_center_sets_the_grace_period(asker, profile, clock, settings):
    settings.SPOTLIGHT_CANCEL_GRACE_MINUTES = 30
    request = send(asker, profile)
    clock.shift(timedelta(minutes=25))

    cancel_request(request=request, actor=asker)

    assert request.is_withdrawn_in_grace


# --- What the student reads before cancelling -----------------------------------------------


def cancel_help(client, request) -> str:
    page = client.get(reverse("interviews:detail", args=[request.pk])).content.decode()
    return page.split('id="id_note_help"', 1)[1].split("</div>", 1)[0]


def test_the_request_page_says_until_when_cancelling_is_quiet(client, sent, asker, clock):
    client.force_login(asker)

    assert "Until 10:10 you can withdraw it quietly: Priya Raman is sent no further email" in (
        cancel_help(client, sent)
    )
    clock.shift(timedelta(minutes=10))
    later = cancel_help(client, sent)
    assert "quietly" not in later
    assert "Priya Raman is told by email." in later


def test_the_student_is_told_the_volunteer_hears_no_more_of_a_withdrawn_request(
    client, sent, asker, committing
):
    client.force_login(asker)

    with committing():
        page = client.post(reverse("interviews:cancel", args=[sent.pk]), follow=True)

    assert "The request is withdrawn. Priya Raman is not emailed about it again." in page.text
    assert "has been told" not in page.text
