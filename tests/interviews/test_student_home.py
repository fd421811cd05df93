"""The student's home: how their requests stand, and suggestions that leave out people asked."""

import pytest
from django.urls import reverse

from apps.interviews.services import cancel_request
from apps.students.models import StudentProfile
from tests.factories import IndustryFactory, SpotlightProfileFactory
from tests.interviews.conftest import send
from tests.interviews.student_helpers import hold

pytestmark = pytest.mark.django_db


def test_the_home_page_counts_the_students_requests(signed_in, asker, profile, volunteer, clock):
    first = send(asker, profile)
    send(asker, SpotlightProfileFactory(formats=["video"]))
    cancel_request(request=send(asker, SpotlightProfileFactory(formats=["video"])), actor=asker)
    hold(first, volunteer, clock)

    page = signed_in.get(reverse("students:home")).content.decode()

    assert "1 open, 1 held, 3 in all." in page
    assert reverse("interviews:list") in page


def test_a_student_who_has_asked_nobody_is_pointed_to_the_directory(signed_in):
    page = signed_in.get(reverse("students:home")).content.decode()

    assert "You have not asked anyone yet." in page


def test_suggestions_leave_out_volunteers_the_student_already_asked(signed_in, asker, profile):
    finance = IndustryFactory(name="Finance", slug="finance")
    profile.industries.set([finance])
    SpotlightProfileFactory(full_name="Not Asked Yet", industries=[finance])
    StudentProfile.objects.create(user=asker).industries.set([finance])
    cancel_request(request=send(asker, profile), actor=asker)

    suggestions = list(signed_in.get(reverse("students:home")).context["suggestions"])

    assert [person.full_name for person in suggestions] == ["Not Asked Yet"]
