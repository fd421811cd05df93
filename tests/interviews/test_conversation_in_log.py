"""A conversation held through Spotlight lands in the student's networking log."""

from datetime import timedelta

import pytest
from django.urls import reverse

from apps.students.models import Contact, Relationship
from tests.interviews.conftest import send
from tests.interviews.student_helpers import schedule

pytestmark = pytest.mark.django_db


def mark_held(client, asker, request, clock):
    clock.move_to(request.scheduled_start + timedelta(minutes=30))
    client.force_login(asker)
    return client.post(reverse("interviews:complete", args=[request.pk]))


def test_marking_an_interview_held_puts_the_volunteer_in_the_networking_log(
    client, asker, sent, volunteer, clock
):
    schedule(sent, volunteer)

    mark_held(client, asker, sent, clock)

    contact = Contact.objects.get(student=asker)
    assert contact.name == "Priya Raman"
    assert contact.organisation == "Fabrikam Bank"
    assert contact.relationship == Relationship.DIRECTORY
    assert contact.conversation == sent
    assert contact.met_on == sent.scheduled_start.astimezone(asker_zone(asker)).date()
    page = client.get(reverse("students:log")).content.decode()
    assert reverse("interviews:detail", args=[sent.pk]) in page


def test_a_volunteer_already_in_the_log_is_not_added_twice(client, asker, sent, volunteer, clock):
    Contact.objects.create(
        student=asker,
        name="Priya R.",
        relationship=Relationship.EVENT,
        spotlight_profile=sent.profile,
        notes="Met at a fair.",
    )
    schedule(sent, volunteer)

    mark_held(client, asker, sent, clock)

    contact = Contact.objects.get(student=asker)
    assert contact.name == "Priya R."
    assert contact.relationship == Relationship.EVENT
    assert contact.notes == "Met at a fair."
    assert contact.conversation == sent


def test_a_second_conversation_with_the_same_volunteer_updates_the_entry(
    client, asker, sent, volunteer, clock, profile
):
    schedule(sent, volunteer)
    mark_held(client, asker, sent, clock)
    later = sent.scheduled_start + timedelta(days=3)
    again = send(asker, profile, times=[later, later + timedelta(days=1)])
    schedule(again, volunteer)

    mark_held(client, asker, again, clock)

    contact = Contact.objects.get(student=asker)
    assert contact.conversation == again
    assert contact.met_on == sent.scheduled_start.astimezone(asker_zone(asker)).date()


def asker_zone(asker):
    from zoneinfo import ZoneInfo

    return ZoneInfo(asker.time_zone)
