"""Demo interview requests for the run command's demo data set (idempotent).

The demo student has one request waiting in the demo alumna's inbox, and one interview held
two weeks ago with notes, so every page of the path from asking to thanking has something on it.
"""

import uuid
from datetime import datetime, timedelta

from django.utils import timezone

from apps.accounts.models import User
from apps.directory.models import SpotlightProfile
from apps.interviews import lifecycle, services, tokens
from apps.interviews.models import Action, InterviewNote, InterviewRequest, Question

PURPOSE = (
    "I am a second-year student weighing a career as a {title} and your path to {employer} "
    "stood out to me. I would like to hear what a typical week looks like for you, which "
    "skills you use most, and what you wish you had known before your first role there."
)


def seed(*, student: User, alumna: User) -> None:
    if InterviewRequest.objects.filter(student=student).exists():
        return
    if not student.time_zone:
        student.time_zone = "America/New_York"
        student.save(update_fields=["time_zone"])
    waiting = SpotlightProfile.objects.get(user=alumna)
    held = SpotlightProfile.objects.filter(is_published=True).exclude(user=alumna).first()
    _ask(student, waiting, now=timezone.now())
    if held is not None:
        _hold(student, held, asked=timezone.now() - timedelta(days=14))


def _ask(student: User, profile: SpotlightProfile, *, now: datetime) -> InterviewRequest:
    day = timezone.localtime(now).replace(hour=15, minute=0, second=0, microsecond=0)
    bank = Question.objects.filter(is_active=True).values_list("text", flat=True)
    questions = list(bank[:3]) or ["What does a typical week look like for you?"]
    return services.send_request(
        student=student,
        profile=profile,
        purpose=PURPOSE.format(title=profile.job_title.lower(), employer=profile.employer),
        questions=questions,
        format=profile.formats[0] if profile.formats else "video",
        minutes=profile.preferred_minutes,
        times=[day + timedelta(days=3), day + timedelta(days=4, hours=1)],
        submission_key=uuid.uuid4(),
        now=now,
    )


def _hold(student: User, profile: SpotlightProfile, *, asked: datetime) -> None:
    """A request the volunteer accepted from the email and the student has marked as held."""
    request = _ask(student, profile, now=asked)
    first_time = request.student_times()[0]
    link = tokens.make_token(request=request, action=Action.ACCEPT, proposed_time=first_time)
    services.reply_by_link(token=link, now=asked + timedelta(days=1))
    request.refresh_from_db()
    lifecycle.complete_interview(
        request=request, actor=student, now=first_time.starts_at + timedelta(hours=1)
    )
    InterviewNote.objects.create(
        request=request,
        notes="Credit analysis is half numbers, half conversations with clients.",
        learnings="Most analysts start in a rotation programme; Excel and writing matter most.",
        advice="Take the accounting elective and join the investment club.",
    )
