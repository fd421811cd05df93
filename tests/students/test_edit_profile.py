from datetime import date

import pytest
from django.urls import reverse

from apps.students.forms import count_sentences
from apps.students.services import profile_for

pytestmark = pytest.mark.django_db

PROFILE = {
    "major": "Biology",
    "graduation_year": str(date.today().year + 1),
    "goals": "Work in public health.",
    "introduction": "I'm a junior in biology. I want to learn how people move into public health.",
    "time_zone": "America/Chicago",
}


def test_a_student_saves_an_introduction_and_a_time_zone(client, student):
    client.force_login(student)

    response = client.post(reverse("students:edit_profile"), PROFILE)

    assert response.status_code == 302
    assert profile_for(student).introduction == PROFILE["introduction"]
    student.refresh_from_db()
    assert student.time_zone == "America/Chicago"


def test_the_form_shows_the_time_zone_already_on_the_account(client, student):
    student.time_zone = "Asia/Tokyo"
    student.save(update_fields=["time_zone"])
    client.force_login(student)

    response = client.get(reverse("students:edit_profile"))

    assert response.context["form"]["time_zone"].value() == "Asia/Tokyo"
    assert '<option value="Asia/Tokyo" selected>' in response.content.decode()


def test_an_introduction_of_four_sentences_is_refused_and_nothing_is_saved(client, student):
    client.force_login(student)
    long_story = "I study biology. I like labs. I volunteer at a clinic. I want to learn more."

    response = client.post(
        reverse("students:edit_profile"), {**PROFILE, "introduction": long_story}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["introduction"] == [
        "Keep your introduction to two or three sentences; this one has 4."
    ]
    page = response.content.decode()
    assert "I volunteer at a clinic." in page
    assert 'value="Biology"' in page
    assert profile_for(student).major == ""
    student.refresh_from_db()
    assert student.time_zone == ""


def test_an_introduction_longer_than_400_characters_is_refused(client, student):
    client.force_login(student)

    response = client.post(
        reverse("students:edit_profile"), {**PROFILE, "introduction": "word " * 100}
    )

    assert "introduction" in response.context["form"].errors
    assert profile_for(student).introduction == ""


def test_an_unknown_time_zone_is_refused_and_the_rest_is_kept(client, student):
    client.force_login(student)

    response = client.post(reverse("students:edit_profile"), {**PROFILE, "time_zone": "Mars/Base"})

    assert "time_zone" in response.context["form"].errors
    assert 'value="Biology"' in response.content.decode()
    student.refresh_from_db()
    assert student.time_zone == ""


def test_an_empty_time_zone_means_the_career_centers(client, student):
    student.time_zone = "Asia/Tokyo"
    student.save(update_fields=["time_zone"])
    client.force_login(student)

    client.post(reverse("students:edit_profile"), {**PROFILE, "time_zone": ""})

    student.refresh_from_db()
    assert student.time_zone == ""


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("", 0),
        ("Just a fragment", 1),
        ("I study biology. I want to learn about public health!", 2),
        ("I have a B.A. in economics. Now I study law.", 2),
        ("Dr. Okafor suggested I ask, e.g. about policy work. Is that okay?", 2),
        ("One. Two. Three. Four", 4),
        ("My GPA is 3.9 and I like R.", 1),
    ],
)
def test_sentences_are_counted_without_tripping_on_initials_and_abbreviations(text, sentences):
    assert count_sentences(text) == sentences
