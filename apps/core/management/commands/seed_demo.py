from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts.models import Role, User
from apps.advising.services import assign_advisor
from apps.directory import demo as demo_directory
from apps.interviews import demo as demo_interviews

DEMO_PASSWORD = "spotlight-demo"  # noqa: S105 - printed on purpose; refused when DEBUG is off
STUDENT_DOMAIN = settings.SPOTLIGHT_STUDENT_EMAIL_DOMAINS[0]
DEMO_PEOPLE = [
    # (role, email, name, is superuser)
    (Role.STUDENT, f"student@{STUDENT_DOMAIN}", "Sam Student", False),
    (Role.ALUMNI, "alumna@alumni.example.org", "Alex Alumna", False),
    (Role.ADVISOR, "advisor@careers.example.edu", "Avery Advisor", False),
    (Role.STAFF, "staff@careers.example.edu", "Sasha Staff", False),
    (Role.STAFF, "admin@careers.example.edu", "Ada Administrator", True),
]


class Command(BaseCommand):
    help = "Create the demo data set (idempotent) and print the logins it made."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="seed even though DEBUG is off (demo passwords are public)",
        )

    def handle(self, *args, allow_production: bool, **options) -> None:
        if not settings.DEBUG and not allow_production:
            raise CommandError("Refusing to create demo logins with DEBUG off.")
        with transaction.atomic():
            people = {}
            for role, email, name, is_superuser in DEMO_PEOPLE:
                people.setdefault(role, self.person(role, email, name, is_superuser))
            assign_advisor(
                student=people[Role.STUDENT],
                advisor=people[Role.ADVISOR],
                assigned_by=people[Role.STAFF],
            )
            demo_directory.seed(alumna=people[Role.ALUMNI])
            demo_interviews.seed(student=people[Role.STUDENT], alumna=people[Role.ALUMNI])
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, email, _, is_superuser in DEMO_PEOPLE:
            label = "Superuser" if is_superuser else Role(role).label
            self.stdout.write(f"  {label:<22} {email}")
        self.stdout.write(f"Sign in at {settings.SPOTLIGHT_BASE_URL}/accounts/login/")

    def person(self, role: str, email: str, name: str, is_superuser: bool) -> User:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "full_name": name,
                "role": role,
                "is_staff": role == Role.STAFF,
                "is_superuser": is_superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        return user
