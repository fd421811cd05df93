"""After the conversation: private notes, referrals into the networking log, and the thank-you
note, written from the student's own notes and delivered by email once."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.interviews import followup
from apps.interviews.models import InterviewNote, ThankYouNote
from apps.notifications.models import Email
from apps.students.models import Contact, Relationship
from tests.factories import SpotlightProfileFactory, StudentFactory
from tests.interviews.student_helpers import hold, schedule
from tests.students.factories import ContactFactory

pytestmark = pytest.mark.django_db

LEARNINGS = "Credit analysis is mostly writing, and the models matter less than the story"
ADVICE = "Take the accounting elective and read the annual reports of two banks."
PRIVATE = "She seemed tired; ask Jo about her team later."


@pytest.fixture
def held(sent, volunteer, clock):
    return hold(sent, volunteer, clock)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Notes -------------------------------------------------------------------------------------


def test_the_notes_page_says_truly_who_can_read_them(signed_in, held):
    # Advisors see nothing of a student's notes yet: the page must not promise otherwise.
    page = signed_in.get(reverse("interviews:notes", args=[held.pk])).text

    assert "Only you can read these: not the volunteer, and not your career advisor." in page
    assert "(and your career advisor)" not in page


def test_the_student_writes_notes_and_finds_them_again(signed_in, held):
    url = reverse("interviews:notes", args=[held.pk])

    signed_in.post(url, {"notes": PRIVATE, "learnings": LEARNINGS, "advice": ADVICE})
    signed_in.post(url, {"notes": PRIVATE, "learnings": LEARNINGS, "advice": "Read more."})

    note = InterviewNote.objects.get(request=held)
    assert (note.notes, note.learnings, note.advice) == (PRIVATE, LEARNINGS, "Read more.")
    assert "Read more." in signed_in.get(url).content.decode()


def test_notes_can_be_taken_once_the_interview_is_scheduled_not_before(signed_in, sent, volunteer):
    url = reverse("interviews:notes", args=[sent.pk])
    early = signed_in.get(url, follow=True)
    schedule(sent, volunteer)

    assert messages_of(early) == ["Notes open once the interview is scheduled."]
    assert signed_in.get(url).status_code == 200


# --- Referrals ---------------------------------------------------------------------------------


def test_a_referral_goes_into_the_networking_log_naming_the_volunteer(signed_in, held):
    response = signed_in.post(
        reverse("interviews:add_referral", args=[held.pk]),
        {"name": "Jo Baker", "organisation": "Contoso Credit", "may_mention_referrer": "on"},
        follow=True,
    )

    contact = Contact.objects.get()
    assert (contact.relationship, contact.referred_in, contact.referred_by_name) == (
        Relationship.REFERRAL,
        held,
        "Priya Raman",
    )
    assert contact.may_mention_referrer
    assert "Jo Baker is in your networking log." in messages_of(response)
    log = signed_in.get(reverse("students:log")).content.decode()
    assert "Jo Baker" in log
    assert "Referral" in log


def test_a_referral_can_link_a_spotlight_profile(signed_in, held):
    jo = SpotlightProfileFactory(full_name="Jo Baker", employer="Contoso Credit")

    signed_in.post(
        reverse("interviews:add_referral", args=[held.pk]),
        {"name": " jo  baker ", "in_directory": "on"},
    )

    assert Contact.objects.get().spotlight_profile == jo


def test_two_volunteers_of_one_name_are_told_apart_by_where_they_work(signed_in, held):
    SpotlightProfileFactory(full_name="Jo Baker", employer="Contoso Credit")
    fabrikam = SpotlightProfileFactory(full_name="Jo Baker", employer="Fabrikam Bank")
    add = reverse("interviews:add_referral", args=[held.pk])

    response = signed_in.post(add, {"name": "Jo Baker", "in_directory": "on"})

    assert "say where this one works" in response.context["form"].errors["organisation"][0]
    assert not Contact.objects.exists()
    signed_in.post(add, {"name": "Jo Baker", "organisation": "fabrikam bank", "in_directory": "on"})
    assert Contact.objects.get().spotlight_profile == fabrikam


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Nobody Here", "Nobody called “Nobody Here” is listed"),
        ("Known Already", "already in your networking log"),
        ("Priya Raman", "the volunteer you talked to"),
    ],
)
def test_a_directory_link_that_cannot_be_made_is_explained(signed_in, held, asker, name, problem):
    known = SpotlightProfileFactory(full_name="Known Already")
    ContactFactory(student=asker, name="Known Already", spotlight_profile=known)

    response = signed_in.post(
        reverse("interviews:add_referral", args=[held.pk]), {"name": name, "in_directory": "on"}
    )

    assert problem in response.context["form"].errors["in_directory"][0]
    assert response.context["form"]["name"].value() == name
    assert Contact.objects.filter(referred_in=held).count() == 0


def test_a_referral_keeps_its_input_when_something_is_missing(signed_in, held):
    response = signed_in.post(
        reverse("interviews:add_referral", args=[held.pk]), {"organisation": "Contoso Credit"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["This field is required."]
    assert 'value="Contoso Credit"' in response.content.decode()
    assert not Contact.objects.exists()


def test_referrals_open_once_the_interview_is_held(signed_in, sent):
    response = signed_in.get(reverse("interviews:add_referral", args=[sent.pk]), follow=True)

    assert messages_of(response) == [
        "Once the interview is marked as held, you can note who else to talk to."
    ]


# --- The thank-you note ------------------------------------------------------------------------


def test_the_starter_is_made_of_the_students_own_notes(held, asker):
    InterviewNote.objects.create(request=held, notes=PRIVATE, learnings=LEARNINGS, advice=ADVICE)
    followup.add_referral(request=held, name="Jo Baker")

    starter = followup.thank_you_starter(held)

    assert starter.startswith("Dear Priya,")
    assert "on 4 March 2027 about your work at Fabrikam Bank" in starter
    assert f"{LEARNINGS}." in starter
    assert ADVICE in starter
    assert "suggesting that I talk to Jo Baker" in starter
    assert starter.endswith("With thanks,\nSam Okafor")
    # Raw notes are for the student alone; they go in only when nothing else was written.
    assert PRIVATE not in starter


def test_without_learnings_or_advice_the_starter_uses_the_first_line_of_the_notes(held):
    InterviewNote.objects.create(request=held, notes="Writing matters more than models\nJo?")

    assert "Writing matters more than models." in followup.thank_you_starter(held)


def test_the_thank_you_page_starts_from_the_students_notes(signed_in, held):
    InterviewNote.objects.create(request=held, learnings=LEARNINGS)

    response = signed_in.get(reverse("interviews:thank_you", args=[held.pk]))

    assert LEARNINGS in response.context["form"]["body"].value()


def test_the_thank_you_is_emailed_to_the_volunteer_and_shows_as_sent(
    signed_in, held, committing, mailoutbox
):
    InterviewNote.objects.create(request=held, notes=PRIVATE, learnings=LEARNINGS)
    body = "Dear Priya,\n\nThank you for the time and the advice on writing.\n\nSam"
    mailoutbox.clear()

    with committing():
        response = signed_in.post(
            reverse("interviews:thank_you", args=[held.pk]), {"body": body}, follow=True
        )

    [message] = mailoutbox
    assert message.to == ["Priya Raman <priya@alumni.example.org>"]
    assert message.subject == "Thank you from Sam Okafor"
    assert message.reply_to == [held.student.email]
    assert "Thank you for the time and the advice on writing." in message.body
    assert "Thank you for the time and the advice on writing." in message.alternatives[0][0]
    assert "informational interview on 4 March 2027" in message.body
    assert PRIVATE not in message.body
    assert LEARNINGS not in message.body
    assert "Your thank-you note is on its way to Priya." in messages_of(response)
    assert "sent on 4 March 2027" in response.content.decode()
    page = signed_in.get(reverse("interviews:thank_you", args=[held.pk])).content.decode()
    assert "Sent on 4 March 2027" in page
    assert "Send your thank-you note" not in page


def test_a_thank_you_is_sent_once(signed_in, held, committing, mailoutbox):
    url = reverse("interviews:thank_you", args=[held.pk])
    mailoutbox.clear()

    with committing():
        signed_in.post(url, {"body": "Thank you so much for your time, Priya."})
        second = signed_in.post(url, {"body": "Thank you again, Priya, really."}, follow=True)

    assert ThankYouNote.objects.get().body == "Thank you so much for your time, Priya."
    assert len(mailoutbox) == 1
    assert Email.objects.filter(event_key=f"interview:{held.pk}:thanks").count() == 1
    assert messages_of(second)[-1] == "You have already sent your thank-you note."


def test_the_service_refuses_a_second_thank_you(held):
    followup.send_thank_you(request=held, body="Thank you so much for your time.")

    with pytest.raises(followup.FollowUpError, match="already sent"):
        followup.send_thank_you(request=held, body="Thank you again for your time.")


def test_sending_thanks_records_it_in_the_log_entry_for_the_volunteer(held, asker, profile):
    entry = ContactFactory(student=asker, name="Priya Raman", spotlight_profile=profile)

    followup.send_thank_you(request=held, body="Thank you so much for your time.")

    entry.refresh_from_db()
    assert entry.thank_you_sent_on.isoformat() == "2027-03-04"


def test_thanks_open_once_the_interview_is_held(signed_in, sent):
    url = reverse("interviews:thank_you", args=[sent.pk])

    response = signed_in.post(url, {"body": "Thank you so much for your time."}, follow=True)

    assert not ThankYouNote.objects.exists()
    assert messages_of(response) == [
        "Once the interview is marked as held, you can send your thank-you note."
    ]


def test_an_empty_thank_you_is_refused_next_to_the_field(signed_in, held):
    response = signed_in.post(reverse("interviews:thank_you", args=[held.pk]), {"body": "Thanks"})

    assert response.context["form"].errors["body"] == [
        "Write a few sentences: what you took away, and thanks."
    ]
    assert not ThankYouNote.objects.exists()


def test_another_students_follow_up_pages_are_not_there(client, held):
    client.force_login(StudentFactory())

    for name in ("interviews:notes", "interviews:add_referral", "interviews:thank_you"):
        assert client.get(reverse(name, args=[held.pk])).status_code == 404


# --- Any input at all --------------------------------------------------------------------------

FOLLOW_UP_FORMS = {
    "interviews:notes": ["notes", "learnings", "advice"],
    "interviews:add_referral": [
        "name",
        "organisation",
        "job_title",
        "may_mention_referrer",
        "in_directory",
        "notes",
    ],
    "interviews:thank_you": ["body"],
    "interviews:cancel": ["note"],
    "interviews:confirm": ["time"],
}


@pytest.mark.parametrize("name", FOLLOW_UP_FORMS)
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_follow_up_forms_never_fail(held, name, data):
    client = Client()
    client.force_login(held.student)
    values = {
        field: data.draw(st.text(max_size=300), label=field) for field in FOLLOW_UP_FORMS[name]
    }

    response = client.post(reverse(name, args=[held.pk]), values)

    assert response.status_code < 500
