from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, Greatest, Upper
from django.utils import timezone


class Vocabulary(models.Model):
    """A term staff maintain, shared by alumni profiles and students' interests."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Industry(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name_plural = "industries"


class JobFunction(Vocabulary):
    pass


class Employer(models.Model):
    """Distinct employer names: a small table that typo-tolerant search matches against."""

    name = models.CharField(max_length=150, unique=True)

    class Meta:
        ordering = ["name"]
        indexes = [GinIndex(name="employer_name_trgm", fields=["name"], opclasses=["gin_trgm_ops"])]

    def __str__(self) -> str:
        return self.name


class Format(models.TextChoices):
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video call"
    IN_PERSON = "in_person", "In person"


class Availability(models.TextChoices):
    ACCEPTING = "accepting", "Accepting requests"
    FULL = "full", "Full for this month"
    PAUSED = "paused", "Paused"


# Optional parts of a profile that the volunteer decides to show students or not.
OPTIONAL_FIELDS = {
    "photo": "Photo",
    "location": "Where you live",
    "previous_roles": "Earlier roles",
    "further_education": "Further education",
    "languages": "Languages",
    "linkedin_url": "LinkedIn address",
}


def is_linkedin_host(host: str) -> bool:
    host = host.lower()
    return host == "linkedin.com" or host.endswith(".linkedin.com")


def default_public_fields() -> list[str]:
    return list(OPTIONAL_FIELDS)


# Availability on a day. Filters, ranking weights and annotations all build on these.


def accepting_on(day: date) -> Q:
    """A plain condition (no annotation), so that filters, counts and facets stay cheap."""
    month = day.replace(day=1)
    away = Blackout.objects.filter(profile=OuterRef("pk"), starts_on__lte=day, ends_on__gte=day)
    not_paused = Q(paused_until__isnull=True) | Q(paused_until__lt=day)
    room = ~Q(counted_month=month) | Q(month_request_count__lt=F("monthly_cap"))
    return not_paused & room & ~Exists(away)


def requests_in_month(day: date) -> Case:
    """The volunteer's requests in the day's month (the counter holds an earlier month's until
    then)."""
    return Case(
        When(counted_month=day.replace(day=1), then=F("month_request_count")),
        default=Value(0),
        output_field=IntegerField(),
    )


def month_load(day: date) -> CombinedExpression:
    """How full the volunteer's month is: 0 with no requests, 1 at their cap."""
    return Cast(requests_in_month(day), FloatField()) / Greatest(F("monthly_cap"), 1)


class SpotlightProfileQuerySet(models.QuerySet):
    def accepting(self, day: date) -> "SpotlightProfileQuerySet":
        """Volunteers who can take a new request on this day."""
        return self.filter(accepting_on(day))

    def not_accepting(self, day: date) -> "SpotlightProfileQuerySet":
        return self.exclude(accepting_on(day))

    def with_availability(self, day: date) -> "SpotlightProfileQuerySet":
        """Annotate `requests_now`, `is_accepting`, `load` and `is_away` (paused or on days
        away, as opposed to full for the month) for this day."""
        return self.annotate(
            requests_now=requests_in_month(day),
            is_accepting=ExpressionWrapper(accepting_on(day), output_field=BooleanField()),
            load=month_load(day),
        ).annotate(
            is_away=Case(
                When(
                    Q(is_accepting=False) & Q(requests_now__lt=F("monthly_cap")), then=Value(True)
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )


class SpotlightProfile(models.Model):
    """An alumna's or alumnus's volunteer profile in the Alumni Career Spotlight directory.

    Created by the volunteer, by a staff invitation, or by a CSV import (then `user` stays empty
    until the person joins). The email and phone are for the career center only and are never
    shown to students.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spotlight_profile",
    )
    email = models.EmailField(unique=True)
    phone = models.CharField(max_length=40, blank=True)
    full_name = models.CharField(max_length=150)
    photo = models.ImageField(upload_to="spotlight/", blank=True)
    graduation_year = models.PositiveSmallIntegerField(
        null=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    degree = models.CharField(max_length=80, blank=True)
    major = models.CharField(max_length=120, blank=True)
    employer = models.CharField(max_length=150, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    started_on = models.DateField("in this role since", null=True, blank=True)
    city = models.CharField(max_length=80, blank=True)
    region = models.CharField("state or region", max_length=80, blank=True)
    country = models.CharField(max_length=80, blank=True)
    is_remote = models.BooleanField("works remotely", default=False)
    industries = models.ManyToManyField(Industry, blank=True, related_name="profiles")
    job_functions = models.ManyToManyField(JobFunction, blank=True, related_name="profiles")
    further_education = models.TextField(blank=True)
    story_path = models.TextField("how I got here", blank=True)
    story_day = models.TextField("a typical day", blank=True)
    story_advice = models.TextField("my advice for students", blank=True)
    topics = ArrayField(models.CharField(max_length=80), default=list, blank=True)
    formats = ArrayField(
        models.CharField(max_length=10, choices=Format.choices), default=list, blank=True
    )
    preferred_minutes = models.PositiveSmallIntegerField(
        default=20, validators=[MinValueValidator(10), MaxValueValidator(30)]
    )
    time_zone = models.CharField(max_length=64, blank=True)
    languages = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    linkedin_url = models.URLField("LinkedIn address", blank=True)
    public_fields = ArrayField(
        models.CharField(max_length=40), default=default_public_fields, blank=True
    )

    # Limits the volunteer sets.
    monthly_cap = models.PositiveSmallIntegerField(
        "new requests per month", default=4, validators=[MaxValueValidator(50)]
    )
    paused_until = models.DateField(null=True, blank=True)
    # Requests received in `counted_month`; the interview requests feature keeps it current.
    month_request_count = models.PositiveSmallIntegerField(default=0)
    counted_month = models.DateField(null=True, blank=True)
    # How strongly searches put this volunteer forward (directory.ranking keeps it current).
    rank_weight = models.FloatField(default=1.0, editable=False)

    # When the person, signed in, agreed to be listed and contacted by students after seeing
    # their profile as students will. Nobody is listed before that, however they came to be here.
    agreed_at = models.DateTimeField("agreed to be listed", null=True, blank=True, editable=False)
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_active_at = models.DateTimeField(default=timezone.now)

    # Kept current by services.refresh_search: copies of the industries and job functions for
    # facets, and a search vector in which names and titles weigh most, then industries and
    # topics, then the story.
    industry_names = models.TextField(blank=True, editable=False)
    industry_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    function_ids = ArrayField(models.IntegerField(), default=list, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = SpotlightProfileQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        indexes = [
            # Students only ever search published profiles; a partial index stays small.
            GinIndex(
                name="profile_search_published",
                fields=["search_vector"],
                condition=Q(is_published=True),
            ),
            # Facet filters and counts read these copies of the profile's industries and job
            # functions: joining the many-to-many tables would visit every tagged profile,
            # published or not.
            GinIndex(
                name="profile_industries_published",
                fields=["industry_ids"],
                condition=Q(is_published=True),
            ),
            GinIndex(
                name="profile_functions_published",
                fields=["function_ids"],
                condition=Q(is_published=True),
            ),
            # The whole directory in fair order, read straight from the index.
            models.Index(
                name="profile_published_rank",
                fields=["-rank_weight", "-last_active_at", "id"],
                condition=Q(is_published=True),
            ),
            models.Index(
                name="profile_published_active",
                fields=["-last_active_at"],
                condition=Q(is_published=True),
            ),
            models.Index(name="profile_employer", fields=["employer"]),
            # The location filter compares without regard to case.
            *(
                models.Index(
                    Upper(field), name=f"profile_{field}_published", condition=Q(is_published=True)
                )
                for field in ("city", "region", "country")
            ),
            # Search results are cached until the latest change to any profile.
            models.Index(name="profile_updated", fields=["updated_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(preferred_minutes__gte=10, preferred_minutes__lte=30),
                name="profile_minutes_10_to_30",
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(user__isnull=False, agreed_at__isnull=False),
                name="profile_listed_only_when_joined_and_agreed",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def shows(self, field: str) -> bool:
        return field in self.public_fields

    def reopens_on(self, today: date | None = None) -> date:
        today = today or timezone.localdate()
        return (today.replace(day=28) + timezone.timedelta(days=4)).replace(day=1)

    def tenure_years(self, today: date | None = None) -> int | None:
        if self.started_on is None:
            return None
        today = today or timezone.localdate()
        return (
            today.year
            - self.started_on.year
            - (
                (today.month, today.day)
                < (
                    self.started_on.month,
                    self.started_on.day,
                )
            )
        )


class PreviousRole(models.Model):
    profile = models.ForeignKey(
        SpotlightProfile, on_delete=models.CASCADE, related_name="previous_roles"
    )
    employer = models.CharField(max_length=150)
    title = models.CharField(max_length=150)
    start_year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )

    class Meta:
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                name="previous_role_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.employer}"


class Blackout(models.Model):
    """Dates when the volunteer takes no requests: holidays, travel, busy seasons."""

    profile = models.ForeignKey(
        SpotlightProfile, on_delete=models.CASCADE, related_name="blackouts"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    note = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["starts_on"]
        indexes = [models.Index(fields=["profile", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="blackout_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on} to {self.ends_on}"


class ImportJob(models.Model):
    """A CSV of alumni that staff upload: checked in a dry run, then imported by Celery."""

    class Status(models.TextChoices):
        CHECKED = "checked", "Checked, waiting for confirmation"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    content = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    new_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    # Rows with problems that staff chose to leave out when importing the rest.
    skipped_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["checked", "running", "done", "failed"]),
                name="import_job_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def percent_done(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
