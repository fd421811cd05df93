from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

INTRODUCTION_MAX_LENGTH = 400


class StudentProfile(models.Model):
    """What a student wants to learn about and where they hope to go."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student_profile"
    )
    major = models.CharField(max_length=120, blank=True)
    graduation_year = models.PositiveSmallIntegerField("expected graduation year", null=True)
    industries = models.ManyToManyField(
        "directory.Industry", blank=True, related_name="interested_students"
    )
    job_functions = models.ManyToManyField(
        "directory.JobFunction", blank=True, related_name="interested_students"
    )
    goals = models.TextField("what I hope to do", blank=True)
    # Reused at the top of interview requests, so it is kept short: a few sentences at most.
    introduction = models.CharField(
        "your introduction", max_length=INTRODUCTION_MAX_LENGTH, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class Relationship(models.TextChoices):
    """How a student knows a person in their networking log."""

    RELATIVE = "relative", "Relative"
    FAMILY_FRIEND = "family_friend", "Family friend"
    PROFESSOR = "professor", "Professor"
    SUPERVISOR = "supervisor", "Supervisor"
    COLLEAGUE = "colleague", "Colleague"
    CLASSMATE = "classmate", "Classmate"
    EVENT = "event", "Met at an event"
    REFERRAL = "referral", "Referral"
    DIRECTORY = "directory", "Alumni Career Spotlight volunteer"
    OTHER = "other", "Other"


class Contact(models.Model):
    """One person in a student's networking log: someone they know, met, or were referred to.

    The person may or may not be in the Alumni Career Spotlight directory. A referral names the
    conversation in which it was suggested (`referred_in`).
    """

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=150)
    organisation = models.CharField(max_length=150, blank=True)
    job_title = models.CharField("role or title", max_length=150, blank=True)
    relationship = models.CharField(
        "how you know them", max_length=20, choices=Relationship.choices
    )
    email = models.EmailField(blank=True)
    linkedin_url = models.URLField("LinkedIn", blank=True)
    notes = models.TextField(blank=True)
    met_on = models.DateField("first met or spoke on", null=True, blank=True)
    thank_you_sent_on = models.DateField("thank-you note sent on", null=True, blank=True)
    next_follow_up_on = models.DateField("next follow-up on", null=True, blank=True)
    spotlight_profile = models.ForeignKey(
        "directory.SpotlightProfile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="student_contacts",
    )
    # For a directory volunteer: the latest conversation held through Spotlight.
    conversation = models.ForeignKey(
        "interviews.InterviewRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="logged_contacts",
    )
    # The conversation in which someone suggested this person (a referral), if any.
    referred_in = models.ForeignKey(
        "interviews.InterviewRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    referred_by_name = models.CharField("referred by", max_length=150, blank=True)
    may_mention_referrer = models.BooleanField("I may mention who referred me", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(relationship__in=Relationship.values),
                name="contact_relationship_valid",
            ),
            # Permission to mention a referrer only makes sense when there is one.
            models.CheckConstraint(
                condition=Q(may_mention_referrer=False) | ~Q(referred_by_name=""),
                name="contact_mention_needs_referrer",
            ),
            # One entry per volunteer: adding someone from the directory twice finds the first.
            models.UniqueConstraint(
                fields=["student", "spotlight_profile"],
                condition=Q(spotlight_profile__isnull=False),
                name="one_contact_per_volunteer",
            ),
        ]
        indexes = [
            # The log lists a student's contacts by name.
            models.Index(fields=["student", "name"], name="contact_student_name"),
            # For finding contacts due on or before a day across all students (follow-up
            # reminders); no scan uses it yet.
            models.Index(
                fields=["next_follow_up_on"],
                condition=Q(next_follow_up_on__isnull=False),
                name="contact_follow_up_due",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_follow_up_overdue(self) -> bool:
        """The planned follow-up day has passed (in the signed-in person's time zone)."""
        return self.next_follow_up_on is not None and self.next_follow_up_on < timezone.localdate()
