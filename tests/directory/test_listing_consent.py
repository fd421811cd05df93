"""Nobody is listed, or asked for an interview, before they joined and agreed; staff publish a
profile only once it says enough; staff invite the people of imported profiles in bulk."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Invitation
from apps.directory.models import SpotlightProfile
from apps.notifications.models import Email
from apps.students.models import StudentProfile
from tests.directory.test_import import csv_bytes, import_file
from tests.factories import AlumniFactory, InvitationFactory, SpotlightProfileFactory

pytestmark = pytest.mark.django_db

STORY = (
    "I studied economics, worked two years in a bank's risk team, and then moved into data "
    "work at a hospital, where I now help doctors see which patients need a call first."
)


def ready_profile(**fields) -> SpotlightProfile:
    """Joined, agreed, and saying enough: staff may publish it."""
    defaults = {
        "is_published": False, "user": AlumniFactory(), "agreed_at": timezone.now(),
        "story_path": STORY, "topics": ["data careers"],
    }  # fmt: skip
    return SpotlightProfileFactory(**(defaults | fields))


def imported_profile(**fields) -> SpotlightProfile:
    return SpotlightProfileFactory(
        **{"is_published": False, "story_path": STORY, "topics": ["data careers"], **fields}
    )


def publish(client, profile):
    response = client.post(
        reverse("directory:publish", args=[profile.pk]), {"published": "true"}, follow=True
    )
    profile.refresh_from_db()
    return response.content.decode()


def test_staff_publish_and_hide_a_profile_whose_person_agreed(client, staff):
    person = ready_profile()
    client.force_login(staff)

    publish(client, person)
    assert person.is_published

    client.post(reverse("directory:publish", args=[person.pk]), {"published": "false"})
    person.refresh_from_db()
    assert not person.is_published


def test_an_imported_profile_cannot_be_published_before_its_person_joins(client, staff):
    imported = imported_profile(full_name="Ida Imported")
    client.force_login(staff)

    page = publish(client, imported)

    assert not imported.is_published
    assert "Ida Imported&#x27;s profile cannot be published yet" in page
    assert "its person has not joined yet" in page


def test_a_person_who_joined_but_did_not_agree_cannot_be_published(client, staff):
    joined = ready_profile(agreed_at=None)
    client.force_login(staff)

    page = publish(client, joined)

    assert not joined.is_published
    assert "has not yet agreed to be listed" in page


def test_publishing_a_thin_profile_is_refused_with_each_missing_part(client, staff):
    thin = ready_profile(job_title="", employer="", story_path="Short.", topics=[])
    client.force_login(staff)

    page = publish(client, thin)

    assert not thin.is_published
    for missing in ["a job title", "an employer or an industry", "a story of a few sentences"]:
        assert missing in page
    assert "it has 6)" in page
    assert "at least one topic" in page


def test_the_database_refuses_a_listing_without_agreement():
    imported = imported_profile()

    with pytest.raises(IntegrityError):
        SpotlightProfile.objects.filter(pk=imported.pk).update(is_published=True)


def test_staff_see_why_a_profile_is_not_ready_and_publish_only_ready_ones(client, staff):
    ready_profile(full_name="Rita Ready")
    imported_profile(full_name="Ian Imported")
    client.force_login(staff)

    page = client.get(reverse("directory:staff_profiles")).content.decode()

    assert page.count(">Publish<") == 1
    assert "Hidden: its person has not joined yet" in page


def test_a_volunteer_reviews_what_was_imported_before_agreeing(client):
    imported = imported_profile(email="ines@alumni.example.org", employer="Contoso Health")
    ines = AlumniFactory(email="ines@alumni.example.org")
    client.force_login(ines)

    review = client.get(reverse("directory:listing_consent")).content.decode()
    imported.refresh_from_db()
    assert "Contoso Health" in review
    assert STORY[:40] in review
    assert imported.user is None  # looking claims nothing

    before = timezone.now()
    client.post(reverse("directory:listing_consent"), {"agree": "yes"})

    imported.refresh_from_db()
    assert imported.user == ines
    assert before <= imported.agreed_at <= timezone.now()
    assert not imported.is_published  # staff still publish it


def test_a_volunteer_who_leaves_the_directory_cannot_be_found_or_asked(client, student):
    listed = SpotlightProfileFactory(story_path=STORY, topics=["data"])
    client.force_login(listed.user)

    client.post(reverse("directory:listing_consent"), {"agree": "no"})

    listed.refresh_from_db()
    assert (listed.is_published, listed.agreed_at) == (False, None)
    client.force_login(student)
    assert client.get(reverse("directory:profile", args=[listed.pk])).status_code == 404
    assert client.get(reverse("interviews:new", args=[listed.pk])).status_code == 404


def test_the_volunteer_home_asks_for_agreement_until_it_is_given(client):
    alumna = AlumniFactory()
    client.force_login(alumna)

    page = client.get(reverse("directory:alumni_home")).content.decode()

    assert "nobody can send you requests until you agree to be listed" in page
    assert reverse("directory:listing_consent") in page


def test_looking_at_the_volunteer_pages_creates_no_profile(client):
    alumna = AlumniFactory()
    client.force_login(alumna)

    for name in [
        "directory:alumni_home",
        "directory:edit_own_profile",
        "directory:listing_consent",
    ]:
        assert client.get(reverse(name)).status_code == 200

    assert not SpotlightProfile.objects.filter(email=alumna.email).exists()


def test_looking_at_the_student_pages_creates_no_profile(client, student):
    client.force_login(student)

    for name in ["students:home", "students:edit_profile"]:
        assert client.get(reverse(name)).status_code == 200

    assert not StudentProfile.objects.filter(user=student).exists()


def test_staff_invite_the_ticked_people_who_have_not_joined(client, staff):
    first, second = imported_profile(), imported_profile()
    client.force_login(staff)

    response = client.post(
        reverse("directory:invite_to_claim"),
        {"scope": "selected", "profile": [first.pk]},
        follow=True,
    )

    assert list(Invitation.objects.values_list("email", flat=True)) == [first.email]
    assert Email.objects.filter(event="invitation", recipient=first.email).count() == 1
    assert not Email.objects.filter(recipient=second.email).exists()
    assert "1 person invited." in response.content.decode()


def test_inviting_everyone_leaves_out_the_invited_and_those_with_accounts(client, staff):
    fresh = imported_profile()
    invited = imported_profile()
    InvitationFactory(email=invited.email)
    with_account = imported_profile()
    AlumniFactory(email=with_account.email)
    ready_profile()  # joined: nothing to invite
    client.force_login(staff)

    page = client.post(
        reverse("directory:invite_to_claim"), {"scope": "all"}, follow=True
    ).content.decode()

    assert list(Email.objects.values_list("recipient", flat=True)) == [fresh.email]
    assert "1 person invited; 1 already had a live invitation" in page
    assert "1 already have an account" in page


def test_inviting_everyone_keeps_to_the_search(client, staff):
    found = imported_profile(full_name="Quinn Found")
    imported_profile(full_name="Other Person")
    client.force_login(staff)

    client.post(reverse("directory:invite_to_claim"), {"scope": "all", "q": "Quinn"})

    assert list(Email.objects.values_list("recipient", flat=True)) == [found.email]


@pytest.mark.parametrize("profiles", [3, 40])
def test_the_profile_list_makes_the_same_queries_for_any_number_of_profiles(
    client, staff, django_assert_num_queries, profiles
):
    for number in range(profiles):
        (ready_profile if number % 2 else imported_profile)()
    client.force_login(staff)

    # session, user, page count, page rows, not-joined count
    with django_assert_num_queries(5):
        client.get(reverse("directory:staff_profiles"))


def test_the_demo_lists_only_people_who_joined_and_agreed():
    call_command("seed_demo", allow_production=True)

    listed = SpotlightProfile.objects.filter(is_published=True)
    assert listed.count() >= 4
    assert not listed.filter(user__isnull=True).exists()
    assert not listed.filter(agreed_at__isnull=True).exists()
    assert SpotlightProfile.objects.filter(is_published=False, user__isnull=True).exists()


def test_staff_invite_the_people_an_import_brought_in_from_its_result_page(
    client, staff, django_capture_on_commit_callbacks
):
    AlumniFactory(email="grace@example.org")  # has an account: can sign in and claim
    client.force_login(staff)
    rows = csv_bytes(
        "ada@example.org,Ada Lovelace,2012,Northwind,Analyst,,,",
        "grace@example.org,Grace Hopper,,Navy,Admiral,,,",
    )
    job = import_file(client, django_capture_on_commit_callbacks, rows)
    page = client.get(reverse("directory:import_job", args=[job.pk])).content.decode()
    assert "Invite 2 people to claim their profiles" in page

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("directory:import_invite", args=[job.pk]), follow=True)

    assert list(Email.objects.values_list("recipient", flat=True)) == ["ada@example.org"]
    assert "1 person invited; 1 already have an account" in done.content.decode()
