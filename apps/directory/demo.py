"""Demo volunteers for the run command's demo data set (idempotent)."""

from datetime import date

from django.utils.text import slugify

from apps.accounts.models import User
from apps.directory.models import Industry, JobFunction, SpotlightProfile
from apps.directory.services import refresh_search, remember_employers

INDUSTRIES = ["Technology", "Healthcare", "Finance", "Education", "Government", "Nonprofit"]
FUNCTIONS = ["Engineering", "Data", "Product", "Nursing", "Policy", "Teaching", "Sales"]

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


def seed(alumna: User) -> None:
    industries = {name: _term(Industry, name) for name in INDUSTRIES}
    functions = {name: _term(JobFunction, name) for name in FUNCTIONS}
    profiles = []
    for name, email, year, major, employer, title, started, inds, funcs, topics, story in [
        (alumna.full_name, alumna.email, *VOLUNTEERS[0][2:]),
        *VOLUNTEERS[1:],
    ]:
        profile, created = SpotlightProfile.objects.get_or_create(
            email=email,
            defaults={
                "user": alumna if email == alumna.email else None,
                "full_name": name, "graduation_year": year, "major": major,
                "employer": employer, "job_title": title, "started_on": started,
                "topics": topics, "formats": ["video", "phone"], "story_path": story,
                "story_advice": "Come with two or three questions you really care about.",
                "is_published": True,
            },
        )  # fmt: skip
        if created:
            profile.industries.set([industries[i] for i in inds])
            profile.job_functions.set([functions[f] for f in funcs])
        profiles.append(profile)
    remember_employers(profile.employer for profile in profiles)
    refresh_search(profile.pk for profile in profiles)


def _term(model, name: str):
    return model.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
