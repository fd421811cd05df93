import pytest
from django.urls import reverse

from tests.factories import QuestionFactory
from tests.interviews.conftest import send

pytestmark = pytest.mark.django_db


def test_staff_edit_the_question_bank(client, staff):
    client.force_login(staff)
    question = QuestionFactory()

    response = client.post(
        reverse("admin:interviews_question_change", args=[question.pk]),
        {"text": "What surprised you most?", "topic": "Advice", "is_active": "on", "position": 5},
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text == "What surprised you most?"


def test_staff_add_a_slow_period(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("admin:interviews_slowperiod_add"),
        {"name": "Finals", "starts_on": "2027-05-01", "ends_on": "2027-05-14"},
    )

    assert response.status_code == 302


def test_staff_can_read_a_request_and_its_timeline_but_not_change_it(client, staff, asker, profile):
    request = send(asker, profile)
    client.force_login(staff)

    page = client.get(reverse("admin:interviews_interviewrequest_change", args=[request.pk]))

    assert page.status_code == 200
    content = page.content.decode()
    assert "Sent the request" in content
    assert 'name="_save"' not in content
    add = client.get(reverse("admin:interviews_interviewrequest_add"))
    assert add.status_code == 403


def test_students_and_alumni_never_reach_the_requests_in_the_admin(client, student, alumnus):
    for person in (student, alumnus):
        client.force_login(person)

        response = client.get(reverse("admin:interviews_interviewrequest_changelist"))

        assert response.status_code == 302  # to the admin's sign-in page
