"""A realistic, reproducible directory for the benchmark: many alumni, some of them published."""

import random
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from apps.accounts.models import Role, User
from apps.directory.models import Industry, JobFunction, SpotlightProfile
from apps.directory.services import refresh_search, remember_employers

EMAIL_DOMAIN = "benchmark.invalid"
BATCH = 5000

FIRST = [
    "Ada",
    "Ali",
    "Ana",
    "Ben",
    "Chen",
    "Dana",
    "Eli",
    "Emma",
    "Farah",
    "Gia",
    "Hugo",
    "Ines",
    "Jon",
    "Kai",
    "Lena",
    "Liam",
    "Maya",
    "Noor",
    "Omar",
    "Priya",
    "Ravi",
    "Sara",
    "Tom",
    "Yuki",
    "Zoe",
]
LAST = [
    "Adams",
    "Bello",
    "Chen",
    "Diaz",
    "Evans",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ito",
    "Jones",
    "Kim",
    "Lopez",
    "Moreau",
    "Nguyen",
    "Okafor",
    "Patel",
    "Quinn",
    "Raman",
    "Silva",
    "Tanaka",
    "Usman",
    "Vogel",
    "Wang",
    "Xu",
    "Young",
]
INDUSTRIES = [
    "Technology",
    "Healthcare",
    "Finance",
    "Education",
    "Government",
    "Nonprofit",
    "Consulting",
    "Media",
    "Energy",
    "Retail",
    "Manufacturing",
    "Law",
    "Biotech",
    "Transportation",
    "Hospitality",
    "Agriculture",
    "Architecture",
    "Insurance",
    "Telecommunications",
    "Entertainment",
]
FUNCTIONS = [
    "Engineering",
    "Research",
    "Sales",
    "Marketing",
    "Operations",
    "Design",
    "Product",
    "Data",
    "Finance",
    "Legal",
    "Policy",
    "Teaching",
    "Nursing",
    "Management",
    "Writing",
]
TITLES = [
    "Analyst",
    "Engineer",
    "Manager",
    "Director",
    "Designer",
    "Consultant",
    "Researcher",
    "Nurse",
    "Teacher",
    "Attorney",
    "Scientist",
    "Coordinator",
    "Strategist",
    "Developer",
    "Editor",
]
TOPICS = [
    "changing careers", "graduate school", "first job", "product management", "data science",
    "working abroad", "startups", "public service", "clinical work", "leadership",
    "negotiating offers", "remote work", "research careers", "freelancing", "internships",
]  # fmt: skip
CITIES = [("Boston", "MA", "USA"), ("Chicago", "IL", "USA"), ("Toronto", "ON", "Canada"),
          ("London", "", "UK"), ("Austin", "TX", "USA"), ("Berlin", "", "Germany")]  # fmt: skip


def employers(count: int = 2000) -> list[str]:
    rng = random.Random(7)
    stems = [
        "North",
        "South",
        "Blue",
        "Green",
        "Bright",
        "Clear",
        "Summit",
        "River",
        "Harbor",
        "Pine",
        "Oak",
        "Iron",
        "Silver",
        "Golden",
        "Metro",
    ]
    kinds = [
        "Health",
        "Bank",
        "Labs",
        "Systems",
        "Partners",
        "Works",
        "Foods",
        "Energy",
        "Media",
        "Group",
        "Analytics",
        "Logistics",
        "Studio",
        "Clinic",
        "Capital",
    ]
    return [
        f"{rng.choice(stems)}{rng.choice(stems).lower()} {rng.choice(kinds)}" for _ in range(count)
    ]


def existing_count() -> int:
    return SpotlightProfile.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count()


def generate(total: int, published: int, log=print) -> None:
    """Create `total` benchmark profiles, the first `published` of them published."""
    rng = random.Random(42)
    industries = [
        Industry.objects.get_or_create(name=n, defaults={"slug": n.lower()})[0] for n in INDUSTRIES
    ]
    functions = [
        JobFunction.objects.get_or_create(name=n, defaults={"slug": n.lower()})[0]
        for n in FUNCTIONS
    ]
    names = employers()
    remember_employers(names)
    start = existing_count()
    for offset in range(start, total, BATCH):
        with transaction.atomic():
            profiles = SpotlightProfile.objects.bulk_create(
                [
                    _profile(rng, number, names)
                    for number in range(offset, min(offset + BATCH, total))
                ]
            )
            _tag(rng, profiles, industries, functions)
            refresh_search(profile.pk for profile in profiles)
        log(f"  {min(offset + BATCH, total):,} of {total:,} profiles")
    publish_exactly(published)


def publish_exactly(published: int) -> None:
    """Publish the first `published` benchmark profiles and no others, then refresh statistics."""
    profiles = SpotlightProfile.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    first = profiles.order_by("pk").values("pk")[:published]
    _join_and_agree(profiles.filter(pk__in=first, user__isnull=True))
    profiles.exclude(pk__in=first).filter(is_published=True).update(is_published=False)
    profiles.filter(pk__in=first, is_published=False).update(is_published=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_spotlightprofile")


def _join_and_agree(profiles) -> None:
    """Benchmark volunteers are listed as anyone is: with an account, having agreed."""
    rows = list(profiles.values_list("pk", "email", "full_name"))
    password = make_password(None)
    for offset in range(0, len(rows), BATCH):
        batch = rows[offset : offset + BATCH]
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(email=email, full_name=name, role=Role.ALUMNI, password=password)
                for _, email, name in batch
            )
            SpotlightProfile.objects.bulk_update(
                [
                    SpotlightProfile(pk=pk, user=user, agreed_at=timezone.now())
                    for (pk, _, _), user in zip(batch, users, strict=True)
                ],
                ["user", "agreed_at"],
            )


def _profile(rng: random.Random, number: int, employer_names: list[str]):
    city, region, country = rng.choice(CITIES)
    year = rng.randint(1985, 2024)
    return SpotlightProfile(
        email=f"alum{number}@{EMAIL_DOMAIN}",
        full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        graduation_year=year,
        degree=rng.choice(["BA", "BSc", "MA", "MSc"]),
        major=rng.choice(["Economics", "Biology", "History", "Computer Science", "Nursing"]),
        employer=rng.choice(employer_names),
        job_title=f"{rng.choice(['Senior ', 'Lead ', ''])}{rng.choice(TITLES)}",
        started_on=date(rng.randint(max(year, 2000), 2025), rng.randint(1, 12), 1),
        city=city, region=region, country=country, is_remote=rng.random() < 0.2,
        topics=rng.sample(TOPICS, 3),
        formats=rng.sample(["phone", "video", "in_person"], rng.randint(1, 3)),
        story_path=f"After studying {rng.choice(TOPICS)} I joined a small team and grew.",
        story_day="Meetings in the morning, focused work in the afternoon, and a lot of learning.",
        story_advice=f"Talk to people early; ask about {rng.choice(TOPICS)}.",
        monthly_cap=rng.randint(2, 8),
    )  # fmt: skip


def _tag(rng, profiles, industries, functions) -> None:
    through_industry = SpotlightProfile.industries.through
    through_function = SpotlightProfile.job_functions.through
    through_industry.objects.bulk_create(
        through_industry(spotlightprofile_id=p.pk, industry_id=i.pk)
        for p in profiles
        for i in rng.sample(industries, rng.randint(1, 2))
    )
    through_function.objects.bulk_create(
        through_function(spotlightprofile_id=p.pk, jobfunction_id=f.pk)
        for p in profiles
        for f in rng.sample(functions, rng.randint(1, 2))
    )
