from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tests.factories import SpotlightProfileFactory, StudentFactory
from tests.students.factories import ContactFactory

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 10)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2027-03-10T12:00Z", tick=False):
        yield


def names_in(response) -> list[str]:
    return [contact.name for contact in response.context["page"].object_list]


def test_a_student_sees_their_own_contacts_and_nobody_elses(client, student):
    ContactFactory(student=student, name="Ada Mensah")
    ContactFactory(name="Someone Else's Contact")
    client.force_login(student)

    response = client.get(reverse("students:log"))

    assert names_in(response) == ["Ada Mensah"]
    assert "Someone Else" not in response.content.decode()


def test_the_soonest_follow_up_comes_first_and_those_without_one_last(client, student):
    ContactFactory(student=student, name="Ben", next_follow_up_on=None)
    ContactFactory(student=student, name="Cleo", next_follow_up_on=date(2027, 4, 1))
    ContactFactory(student=student, name="Dev", next_follow_up_on=date(2027, 3, 1))
    ContactFactory(student=student, name="Abe", next_follow_up_on=None)
    client.force_login(student)

    response = client.get(reverse("students:log"))

    assert names_in(response) == ["Dev", "Cleo", "Abe", "Ben"]


def test_an_overdue_follow_up_is_said_in_words_not_only_in_colour(client, student):
    ContactFactory(student=student, name="Dev", next_follow_up_on=date(2027, 3, 1))
    ContactFactory(student=student, name="Eli", next_follow_up_on=TODAY)
    ContactFactory(student=student, name="Fay", next_follow_up_on=date(2027, 4, 1))
    client.force_login(student)

    page = client.get(reverse("students:log")).content.decode()

    assert "Overdue</span> Follow up was due on 1 March 2027" in page
    assert "Follow up today" in page
    assert "Next follow-up on 1 April 2027" in page
    assert page.count("Overdue") == 1


def test_overdue_follows_the_students_own_calendar_day(client, student):
    # 23:30 on 9 March in Los Angeles is already 10 March in UTC.
    student.time_zone = "America/Los_Angeles"
    student.save(update_fields=["time_zone"])
    ContactFactory(student=student, next_follow_up_on=date(2027, 3, 9))
    client.force_login(student)

    with time_machine.travel("2027-03-10T07:30Z", tick=False):
        page = client.get(reverse("students:log")).content.decode()

    assert "Follow up today" in page
    assert "Overdue" not in page


def test_the_thank_you_note_is_shown_when_sent_and_missed_when_not(client, student):
    ContactFactory(student=student, met_on=date(2027, 3, 1), thank_you_sent_on=date(2027, 3, 2))
    ContactFactory(student=student, met_on=date(2027, 3, 8))
    client.force_login(student)

    page = client.get(reverse("students:log")).content.decode()

    assert "Thank-you note sent on 2 March 2027" in page
    assert "No thank-you note recorded yet" in page


def test_a_volunteer_from_the_directory_links_to_their_spotlight_profile(client, student):
    spotlight = SpotlightProfileFactory()
    ContactFactory(student=student, spotlight_profile=spotlight)
    client.force_login(student)

    page = client.get(reverse("students:log")).content.decode()

    assert reverse("directory:profile", args=[spotlight.pk]) in page


def test_a_long_log_is_split_into_pages(client, student):
    ContactFactory.create_batch(30, student=student)
    client.force_login(student)

    first = client.get(reverse("students:log"))
    second = client.get(reverse("students:log"), {"page": 2})

    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 5
    assert "Page 1 of 2" in first.content.decode()


def test_an_empty_log_says_where_to_start(client, student):
    client.force_login(student)

    page = client.get(reverse("students:log")).content.decode()

    assert "Your log is empty" in page
    assert reverse("students:export_log") not in page


@pytest.mark.parametrize("contacts", [2, 30])
def test_the_log_makes_the_same_queries_for_any_number_of_contacts(
    client, django_assert_num_queries, contacts
):
    student = StudentFactory()
    spotlight = SpotlightProfileFactory()
    ContactFactory(student=student, spotlight_profile=spotlight, next_follow_up_on=TODAY)
    ContactFactory.create_batch(contacts - 1, student=student, next_follow_up_on=date(2027, 1, 1))
    client.force_login(student)

    # session, user, count, page rows
    with django_assert_num_queries(4):
        client.get(reverse("students:log"))


def test_the_student_home_links_to_the_log(client, student):
    client.force_login(student)

    page = client.get(reverse("students:home")).content.decode()

    assert reverse("students:log") in page
