import csv
import io
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.personal_data import plain
from apps.directory.models import SpotlightProfile
from apps.students.forms import ContactForm, StudentProfileForm
from apps.students.models import Contact, Relationship, StudentProfile


def draft_profile_for(user: User) -> StudentProfile:
    """The student's profile, or an unsaved empty one: for pages that only read it."""
    return StudentProfile.objects.filter(user=user).first() or StudentProfile(user=user)


def profile_for(user: User) -> StudentProfile:
    """The student's profile, saved: for requests that change it."""
    profile, _ = StudentProfile.objects.get_or_create(user=user)
    return profile


def save_profile(*, form: StudentProfileForm, user: User) -> StudentProfile:
    """Save the profile, its interests, and the time zone, which lives on the account."""
    with transaction.atomic():
        profile = form.save()
        user.time_zone = form.cleaned_data["time_zone"]
        user.save(update_fields=["time_zone"])
    return profile


# --- The networking log ---------------------------------------------------------------------


def contacts_of(student: User) -> QuerySet[Contact]:
    """A student's log: the soonest follow-up first, then everyone without one, by name."""
    return Contact.objects.filter(student=student).order_by(
        F("next_follow_up_on").asc(nulls_last=True), "name", "pk"
    )


def contact_for(*, student: User, spotlight: SpotlightProfile) -> Contact | None:
    return Contact.objects.filter(student=student, spotlight_profile=spotlight).first()


def prefill_from(spotlight: SpotlightProfile) -> dict:
    """What the directory already says about a volunteer the student adds to their log."""
    return {
        "name": spotlight.full_name,
        "organisation": spotlight.employer,
        "job_title": spotlight.job_title,
        "relationship": Relationship.DIRECTORY,
    }


def add_contact(
    *, student: User, form: ContactForm, spotlight: SpotlightProfile | None = None
) -> Contact:
    contact = form.save(commit=False)
    contact.student = student
    contact.spotlight_profile = spotlight
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError:
        # A second click on "Add": the first one already put this volunteer in the log.
        existing = contact_for(student=student, spotlight=spotlight) if spotlight else None
        if existing is None:
            raise
        return existing
    return contact


def update_contact(*, form: ContactForm) -> Contact:
    return form.save()


def delete_contact(*, contact: Contact) -> None:
    contact.delete()


# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EXPORT_COLUMNS = [
    ("Name", "name"),
    ("Organisation", "organisation"),
    ("Role or title", "job_title"),
    ("How you know them", "get_relationship_display"),
    ("Email", "email"),
    ("LinkedIn", "linkedin_url"),
    ("First met or spoke on", "met_on"),
    ("Thank-you note sent on", "thank_you_sent_on"),
    ("Next follow-up on", "next_follow_up_on"),
    ("Referred by", "referred_by_name"),
    ("May mention who referred me", "may_mention_referrer"),
    ("Notes", "notes"),
    ("Added on", "created_at"),
]


def export_log_csv(*, student: User) -> str:
    """The whole log as CSV text, with a byte-order mark so spreadsheet programs read UTF-8."""
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output)
    writer.writerow([heading for heading, _ in EXPORT_COLUMNS])
    for contact in contacts_of(student).iterator():
        writer.writerow([_cell(contact, attribute) for _, attribute in EXPORT_COLUMNS])
    return output.getvalue()


def _cell(contact: Contact, attribute: str) -> str:
    value = getattr(contact, attribute)
    if callable(value):
        value = value()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return timezone.localdate(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(str(value))


def safe_cell(text: str) -> str:
    """Make a cell that a spreadsheet would run as a formula plain text, with an apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


# --- Account export and deletion (registered in apps.py) -----------------------------------


def export_personal_data(user: User) -> dict:
    profile = StudentProfile.objects.filter(user=user).first()
    return {
        "profile": (
            {
                "major": profile.major,
                "graduation_year": profile.graduation_year,
                "goals": profile.goals,
                "introduction": profile.introduction,
                "industries": list(profile.industries.values_list("name", flat=True)),
                "job_functions": list(profile.job_functions.values_list("name", flat=True)),
            }
            if profile
            else None
        ),
        "networking_log": [
            {field: plain(value) for field, value in contact.items()}
            for contact in contacts_of(user).values(*PERSONAL_FIELDS)
        ],
    }


PERSONAL_FIELDS = [
    "name",
    "organisation",
    "job_title",
    "relationship",
    "email",
    "linkedin_url",
    "notes",
    "met_on",
    "thank_you_sent_on",
    "next_follow_up_on",
    "referred_by_name",
    "may_mention_referrer",
    "created_at",
]


def erase_personal_data(user: User) -> None:
    """A departing student's log and profile go: they are about other people, too."""
    with transaction.atomic():
        Contact.objects.filter(student=user).delete()
        StudentProfile.objects.filter(user=user).delete()
