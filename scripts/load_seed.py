"""The people of a load run, written through the factories and the interview services: students,
volunteers with published spotlight profiles and room for many requests, a question bank, and
for each student interviews that were scheduled days ago, ready to be marked held and thanked
for. Needs Django set up (load_run does that)."""

from dataclasses import dataclass, field
from datetime import timedelta

EMPLOYERS = ["Northpine Health", "Fabrikam Bank", "Contoso Energy", "Tailspin Studios"]
TITLES = ["Data Analyst", "Product Manager", "Nurse Practitioner", "Software Engineer"]
TOPICS = ["changing careers", "first job", "graduate school", "working abroad", "data"]
PASSWORD = "load-run-password-not-secret"  # noqa: S105 - throwaway accounts
SCHEDULED_PER_STUDENT = 2


@dataclass
class Cast:
    students: list[str]
    volunteers: list[str]
    probe: str
    profile_ids: list[int]
    # Each student's interviews whose time has passed, still to be marked held.
    to_hold: dict[str, list[int]] = field(default_factory=dict)
    # Outbox rows up to this id come from seeding and are not part of the run.
    last_seed_email: int = 0


def purpose_for(employer: str, title: str) -> str:
    return (
        f"You moved into your role as {title} at {employer} after your degree, and I am a "
        "junior weighing a similar path. I would like to understand which skills carried "
        "over from your studies, what surprised you in your first year, and how you prepared "
        "for the change."
    )


def seed(students: int, volunteers: int) -> Cast:
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from apps.accounts.models import User
    from apps.interviews.models import Question
    from apps.notifications.models import Email
    from tests import factories

    if not Question.objects.filter(is_active=True).exists():
        factories.QuestionFactory.create_batch(5)
    profiles = [
        factories.SpotlightProfileFactory(
            user=factories.AlumniFactory(email=f"volunteer{n}@alumni.example.org", password=None),
            email=f"volunteer{n}@alumni.example.org",
            employer=EMPLOYERS[n % len(EMPLOYERS)],
            job_title=TITLES[n % len(TITLES)],
            topics=[TOPICS[n % len(TOPICS)], TOPICS[(n + 1) % len(TOPICS)]],
            formats=["video", "phone"],
            monthly_cap=50,
            story_path="From a first job in operations to where I am now, by evening classes.",
        )
        for n in range(volunteers)
    ]
    people = [
        factories.StudentFactory(email=f"student{n}@example.edu", password=None)
        for n in range(students + 1)
    ]
    # One hash for everyone: hashing the password 70 times would take most of a minute.
    accounts = [profile.user_id for profile in profiles] + [person.pk for person in people]
    User.objects.filter(pk__in=accounts).update(password=make_password(PASSWORD))
    cast = Cast(
        students=[person.email for person in people[:-1]],
        volunteers=[profile.email for profile in profiles],
        probe=people[-1].email,
        profile_ids=[profile.pk for profile in profiles],
    )
    past = timezone.now() - timedelta(days=10)
    for number, student in enumerate(people[:-1]):
        cast.to_hold[student.email] = [
            _scheduled_in_the_past(student, profiles[(number + k) % len(profiles)], past)
            for k in range(min(SCHEDULED_PER_STUDENT, len(profiles)))
        ]
    # Seeding's own mail is history, not part of the run: the worker is not running yet.
    cast.last_seed_email = Email.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    Email.objects.filter(pk__lte=cast.last_seed_email).update(status="sent", sent_at=past)
    return cast


def _scheduled_in_the_past(student, profile, past) -> int:
    import uuid

    from apps.interviews import services
    from apps.interviews.models import Question

    question = Question.objects.filter(is_active=True).first()
    request = services.send_request(
        student=student,
        profile=profile,
        purpose=purpose_for(profile.employer, profile.job_title),
        questions=[question.text],
        format="video",
        minutes=20,
        times=[past + timedelta(days=3), past + timedelta(days=4)],
        submission_key=uuid.uuid4(),
        now=past,
    )
    services.accept_request(
        request=request,
        proposed_time=request.student_times()[0],
        actor=profile.user,
        now=past + timedelta(days=1),
    )
    return request.pk
