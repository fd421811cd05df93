"""Informational interview requests: the ask, the times offered, and every change of state.

The state machine itself (which action leads from which state to which) is in lifecycle.py;
these models only hold the rows and the constraints the database can keep for us.
"""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from apps.directory.models import Format, SpotlightProfile

MIN_MINUTES = 10
MAX_MINUTES = 30
# A request waiting this long for its next step expires (lifecycle.expiry_due).
UNTOUCHED_FOR = timedelta(days=14)


def cancel_grace() -> timedelta:
    """How soon after sending a student may still withdraw a request quietly (see
    lifecycle.cancel_request)."""
    return timedelta(minutes=settings.SPOTLIGHT_CANCEL_GRACE_MINUTES)


class Question(models.Model):
    """A question from the bank staff maintain, offered to students preparing a request."""

    text = models.CharField(max_length=300)
    topic = models.CharField(max_length=80, blank=True)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class SlowPeriodQuerySet(models.QuerySet):
    def covering(self, day) -> "SlowPeriodQuerySet":
        return self.filter(starts_on__lte=day, ends_on__gte=day)


class SlowPeriod(models.Model):
    """A stretch of the academic calendar (exams, holidays, breaks) when replies come slowly."""

    name = models.CharField(max_length=100)
    starts_on = models.DateField()
    ends_on = models.DateField()

    objects = SlowPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]
        indexes = [models.Index(fields=["ends_on", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="slow_period_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on} to {self.ends_on})"


class State(models.TextChoices):
    REQUESTED = "requested", "Waiting for an answer"
    TIME_PROPOSED = "time_proposed", "New time proposed"
    SCHEDULED = "scheduled", "Scheduled"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"
    CANCELLED_BY_STUDENT = "cancelled_by_student", "Cancelled by the student"
    CANCELLED_BY_VOLUNTEER = "cancelled_by_volunteer", "Cancelled by the volunteer"
    COMPLETED = "completed", "Held"
    NO_SHOW = "no_show", "Missed"


# Open requests still need someone to act; a student has at most one open request per volunteer.
OPEN_STATES = [State.REQUESTED, State.TIME_PROPOSED, State.SCHEDULED]
# States in which a meeting time has been agreed, so `scheduled_start` is set.
TIMED_STATES = [State.SCHEDULED, State.COMPLETED, State.NO_SHOW]


class Action(models.TextChoices):
    SEND = "send", "Sent the request"
    ACCEPT = "accept", "Accepted a time"
    PROPOSE_TIME = "propose_time", "Proposed another time"
    CONFIRM_TIME = "confirm_time", "Confirmed the new time"
    DECLINE = "decline", "Declined"
    CANCEL_BY_STUDENT = "cancel_by_student", "Cancelled (student)"
    CANCEL_BY_VOLUNTEER = "cancel_by_volunteer", "Cancelled (volunteer)"
    EXPIRE = "expire", "Expired"
    COMPLETE = "complete", "Marked as held"
    NO_SHOW = "no_show", "Marked as missed"


class Party(models.TextChoices):
    STUDENT = "student", "Student"
    VOLUNTEER = "volunteer", "Volunteer"


class InterviewRequestQuerySet(models.QuerySet):
    def for_student(self, user) -> "InterviewRequestQuerySet":
        return self.filter(student=user)

    def for_volunteer(self, user) -> "InterviewRequestQuerySet":
        return self.filter(profile__user=user)

    def open(self) -> "InterviewRequestQuerySet":
        return self.filter(state__in=OPEN_STATES)


class InterviewRequest(models.Model):
    """A student's request for a short informational interview with one volunteer."""

    # PROTECT: accounts are never deleted, only anonymised (accounts.services.delete_account),
    # so this only stops a hard delete from silently erasing the volunteer's and the advisor's
    # record of interviews held.
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interview_requests"
    )
    profile = models.ForeignKey(
        SpotlightProfile, on_delete=models.PROTECT, related_name="interview_requests"
    )
    state = models.CharField(max_length=24, choices=State.choices, default=State.REQUESTED)
    purpose = models.TextField(help_text="Why this person, and what the student wants to learn.")
    questions = ArrayField(models.TextField(), default=list, blank=True)
    format = models.CharField(max_length=10, choices=Format.choices)
    minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_MINUTES), MaxValueValidator(MAX_MINUTES)]
    )
    referred_by = models.CharField(max_length=150, blank=True)
    may_mention_referrer = models.BooleanField(default=False)
    # IANA names captured when the request is made, so every email shows each person's own
    # clock even if they later change their settings mid-conversation.
    student_time_zone = models.CharField(max_length=64)
    volunteer_time_zone = models.CharField(max_length=64)
    # The agreed start; kept while a new time is being proposed, as the last time agreed.
    scheduled_start = models.DateTimeField(null=True, blank=True)
    decline_note = models.TextField(blank=True)
    # Set by the volunteer when they accept or propose a time; shown to both and in the invite.
    meeting_details = models.CharField(
        "how to meet",
        max_length=300,
        blank=True,
        help_text="A phone number, a video call link or a place.",
    )
    suggested_profile = models.ForeignKey(
        SpotlightProfile,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggested_in_requests",
    )
    # iCalendar SEQUENCE of the meeting: goes up with every change to an invite already sent.
    calendar_sequence = models.PositiveIntegerField(default=0)
    # Cancelled by the student within cancel_grace() of sending, before any answer: it gave
    # back its place under the volunteer's monthly cap, and the volunteer was told nothing more.
    is_withdrawn_in_grace = models.BooleanField(default=False)
    # Carried by the request form, so that a double submission creates one request.
    submission_key = models.UUIDField(unique=True, default=uuid.uuid4)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    state_changed_at = models.DateTimeField(default=timezone.now)

    objects = InterviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["profile", "state"], name="interview_profile_state"),
            models.Index(fields=["student", "state"], name="interview_student_state"),
            # Scheduled interviews by start time (for interview reminders; none are sent yet).
            models.Index(fields=["state", "scheduled_start"], name="interview_state_start"),
            # The expiry scan: requests still waiting for someone, oldest change first.
            models.Index(
                fields=["state_changed_at"],
                condition=Q(state__in=[State.REQUESTED, State.TIME_PROPOSED]),
                name="interview_waiting",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "profile"],
                condition=Q(state__in=OPEN_STATES),
                name="interview_one_open_per_pair",
            ),
            models.CheckConstraint(
                condition=Q(state__in=State.values), name="interview_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(format__in=Format.values), name="interview_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_MINUTES, minutes__lte=MAX_MINUTES),
                name="interview_minutes_10_to_30",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=TIMED_STATES) | Q(scheduled_start__isnull=False),
                name="interview_scheduled_has_start",
            ),
            models.CheckConstraint(
                condition=Q(suggested_profile__isnull=True) | ~Q(suggested_profile=F("profile")),
                name="interview_suggests_someone_else",
            ),
            models.CheckConstraint(
                condition=Q(is_withdrawn_in_grace=False) | Q(state=State.CANCELLED_BY_STUDENT),
                name="interview_withdrawn_by_student",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.profile} ({self.get_state_display()})"

    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def grace_ends_at(self) -> datetime:
        return self.created_at + cancel_grace()

    def can_withdraw_quietly(self, now: datetime | None = None) -> bool:
        """Whether the student can still cancel without the volunteer hearing any more of it:
        soon after sending, while it waits for the volunteer's first answer."""
        return self.state == State.REQUESTED and (now or timezone.now()) < self.grace_ends_at()

    def student_times(self) -> list["ProposedTime"]:
        return [t for t in self.proposed_times.all() if t.proposed_by == Party.STUDENT]

    def latest_offer(self) -> "ProposedTime | None":
        """The volunteer's most recent counter-proposal, which the student may confirm."""
        return self.proposed_times.filter(proposed_by=Party.VOLUNTEER).order_by("-position").first()


class ProposedTime(models.Model):
    """A start time offered: the student's two or three, or a volunteer's counter-proposal."""

    request = models.ForeignKey(
        InterviewRequest, on_delete=models.CASCADE, related_name="proposed_times"
    )
    starts_at = models.DateTimeField()
    proposed_by = models.CharField(max_length=10, choices=Party.choices)
    # Order of offering: the student's times first, then each counter-proposal after them.
    position = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "position"], name="proposed_time_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(proposed_by__in=Party.values), name="proposed_time_party_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M %Z} ({self.get_proposed_by_display()})"


class Transition(models.Model):
    """One change of a request's state: together they are the request's timeline."""

    request = models.ForeignKey(
        InterviewRequest, on_delete=models.CASCADE, related_name="transitions"
    )
    # Empty for the first row, which records the request being sent.
    from_state = models.CharField(max_length=24, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=24, choices=State.choices)
    action = models.CharField(max_length=24, choices=Action.choices)
    # Empty when done through an emailed one-click link (via_link) or by the system (expiry).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    via_link = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["request", "at"], name="transition_request_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_state__in=State.values)
                & (Q(from_state="") | Q(from_state__in=State.values))
                & Q(action__in=Action.values),
                name="transition_values_valid",
            ),
            models.CheckConstraint(
                condition=Q(via_link=False) | Q(actor__isnull=True),
                name="transition_link_has_no_actor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"


class UsedToken(models.Model):
    """The nonce of a one-click link that has been used: each link works once."""

    nonce = models.CharField(max_length=64, unique=True)
    request = models.ForeignKey(InterviewRequest, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=24, choices=Action.choices)
    used_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.action} link for request {self.request_id}"


class InterviewNote(models.Model):
    """What the student wrote down about the conversation: private to them; neither the
    volunteer nor their advisor sees it."""

    request = models.OneToOneField(
        InterviewRequest, on_delete=models.CASCADE, related_name="student_note"
    )
    notes = models.TextField("notes from the conversation", blank=True)
    learnings = models.TextField("what I learned", blank=True)
    advice = models.TextField("advice I was given", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Notes on {self.request}"


class ThankYouNote(models.Model):
    """The thank-you the student sent the volunteer after the conversation; one per request."""

    request = models.OneToOneField(
        InterviewRequest, on_delete=models.CASCADE, related_name="thank_you"
    )
    body = models.TextField()
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Thanks for {self.request}"
