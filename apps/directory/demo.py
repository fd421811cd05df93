"""Demo volunteers for the run command's demo data set (idempotent)."""

from datetime import date

from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.text import slugify

from apps.accounts.models import Role, User
from apps.directory.models import Industry, JobFunction, SpotlightProfile
from apps.directory.services import refresh_search, remember_employers

INDUSTRIES = ["Technology", "Healthcare", "Finance", "Education", "Government", "Nonprofit"]
FUNCTIONS = ["Engineering", "Data", "Product", "Nursing", "Policy", "Teaching", "Sales"]

DAY = (
    "Mornings go to planning with my team and afternoons to the work itself; most days end "
    "with a conversation that teaches me something new."
)

ADVICE = "Come with two or three questions you really care about."

VOLUNTEERS = [
    # (name, email, year, major, employer, title, started, industries, functions, topics, story)
    ("Dana Whitfield", "dana@alumni.example.org", 2012, "Computer Science", "Google",
     "Software engineer", date(2019, 3, 1), ["Technology"], ["Engineering"],
     ["first job", "technical interviews"], "I started in IT support and taught myself to code."),
    ("Aisha Bello", "aisha@alumni.example.org", 2008, "Biology", "St. Mary's Hospital",
     "Nurse manager", date(2016, 9, 1), ["Healthcare"], ["Nursing"],
     ["clinical work", "graduate school"], "Biology led me to nursing, then to leading a ward."),
    ("Priya Raman", "priya@alumni.example.org", 2001, "Economics", "Fabrikam Bank",
     "Credit analyst", date(2010, 1, 1), ["Finance"], ["Data"],
     ["changing careers", "finance"], "I moved from teaching into banking at thirty."),
    ("Marco Bianchi", "marco@alumni.example.org", 2015, "Design", "Contoso",
     "Product manager", date(2021, 6, 1), ["Technology"], ["Product"],
     ["product management", "startups"], "Design school, two startups, then product."),
]  # fmt: skip


# Imported from the alumni office's records: not joined yet, so not listed (staff can invite).
IMPORTED = ("Jordan Okafor", "jordan@alumni.example.org", 2018, "History", "City Museum",
            "Curator", date(2022, 2, 1), ["Nonprofit"], ["Teaching"], ["museums"], "")  # fmt: skip


def seed(alumna: User) -> None:
    industries = {name: _term(Industry, name) for name in INDUSTRIES}
    functions = {name: _term(JobFunction, name) for name in FUNCTIONS}
    profiles = []
    volunteers = [(alumna.full_name, alumna.email, *VOLUNTEERS[0][2:]), *VOLUNTEERS[1:]]
    for volunteer in [*volunteers, IMPORTED]:
        profile, created = _profile(alumna, volunteer, listed=volunteer is not IMPORTED)
        if created:
            profile.industries.set([industries[i] for i in volunteer[7]])
            profile.job_functions.set([functions[f] for f in volunteer[8]])
        profiles.append(profile)
    remember_employers(profile.employer for profile in profiles)
    refresh_search(profile.pk for profile in profiles)


def _profile(alumna: User, volunteer: tuple, *, listed: bool) -> tuple[SpotlightProfile, bool]:
    """A listed demo volunteer has joined and agreed, like any listed volunteer."""
    name, email, year, major, employer, title, started, _, _, topics, story = volunteer
    return SpotlightProfile.objects.get_or_create(
        email=email,
        defaults={
            "user": _account(alumna, name, email) if listed else None,
            "full_name": name, "graduation_year": year, "major": major,
            "employer": employer, "job_title": title, "started_on": started,
            "topics": topics, "formats": ["video", "phone"], "story_path": story,
            "story_day": DAY if listed else "",
            "story_advice": ADVICE if listed else "",
            "agreed_at": timezone.now() if listed else None,
            "is_published": listed,
            "published_at": timezone.now() if listed else None,
        },
    )  # fmt: skip


def _account(alumna: User, name: str, email: str) -> User:
    """The demo alumna signs in; the other demo volunteers have accounts nobody signs in to."""
    if email == alumna.email:
        return alumna
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": name, "role": Role.ALUMNI}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user


def _term(model, name: str):
    return model.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
