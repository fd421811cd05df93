"""The emails of an interview request, queued in the outbox inside the change that causes them.

Each event has a stable key (below), so a service retried after a failure, or a change applied
twice, never writes a second email. Every time is shown on the reader's own clock.

Calendar invites: the "scheduled" emails carry an iCalendar REQUEST, and the emails that end a
meeting already in people's calendars carry a CANCEL. One UID per request, and SEQUENCE is
request.calendar_sequence, which lifecycle raises whenever an invite already sent changes, so
calendars update the entry they have. Each copy is written in its reader's time zone.

Who an invite lists: the directory promises volunteers that students never see their address,
and an attendee in an invite is an address. So the student's copy lists only the student (the
volunteer is named in the summary); the volunteer's copy lists both, as the student's address
is already theirs through Reply-To. The organizer is the career center.
"""

from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse

from apps.interviews.clock import show_date, show_time
from apps.interviews.models import (
    UNTOUCHED_FOR,
    Action,
    InterviewRequest,
    Party,
    ProposedTime,
    State,
)
from apps.interviews.tokens import LIFETIME, make_token
from apps.notifications.calendar import Method, build_invite
from apps.notifications.services import queue_email, render
from apps.students.models import StudentProfile

FORMAT_PHRASES = {"phone": "by phone", "video": "by video call", "in_person": "in person"}
# The invite's LOCATION until the volunteer gives the number, link or place.
LOCATION_TO_FOLLOW = {
    "phone": "Phone call — number to follow",
    "video": "Video call — link to follow",
    "in_person": "In person — place to follow",
}


# The links in the emails, one helper each. Mail already sent keeps these addresses for as long
# as people keep it, so the paths behind the names must not change (tests/interviews/
# test_emails.py pins them).
def student_page_url(request: InterviewRequest) -> str:
    return _site(reverse("interviews:detail", args=[request.pk]))


def inbox_page_url(request: InterviewRequest) -> str:
    return _site(reverse("inbox:detail", args=[request.pk]))


def reply_url(token: str) -> str:
    return _site(reverse("inbox:reply", args=[token]))


def request_url(request: InterviewRequest, reader: str) -> str:
    """The request's page for this reader: the student's, or the volunteer's in their inbox."""
    return student_page_url(request) if reader == Party.STUDENT else inbox_page_url(request)


def _site(path: str) -> str:
    return settings.SPOTLIGHT_BASE_URL + path


def request_received_context(request: InterviewRequest, *, times: list, decline_url: str) -> dict:
    """What the volunteer reads about a request: in its email, and in the request form's
    preview of a request not yet sent (which passes stand-in links)."""
    about = StudentProfile.objects.filter(user=request.student_id).first() or StudentProfile()
    detail = [about.major] if about.major else []
    if about.graduation_year:
        detail.append(f"class of {about.graduation_year}")
    return _people(request, Party.VOLUNTEER) | {
        "times": times,
        "decline_url": decline_url,
        "links_expire": show_date(request.created_at + LIFETIME, request.volunteer_time_zone),
        "waiting_days": UNTOUCHED_FOR.days,
        "student_detail": ", ".join(detail),
        "introduction": about.introduction,
        # An imported profile may not have an account yet: no page to sign in to.
        "has_account": request.profile.user_id is not None,
        "referrer": request.referred_by if request.may_mention_referrer else "",
    }


def queue_request_received(request: InterviewRequest) -> None:
    """To the volunteer: the request, and one-click links to accept a time or decline."""
    zone = request.volunteer_time_zone
    times = [
        {
            "label": show_time(time.starts_at, zone),
            "accept_url": reply_url(
                make_token(request=request, action=Action.ACCEPT, proposed_time=time)
            ),
        }
        for time in request.student_times()
    ]
    decline_url = reply_url(make_token(request=request, action=Action.DECLINE))
    context = request_received_context(request, times=times, decline_url=decline_url)
    _to_volunteer(
        request, "interview_request_received", f"interview:{request.pk}:received", context
    )


def queue_scheduled(request: InterviewRequest, *, accepted: bool) -> None:
    """To both: the interview is on. After an accept, the student's email is the answer."""
    key = f"interview:{request.pk}:scheduled:{request.calendar_sequence}"
    moved = request.calendar_sequence > 0
    student = _people(request, Party.STUDENT) | _when(request, Party.STUDENT, moved=moved)
    volunteer = _people(request, Party.VOLUNTEER) | _when(request, Party.VOLUNTEER, moved=moved)
    _to_student(
        request,
        "interview_accepted" if accepted else "interview_scheduled",
        key,
        student,
        calendar=calendar_invite(request, Party.STUDENT, Method.REQUEST),
    )
    _to_volunteer(
        request,
        "interview_scheduled",
        key,
        volunteer,
        calendar=calendar_invite(request, Party.VOLUNTEER, Method.REQUEST),
    )


def queue_time_proposed(
    request: InterviewRequest, offer: ProposedTime, *, note: str, moving: bool
) -> None:
    """To the student: the volunteer offers another time, to confirm."""
    context = _people(request, Party.STUDENT) | {
        "when": show_time(offer.starts_at, request.student_time_zone),
        "old_when": show_time(request.scheduled_start, request.student_time_zone) if moving else "",
        "moving": moving,
        "note": note,
    }
    key = f"interview:{request.pk}:time_proposed:{offer.pk}"
    _to_student(request, "interview_time_proposed", key, context)


def queue_declined(request: InterviewRequest) -> None:
    suggested = request.suggested_profile
    context = _people(request, Party.STUDENT) | {
        "suggested_name": suggested.full_name if suggested else "",
        "suggested_url": _site(reverse("directory:profile", args=[suggested.pk]))
        if suggested
        else "",
        "withdraws_invite": _has_invite(request),
    }
    _to_student(
        request,
        "interview_declined",
        f"interview:{request.pk}:declined",
        context,
        calendar=_withdrawal(request, Party.STUDENT),
    )
    _withdraw_from_volunteer(request, declined=True)


def queue_thank_you(request: InterviewRequest, body: str) -> None:
    """To the volunteer: the student's thank-you note, and only what the student wrote in it."""
    student = request.student
    context = {
        "request": request,
        "body": body,
        "volunteer_first_name": first_name(request.profile.full_name, "there"),
        "student_name": student_name(student),
        "student_first_name": first_name(student.full_name, "the student"),
        "day": show_date(request.scheduled_start, request.volunteer_time_zone),
    }
    _to_volunteer(request, "interview_thank_you", f"interview:{request.pk}:thanks", context)


def queue_cancelled(request: InterviewRequest, *, by: str, note: str, was: str) -> None:
    """To both: the interview is off. The person who cancelled gets a confirmation.

    A request the student withdrew within the grace period is confirmed to the student only.
    """
    key = f"interview:{request.pk}:cancelled"
    quietly = request.is_withdrawn_in_grace
    for reader in (Party.STUDENT,) if quietly else (Party.STUDENT, Party.VOLUNTEER):
        context = _people(request, reader) | {
            "by_reader": by == reader,
            "quietly": quietly,
            "note": note,
            "when": show_time(request.scheduled_start, _zone(request, reader))
            if was == State.SCHEDULED
            else "",
            "withdraws_invite": _has_invite(request),
        }
        send = _to_student if reader == Party.STUDENT else _to_volunteer
        send(request, "interview_cancelled", key, context, calendar=_withdrawal(request, reader))


def queue_expired(request: InterviewRequest, *, was: str) -> None:
    context = _people(request, Party.STUDENT) | {
        "waited_for_student": was == State.TIME_PROPOSED,
        "waiting_days": UNTOUCHED_FOR.days,
        "withdraws_invite": _has_invite(request),
    }
    _to_student(
        request,
        "interview_expired",
        f"interview:{request.pk}:expired",
        context,
        calendar=_withdrawal(request, Party.STUDENT),
    )
    _withdraw_from_volunteer(request, declined=False)


def _withdraw_from_volunteer(request: InterviewRequest, *, declined: bool) -> None:
    """A scheduled interview the volunteer offered to move, then declined or saw expire, is still
    in their calendar: take it out. (A cancellation already tells both people.)"""
    if not _has_invite(request):
        return
    context = _people(request, Party.VOLUNTEER) | {
        "declined": declined,
        "when": show_time(request.scheduled_start, request.volunteer_time_zone),
    }
    _to_volunteer(
        request,
        "interview_withdrawn",
        f"interview:{request.pk}:withdrawn",
        context,
        calendar=_withdrawal(request, Party.VOLUNTEER),
    )


# --- Calendar invites ------------------------------------------------------------------------


def calendar_uid(request: InterviewRequest) -> str:
    return f"interview-{request.pk}@{urlsplit(settings.SPOTLIGHT_BASE_URL).hostname}"


def calendar_invite(request: InterviewRequest, reader: str, method: str) -> str:
    """The reader's copy of the meeting at request.scheduled_start, on the reader's clock."""
    student, profile = request.student, request.profile
    name = student_name(student)
    attendees = [(student.full_name, student.email)]
    if reader == Party.VOLUNTEER:
        attendees.append((profile.full_name, volunteer_address(request)))
    return build_invite(
        uid=calendar_uid(request),
        sequence=request.calendar_sequence,
        method=method,
        starts_at=request.scheduled_start,
        minutes=request.minutes,
        time_zone=_zone(request, reader),
        summary=f"Informational interview: {name} and {profile.full_name}",
        description=_invite_description(request, reader, method),
        location_or_link=request.meeting_details.strip()
        or LOCATION_TO_FOLLOW.get(request.format, "To be agreed"),
        organizer=_career_center(),
        attendees=attendees,
    )


def _invite_description(request: InterviewRequest, reader: str, method: str) -> str:
    how = FORMAT_PHRASES.get(request.format, "")
    parts = [
        f"A {request.minutes}-minute informational interview {how}, arranged through "
        f"{settings.SPOTLIGHT_SITE_NAME}."
    ]
    if request.purpose.strip():
        learner = first_name(request.student.full_name, "the student")
        parts.append(f"What {learner} hopes to learn:\n{request.purpose.strip()}")
    if method == Method.REQUEST:
        parts.append(_how_to_change(request, reader))
    else:
        parts.append(f"The request: {request_url(request, reader)}")
    return "\n\n".join(parts)


def _how_to_change(request: InterviewRequest, reader: str) -> str:
    """The organizer is the career center's address, so an answer from the calendar reaches no
    one: say where a change does reach the other person. Only the volunteer can move a meeting."""
    if reader == Party.STUDENT:
        other, change = first_name(request.profile.full_name, "the volunteer"), "cancel"
    else:
        other, change = first_name(request.student.full_name, "the student"), "move or cancel"
    return (
        f"Accepting or declining this invitation in your calendar does not tell {other}. "
        f"To {change} the interview, use the request's page: {request_url(request, reader)}"
    )


def _has_invite(request: InterviewRequest) -> bool:
    """Whether an invite went out: it did once the request was scheduled, and the agreed start
    stays set through a proposal to move it, so this holds until the meeting is withdrawn."""
    return request.scheduled_start is not None


def _withdrawal(request: InterviewRequest, reader: str) -> str:
    """The CANCEL that takes the meeting out of the reader's calendar, if it is there."""
    return calendar_invite(request, reader, Method.CANCEL) if _has_invite(request) else ""


def _career_center() -> tuple[str, str]:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return (name or settings.SPOTLIGHT_SITE_NAME, address)


def volunteer_address(request: InterviewRequest) -> str:
    """Where the volunteer's emails go, so also how their calendar knows them in an invite."""
    return request.profile.email


# --- Shared parts ----------------------------------------------------------------------------


def _zone(request: InterviewRequest, reader: str) -> str:
    return request.student_time_zone if reader == Party.STUDENT else request.volunteer_time_zone


def student_name(student) -> str:
    """As emails and exports name a student; never the email address, which volunteers do not
    see."""
    return student.full_name or "A student"


def first_name(full_name: str, fallback: str) -> str:
    return full_name.split()[0] if full_name.strip() else fallback


def _people(request: InterviewRequest, reader: str) -> dict:
    student, profile = request.student, request.profile
    name = student_name(student)
    names = {
        "student_name": name,
        "student_first_name": first_name(student.full_name, "the student"),
        "volunteer_name": profile.full_name,
        "volunteer_first_name": first_name(profile.full_name, "the volunteer"),
    }
    is_student = reader == Party.STUDENT
    return names | {
        "request": request,
        "reader": str(reader),
        "reader_first_name": names["student_first_name" if is_student else "volunteer_first_name"],
        "other_name": profile.full_name if is_student else name,
        "other_first_name": names["volunteer_first_name" if is_student else "student_first_name"],
        "student_email": student.email,
        "format_phrase": FORMAT_PHRASES.get(request.format, ""),
        # An unsent request (the request form's preview of this email) has no page yet.
        "request_url": request_url(request, reader) if request.pk else "",
        "volunteer_profile_url": _site(reverse("directory:profile", args=[profile.pk])),
        "directory_url": _site(reverse("directory:search")),
        "profile_settings_url": _site(reverse("directory:edit_own_profile")),
    }


def _when(request: InterviewRequest, reader: str, *, moved: bool) -> dict:
    return {"when": show_time(request.scheduled_start, _zone(request, reader)), "moved": moved}


def _to_student(
    request: InterviewRequest, template: str, key: str, context: dict, *, calendar: str = ""
) -> None:
    queue_email(
        event=template,
        key=key,
        to=request.student.email,
        name=request.student.full_name,
        reply_to=settings.SPOTLIGHT_REPLY_TO_EMAIL,
        content=render(template, context),
        about=request,
        calendar=calendar,
    )


def _to_volunteer(
    request: InterviewRequest, template: str, key: str, context: dict, *, calendar: str = ""
) -> None:
    # Replies go to the student, so that the two can settle the details (the call link, the
    # place); the volunteer's own address is never shown to students by Spotlight itself.
    queue_email(
        event=template,
        key=key,
        to=volunteer_address(request),
        name=request.profile.full_name,
        reply_to=request.student.email,
        content=render(template, context),
        about=request,
        calendar=calendar,
    )
