import pytest
from django.db import IntegrityError
from django.urls import reverse

from apps.advising.models import AdvisorAssignment
from apps.advising.services import assign_advisor, current_advisor
from tests.factories import AdvisorFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_staff_assign_an_advisor_to_a_student(client, staff, student, advisor):
    client.force_login(staff)

    response = client.post(reverse("advising:assign", args=[student.pk]), {"advisor": advisor.pk})

    assert response.status_code == 302
    assert current_advisor(student) == advisor


def test_a_new_advisor_replaces_the_old_one_and_the_history_is_kept(student, advisor, staff):
    first, second = advisor, AdvisorFactory()
    assign_advisor(student=student, advisor=first, assigned_by=staff)

    assign_advisor(student=student, advisor=second, assigned_by=staff)

    assert current_advisor(student) == second
    history = AdvisorAssignment.objects.filter(student=student).order_by("started_at")
    assert [(row.advisor, row.ended_at is None) for row in history] == [
        (first, False),
        (second, True),
    ]


def test_the_database_refuses_two_current_advisors(student, advisor, staff):
    AdvisorAssignment.objects.create(student=student, advisor=advisor, assigned_by=staff)

    with pytest.raises(IntegrityError):
        AdvisorAssignment.objects.create(student=student, advisor=AdvisorFactory())


def test_choosing_someone_who_is_not_an_advisor_is_refused(client, staff, student, alumnus):
    client.force_login(staff)

    response = client.post(
        reverse("advising:assign", args=[student.pk]), {"advisor": alumnus.pk}, follow=True
    )

    assert "Choose one of the listed advisors." in response.content.decode()
    assert current_advisor(student) is None


def test_only_students_can_be_assigned(client, staff, alumnus, advisor):
    client.force_login(staff)

    response = client.post(reverse("advising:assign", args=[alumnus.pk]), {"advisor": advisor.pk})

    assert response.status_code == 404


def test_an_advisor_sees_their_own_students_and_nobody_elses(client, staff, advisor):
    mine, theirs = StudentFactory(), StudentFactory()
    assign_advisor(student=mine, advisor=advisor, assigned_by=staff)
    assign_advisor(student=theirs, advisor=AdvisorFactory(), assigned_by=staff)
    client.force_login(advisor)

    page = client.get(reverse("advising:home")).content.decode()

    assert mine.email in page
    assert theirs.email not in page


@pytest.mark.parametrize("students", [3, 30])
def test_the_assignment_page_makes_the_same_queries_for_any_number_of_students(
    client, staff, django_assert_num_queries, students
):
    advisors = AdvisorFactory.create_batch(3)
    for index, student in enumerate(StudentFactory.create_batch(students)):
        assign_advisor(student=student, advisor=advisors[index % 3], assigned_by=staff)
    client.force_login(staff)

    # session, user, count, students, their current assignments, advisors for the menus
    with django_assert_num_queries(6):
        response = client.get(reverse("advising:assignments"))

    assert response.status_code == 200
