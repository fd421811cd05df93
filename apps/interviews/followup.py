"""What the student does after the conversation: notes, referrals and the thank-you note.

Each step opens at a point in the request's life (see OPENS_AT): notes once the interview is
scheduled, so they can be taken during the call; referrals and thanks once it was held.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.directory.models import SpotlightProfile
from apps.interviews import emails
from apps.interviews.clock import show_date
from apps.interviews.emails import first_name
from apps.interviews.lifecycle import complete_interview
from apps.interviews.models import InterviewNote, InterviewRequest, State, ThankYouNote
from apps.students.models import Contact, Relationship

NOTES, REFERRAL, THANK_YOU = "notes", "referral", "thank_you"
OPENS_AT = {
    NOTES: (State.SCHEDULED, State.COMPLETED),
    REFERRAL: (State.COMPLETED,),
    THANK_YOU: (State.COMPLETED,),
}
_NOT_YET = {
    NOTES: "Notes open once the interview is scheduled.",
    REFERRAL: "Once the interview is marked as held, you can note who else to talk to.",
    THANK_YOU: "Once the interview is marked as held, you can send your thank-you note.",
}


class FollowUpError(Exception):
    """A follow-up step that cannot be taken, with a message for the student."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def ensure_open(request: InterviewRequest, step: str) -> None:
    if request.state not in OPENS_AT[step]:
        raise FollowUpError(_NOT_YET[step])


def record_held(
    *, request: InterviewRequest, actor, now: datetime | None = None
) -> InterviewRequest:
    """Mark the interview as held and keep the volunteer in the student's networking log, so
    that the log is the student's whole record of people and conversations."""
    with transaction.atomic():
        held = complete_interview(request=request, actor=actor, now=now)
        profile = held.profile
        met_on = timezone.localtime(held.scheduled_start, ZoneInfo(held.student_time_zone)).date()
        contact, created = Contact.objects.get_or_create(
            student=held.student,
            spotlight_profile=profile,
            defaults={
                "name": profile.full_name,
                "organisation": profile.employer,
                "job_title": profile.job_title,
                "relationship": Relationship.DIRECTORY,
                "met_on": met_on,
                "conversation": held,
            },
        )
        if not created:
            contact.conversation = held
            contact.met_on = contact.met_on or met_on
            contact.save(update_fields=["conversation", "met_on", "updated_at"])
    return held


def save_notes(
    *, request: InterviewRequest, notes: str, learnings: str, advice: str
) -> InterviewNote:
    """The student's private notes on the conversation: created the first time, then updated."""
    ensure_open(request, NOTES)
    note, _ = InterviewNote.objects.update_or_create(
        request=request, defaults={"notes": notes, "learnings": learnings, "advice": advice}
    )
    return note


def add_referral(
    *,
    request: InterviewRequest,
    name: str,
    organisation: str = "",
    job_title: str = "",
    may_mention_referrer: bool = False,
    spotlight_profile: SpotlightProfile | None = None,
    notes: str = "",
) -> Contact:
    """Someone the volunteer suggested the student talk to, as a new lead in their log."""
    ensure_open(request, REFERRAL)
    referrer = request.profile.full_name.strip()
    contact = Contact(
        student_id=request.student_id,
        name=" ".join(name.split()),
        organisation=organisation.strip(),
        job_title=job_title.strip(),
        relationship=Relationship.REFERRAL,
        spotlight_profile=spotlight_profile,
        referred_in=request,
        referred_by_name=referrer,
        may_mention_referrer=may_mention_referrer and bool(referrer),
        notes=notes.strip(),
    )
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError:
        # The log keeps one entry per volunteer; the form offers only those not in it yet,
        # so this is a second tab or a double click.
        if spotlight_profile is None:
            raise
        raise FollowUpError(
            f"{spotlight_profile.full_name} is already in your networking log.",
            field="spotlight_profile",
        ) from None
    return contact


def send_thank_you(*, request: InterviewRequest, body: str, now=None) -> ThankYouNote:
    """Record the note and email it to the volunteer, together or not at all; once per request.

    Only `body` leaves Spotlight: the student's private notes are never part of the email.
    """
    ensure_open(request, THANK_YOU)
    now = now or timezone.now()
    profile = request.profile
    with transaction.atomic():
        try:
            with transaction.atomic():
                note = ThankYouNote.objects.create(request=request, body=body, sent_at=now)
        except IntegrityError:
            raise FollowUpError("You have already sent your thank-you note.") from None
        # The networking log shows thank-you notes sent; keep its entry for this volunteer true.
        Contact.objects.filter(
            student=request.student_id, spotlight_profile=profile, thank_you_sent_on__isnull=True
        ).update(thank_you_sent_on=timezone.localdate(now), updated_at=now)
        emails.queue_thank_you(request, body)
    return note


def thank_you_starter(request: InterviewRequest) -> str:
    """A first draft made of what the student wrote down about this conversation, for them
    to rewrite: their learnings, the advice they noted, the people suggested to them."""
    profile = request.profile
    note = InterviewNote.objects.filter(request=request).first() or InterviewNote()
    work = f"your work at {profile.employer}" if profile.employer else "your work"
    day = show_date(request.scheduled_start, request.student_time_zone)
    paragraphs = [
        f"Dear {first_name(profile.full_name, 'there')},",
        f"Thank you for taking the time to talk with me on {day} about {work}.",
    ]
    if note.learnings.strip():
        paragraphs.append(f"What I took away from our conversation: {_sentence(note.learnings)}")
    if note.advice.strip():
        paragraphs.append(f"I plan to act on your advice: {_sentence(note.advice)}")
    if not (note.learnings.strip() or note.advice.strip()) and note.notes.strip():
        first_line = note.notes.strip().splitlines()[0]
        paragraphs.append(f"I keep thinking about what you said: {_sentence(first_line)}")
    names = list(
        Contact.objects.filter(referred_in=request)
        .order_by("created_at", "pk")
        .values_list("name", flat=True)
    )
    if names:
        people = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
        paragraphs.append(f"Thank you as well for suggesting that I talk to {people}.")
    paragraphs.append("I will let you know how things go.")
    paragraphs.append(f"With thanks,\n{request.student.full_name or request.student.email}")
    return "\n\n".join(paragraphs)


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", "…")) else f"{text}."
