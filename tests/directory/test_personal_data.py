"""A volunteer's spotlight profile and their account: export, deletion, a new address."""

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_changed
from django.urls import reverse

from apps.accounts.services import delete_account, export_account_data
from apps.directory.models import SpotlightProfile
from apps.interviews.models import State
from tests.factories import InterviewRequestFactory, SpotlightProfileFactory, StudentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer_profile(alumnus):
    return SpotlightProfileFactory(
        user=alumnus, full_name="Dana Whitfield", employer="Google", phone="+1 555 0100",
        story_path="I started in IT support.", topics=["first job"],
    )  # fmt: skip


def test_the_export_holds_the_volunteers_profile(alumnus, volunteer_profile):
    exported = export_account_data(user=alumnus)["spotlight_profile"]

    assert exported["full_name"] == "Dana Whitfield"
    assert exported["phone"] == "+1 555 0100"
    assert exported["story_path"] == "I started in IT support."


def test_a_deleted_volunteer_leaves_the_directory_and_nothing_names_them(
    client, student, alumnus, volunteer_profile
):
    held = InterviewRequestFactory(profile=volunteer_profile)

    delete_account(user=alumnus)

    profile = SpotlightProfile.objects.get(pk=volunteer_profile.pk)
    assert not profile.is_published
    assert profile.user is None
    assert "Dana" not in profile.full_name
    assert profile.phone == profile.story_path == profile.employer == ""
    # The student's record of the conversation stays, without the volunteer's name.
    held.refresh_from_db()
    assert held.profile_id == profile.pk
    client.force_login(student)
    found = client.get(reverse("directory:search"), {"q": "Whitfield"}).context["search"]
    assert found.page.paginator.count == 0


def test_open_requests_are_cancelled_before_the_profile_is_made_anonymous(
    alumnus, volunteer_profile, mailoutbox, django_capture_on_commit_callbacks
):
    waiting = InterviewRequestFactory(profile=volunteer_profile, student=StudentFactory())

    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=alumnus)

    waiting.refresh_from_db()
    assert waiting.state == State.CANCELLED_BY_VOLUNTEER
    to_student = [m for m in mailoutbox if waiting.student.email in m.to[0]]
    assert len(to_student) == 1
    assert "Dana" in to_student[0].body


def test_a_volunteers_emails_follow_their_new_account_address(alumnus, volunteer_profile):
    new = EmailAddress.objects.create(user=alumnus, email="dana@new.example.org", verified=True)

    email_changed.send(
        sender=EmailAddress, request=None, user=alumnus, from_email_address=None,
        to_email_address=new,
    )  # fmt: skip

    volunteer_profile.refresh_from_db()
    assert volunteer_profile.email == "dana@new.example.org"


def test_an_address_an_imported_profile_holds_is_left_to_staff(alumnus, volunteer_profile):
    SpotlightProfileFactory(email="dana@new.example.org", is_published=False)
    new = EmailAddress.objects.create(user=alumnus, email="dana@new.example.org", verified=True)

    email_changed.send(
        sender=EmailAddress, request=None, user=alumnus, from_email_address=None,
        to_email_address=new,
    )  # fmt: skip

    volunteer_profile.refresh_from_db()
    assert volunteer_profile.email != "dana@new.example.org"
