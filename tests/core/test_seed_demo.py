import pytest
from django.core.management import CommandError, call_command

from apps.accounts.models import Role, User
from apps.advising.services import current_advisor
from apps.core.management.commands.seed_demo import DEMO_PASSWORD, DEMO_PEOPLE
from apps.directory.models import SpotlightProfile
from apps.interviews.models import InterviewRequest, State

DEMO_ALUMNA = next(email for role, email, *_ in DEMO_PEOPLE if role == Role.ALUMNI)


@pytest.mark.django_db
def test_it_creates_one_person_of_each_role_who_can_sign_in(client, settings, capsys):
    settings.DEBUG = True

    call_command("seed_demo")

    printed = capsys.readouterr().out
    for role, email, _, _ in DEMO_PEOPLE:
        assert User.objects.get(email=email).role == role
        assert email in printed
        assert client.login(email=email, password=DEMO_PASSWORD)
    assert {role for role, *_ in DEMO_PEOPLE} == set(Role.values)


@pytest.mark.django_db
def test_the_demo_student_has_the_demo_advisor(settings):
    settings.DEBUG = True

    call_command("seed_demo")

    student = User.objects.get(role=Role.STUDENT)
    assert current_advisor(student) == User.objects.get(role=Role.ADVISOR)


@pytest.mark.django_db
def test_running_it_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    people = User.objects.count()
    volunteers = SpotlightProfile.objects.count()
    student = User.objects.get(role=Role.STUDENT)
    student.set_password("changed-by-the-developer")
    student.save()

    call_command("seed_demo")

    assert User.objects.count() == people
    assert SpotlightProfile.objects.count() == volunteers
    student.refresh_from_db()
    assert student.check_password("changed-by-the-developer")
    assert student.advisor_assignments.count() == 1


@pytest.mark.django_db
def test_it_refuses_to_create_public_logins_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo")

    assert not User.objects.exists()


@pytest.mark.django_db
def test_the_demo_directory_has_searchable_volunteers_one_of_them_the_demo_alumna(settings):
    settings.DEBUG = True

    call_command("seed_demo")

    alumna = User.objects.get(email=DEMO_ALUMNA)
    assert SpotlightProfile.objects.get(user=alumna).is_published
    published = SpotlightProfile.objects.filter(is_published=True, search_vector__isnull=False)
    assert published.count() >= 4


@pytest.mark.django_db
def test_the_demo_student_has_a_request_waiting_and_an_interview_held(settings):
    settings.DEBUG = True

    call_command("seed_demo")
    call_command("seed_demo")

    student = User.objects.get(role=Role.STUDENT)
    alumna = User.objects.get(email=DEMO_ALUMNA)
    requests = InterviewRequest.objects.filter(student=student)
    assert requests.count() == 2
    assert requests.get(profile__user=alumna).state == State.REQUESTED
    held = requests.get(state=State.COMPLETED)
    assert held.student_note.learnings
