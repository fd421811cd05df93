import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Role(models.TextChoices):
    STUDENT = "student", "Student"
    ALUMNI = "alumni", "Alumni volunteer"
    ADVISOR = "advisor", "Career advisor"
    STAFF = "staff", "Career center staff"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True, role=Role.STAFF)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, email: str) -> "User":
        return self.get(email=normalize_email(email))


def normalize_email(email: str) -> str:
    """Addresses are compared case-insensitively: people type their address both ways."""
    return email.strip().lower()


class User(AbstractUser):
    """A person who signs in with their email address. Each person has exactly one role."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    pronouns = models.CharField(max_length=40, blank=True)
    # Empty means the career center's own time zone (the TIME_ZONE setting).
    time_zone = models.CharField(max_length=64, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.STUDENT)
    deleted_at = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        indexes = [models.Index(fields=["role"])]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            # The Django admin is for career center staff only.
            models.CheckConstraint(
                condition=Q(is_staff=False) | Q(role=Role.STAFF), name="user_admin_is_staff_role"
            ),
        ]

    def __str__(self) -> str:
        if self.deleted_at:
            return "Former member"
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def live(self):
        """Pending invitations whose link still works."""
        return self.pending().filter(expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A single-use, expiring link with which staff let an alumna, alumnus or advisor join.

    Only a digest of the token is stored, so a database leak reveals no usable link.
    """

    INVITABLE_ROLES = [Role.ALUMNI, Role.ADVISOR]

    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=10, choices=Role.choices)
    token_digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accepted_invitations",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["alumni", "advisor"]), name="invitation_role_invitable"
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation for {self.email} ({self.get_role_display()})"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def default_expiry():
        return timezone.now() + timedelta(days=settings.SPOTLIGHT_INVITATION_DAYS)

    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at


class AlumniApplication(models.Model):
    """An alumna's or alumnus's request to volunteer, waiting for staff to review it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    email = models.EmailField()
    full_name = models.CharField(max_length=150)
    graduation_year = models.PositiveSmallIntegerField()
    degree = models.CharField("degree and major", max_length=150)
    employer = models.CharField("current employer", max_length=150, blank=True)
    job_title = models.CharField("current job title", max_length=150, blank=True)
    motivation = models.TextField("what you would like to share with students")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="application"
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["pending", "approved", "declined"]),
                name="application_status_valid",
            ),
            # One offer per address waits for review: a second is thanked and not saved, so a
            # stranger cannot fill the queue or someone's inbox with offers in their name.
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(status="pending"),
                name="application_one_pending_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.graduation_year})"
