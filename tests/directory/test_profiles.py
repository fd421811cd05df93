import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from apps.directory.models import PreviousRole, SpotlightProfile
from apps.directory.search import suggestions_for
from apps.directory.services import profile_for
from apps.students.services import profile_for as student_profile_for
from tests.factories import (
    AlumniFactory,
    IndustryFactory,
    InterviewRequestFactory,
    SpotlightProfileFactory,
)

pytestmark = pytest.mark.django_db


def image_bytes(size=(1200, 900), kind="PNG") -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(output, format=kind)
    return output.getvalue()


def profile_form(**changes) -> dict:
    data = {
        "full_name": "Alex Alumna", "graduation_year": "2010", "employer": "Contoso",
        "job_title": "Engineer", "preferred_minutes": "20", "monthly_cap": "4",
        "topics": "careers, engineering", "formats": ["video"],
        "roles-TOTAL_FORMS": "0", "roles-INITIAL_FORMS": "0",
        "away-TOTAL_FORMS": "0", "away-INITIAL_FORMS": "0",
    }  # fmt: skip
    data.update(changes)
    return data


@pytest.fixture
def alumna(db):
    return AlumniFactory(full_name="Alex Alumna")


def test_the_profile_page_shows_the_research_a_student_needs(client, student):
    started = timezone.localdate().replace(year=timezone.localdate().year - 3)
    person = SpotlightProfileFactory(
        full_name="Dana Whitfield", employer="Google", job_title="Engineer", started_on=started,
        story_advice="Ask about the work, not the title.", phone="+1 555 0100",
    )  # fmt: skip
    PreviousRole.objects.create(
        profile=person, employer="Fabrikam", title="Intern", start_year=2010
    )
    client.force_login(student)

    page = client.get(reverse("directory:profile", args=[person.pk])).content.decode()

    assert "3 years in this role" in page
    assert "Intern, Fabrikam" in page
    assert "Ask about the work, not the title." in page
    assert "Accepting requests" in page
    assert person.email not in page
    assert "555 0100" not in page


def test_optional_parts_stay_hidden_when_the_volunteer_says_so(client, student):
    person = SpotlightProfileFactory(
        linkedin_url="https://www.linkedin.com/in/dana", public_fields=["photo"]
    )
    client.force_login(student)

    page = client.get(reverse("directory:profile", args=[person.pk])).content.decode()

    assert "linkedin.com/in/dana" not in page


def test_students_cannot_open_an_unpublished_profile(client, student):
    hidden = SpotlightProfileFactory(is_published=False)
    client.force_login(student)

    assert client.get(reverse("directory:profile", args=[hidden.pk])).status_code == 404


def test_a_volunteer_edits_their_own_profile(client, alumna):
    client.force_login(alumna)

    response = client.post(reverse("directory:edit_own_profile"), profile_form())

    assert response.status_code == 302
    profile = SpotlightProfile.objects.get(user=alumna)
    assert profile.topics == ["careers", "engineering"]
    assert profile.search_vector is not None


def test_a_wrong_linkedin_address_is_explained_and_the_rest_is_kept(client, alumna):
    client.force_login(alumna)

    response = client.post(
        reverse("directory:edit_own_profile"),
        profile_form(linkedin_url="https://evil.example/linkedin.com", job_title="Kept Title"),
    )

    assert response.context["form"].errors["linkedin_url"]
    assert 'value="Kept Title"' in response.content.decode()
    assert SpotlightProfile.objects.get(user=alumna).job_title == ""


def test_a_photo_is_resized_and_re_encoded(client, alumna):
    client.force_login(alumna)
    upload = SimpleUploadedFile("me.png", image_bytes(), content_type="image/png")

    client.post(reverse("directory:edit_own_profile"), profile_form(photo=upload))

    profile = SpotlightProfile.objects.get(user=alumna)
    with Image.open(profile.photo.open("rb")) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) <= 600


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not an image", "not a photo we can read"),
        (b"\x89PNG" + b"0" * (3 * 1024 * 1024 + 1), "larger than 3 MB"),
    ],
)
def test_a_bad_upload_is_refused_with_a_message(client, alumna, content, message):
    client.force_login(alumna)
    upload = SimpleUploadedFile("me.png", content, content_type="image/png")

    response = client.post(reverse("directory:edit_own_profile"), profile_form(photo=upload))

    assert message in " ".join(response.context["form"].errors["photo"])


def test_a_blackout_that_ends_before_it_starts_is_explained(client, alumna):
    client.force_login(alumna)
    data = profile_form(**{
        "away-TOTAL_FORMS": "1", "away-0-starts_on": "2027-01-10", "away-0-ends_on": "2027-01-01",
    })  # fmt: skip

    response = client.post(reverse("directory:edit_own_profile"), data)

    assert response.status_code == 200
    assert response.context["blackouts"].forms[0].errors["ends_on"]


def test_a_volunteer_sees_what_their_profile_is_missing(client, alumna):
    client.force_login(alumna)

    page = client.get(reverse("directory:alumni_home")).content.decode()

    assert "Still missing:" in page
    assert "a typical day" in page


def test_an_imported_profile_becomes_the_volunteers_own_when_they_join(alumna):
    imported = SpotlightProfileFactory(email=alumna.email.upper(), is_published=False)

    assert profile_for(alumna) == imported


def test_a_volunteer_cannot_see_another_volunteers_photo(client, alumna):
    other = SpotlightProfileFactory(photo="spotlight/x.jpg")
    client.force_login(alumna)

    assert client.get(reverse("directory:photo", args=[other.pk])).status_code == 404


def test_a_full_volunteer_shows_when_they_reopen(client, student):
    today = timezone.localdate()
    person = SpotlightProfileFactory(
        monthly_cap=1, month_request_count=1, counted_month=today.replace(day=1)
    )
    client.force_login(student)

    page = client.get(reverse("directory:profile", args=[person.pk])).content.decode()

    assert "Full for this month" in page
    assert "Reopens on 1 " in page


def test_suggestions_follow_the_students_interests_and_leave_out_the_full(student):
    finance = IndustryFactory(name="Finance", slug="finance")
    match = SpotlightProfileFactory(full_name="Match", industries=[finance])
    SpotlightProfileFactory(full_name="Other field")
    SpotlightProfileFactory(
        full_name="Full match", industries=[finance], monthly_cap=1, month_request_count=1,
        counted_month=timezone.localdate().replace(day=1),
    )  # fmt: skip
    profile = student_profile_for(student)
    profile.industries.set([finance])

    assert list(suggestions_for(profile)) == [match]


def test_suggestions_leave_out_people_already_contacted(student):
    finance = IndustryFactory(name="Finance", slug="finance")
    contacted = SpotlightProfileFactory(industries=[finance])
    profile = student_profile_for(student)
    profile.industries.set([finance])

    assert list(suggestions_for(profile, exclude_ids=[contacted.pk])) == []


def test_the_student_home_suggests_alumni(client, student):
    finance = IndustryFactory(name="Finance", slug="finance")
    SpotlightProfileFactory(full_name="Suggested Person", industries=[finance])
    student_profile_for(student).industries.set([finance])
    client.force_login(student)

    assert "Suggested Person" in client.get(reverse("students:home")).content.decode()


def test_a_student_who_already_asked_is_led_to_their_request(client, student):
    asked = InterviewRequestFactory(student=student)
    client.force_login(student)

    page = client.get(reverse("directory:profile", args=[asked.profile.pk])).content.decode()

    assert "See your request" in page
    assert reverse("interviews:detail", args=[asked.pk]) in page


def test_a_volunteer_sees_how_many_requests_wait_for_them(client, alumna):
    profile = profile_for(alumna)
    InterviewRequestFactory.create_batch(2, profile=profile)
    client.force_login(alumna)

    page = client.get(reverse("directory:alumni_home")).content.decode()

    assert "Your requests (2 waiting)" in page
