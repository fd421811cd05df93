"""Interview requests in a person's account export, and what their account deletion does to them.

Registered with apps/accounts/personal_data.py in InterviewsConfig.ready(). Either person's
deletion first cancels their open requests through lifecycle.cancel_request, so the other
person is told and the meeting leaves both calendars, exactly as if they had cancelled by hand.
The rows themselves stay, emptied of what the departing person wrote: the other person's record
of the conversation, and the anonymous counts advisors and staff see, must not change.
"""

from django.db.models import Q

from apps.accounts.models import User
from apps.accounts.personal_data import plain
from apps.interviews import lifecycle
from apps.interviews.emails import student_name
from apps.interviews.models import InterviewNote, InterviewRequest, ThankYouNote, Transition


def export_personal_data(user: User) -> dict:
    sent = _requests().filter(student=user).select_related("student_note")
    received = _requests().filter(profile__user=user)
    return {
        "requests_sent": [_as_sent(request) for request in sent],
        "requests_received": [_as_received(request) for request in received],
    }


def erase_personal_data(user: User) -> None:
    """Cancel the person's open requests, then blank what they wrote.

    Called by accounts.services.delete_account inside its transaction, so a failure here keeps
    the account as it was.
    """
    _cancel_open_requests(user)
    InterviewRequest.objects.filter(student=user).update(
        purpose="", questions=[], referred_by="", may_mention_referrer=False
    )
    InterviewNote.objects.filter(request__student=user).update(notes="", learnings="", advice="")
    ThankYouNote.objects.filter(request__student=user).update(body="")
    # The volunteer's side: their decline note, and how to meet (often a personal number).
    InterviewRequest.objects.filter(profile__user=user).update(decline_note="", meeting_details="")
    # Notes on the timeline: what the person wrote when they acted, signed in or (a volunteer)
    # through an emailed link.
    Transition.objects.filter(
        Q(actor=user) | Q(via_link=True, request__profile__user=user)
    ).exclude(note="").update(note="")


def _cancel_open_requests(user: User) -> None:
    # Locked first: an answer arriving meanwhile (a one-click accept) waits for the deletion
    # and then finds the request cancelled, instead of scheduling a meeting with nobody.
    open_requests = (
        InterviewRequest.objects.open()
        .filter(Q(student=user) | Q(profile__user=user))
        .select_related("student", "profile")
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    for request in open_requests:
        lifecycle.cancel_request(request=request, actor=user)


# --- The export ------------------------------------------------------------------------------


def _requests():
    return (
        InterviewRequest.objects.select_related("student", "profile", "thank_you")
        .prefetch_related("proposed_times", "transitions")
        .order_by("created_at", "pk")
    )


def _as_sent(request: InterviewRequest) -> dict:
    note = getattr(request, "student_note", None)
    return {
        "volunteer": request.profile.full_name,
        "referred_by": request.referred_by,
        **_shared(request),
        "my_notes": (
            {"notes": note.notes, "learnings": note.learnings, "advice": note.advice}
            if note
            else None
        ),
    }


def _as_received(request: InterviewRequest) -> dict:
    # The student's private notes (InterviewNote) are theirs alone and stay out of this.
    return {
        "student": student_name(request.student),
        "referred_by": request.referred_by if request.may_mention_referrer else "",
        **_shared(request),
    }


def _shared(request: InterviewRequest) -> dict:
    thank_you = getattr(request, "thank_you", None)
    return {
        "state": request.get_state_display(),
        "purpose": request.purpose,
        "questions": list(request.questions),
        "format": request.get_format_display(),
        "minutes": request.minutes,
        "times_offered": [
            {"starts_at": plain(time.starts_at), "offered_by": time.get_proposed_by_display()}
            for time in request.proposed_times.all()
        ],
        "scheduled_start": plain(request.scheduled_start),
        "how_to_meet": request.meeting_details,
        "decline_note": request.decline_note,
        "sent_at": plain(request.created_at),
        "timeline": [
            {"what": step.get_action_display(), "at": plain(step.at), "note": step.note}
            for step in request.transitions.all()
        ],
        "thank_you": (
            {"body": thank_you.body, "sent_at": plain(thank_you.sent_at)} if thank_you else None
        ),
    }
