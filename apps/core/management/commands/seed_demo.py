from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.accounts.models import User

DEMO_PASSWORD = "spotlight-demo"  # noqa: S105 - printed on purpose; DEBUG only
DEMO_ADMIN = "admin@example.edu"


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
            admin, created = User.objects.get_or_create(
                email=DEMO_ADMIN,
                defaults={
                    "full_name": "Demo Administrator",
                    "is_staff": True,
                    "is_superuser": True,
                },
            )
            if created:
                admin.set_password(DEMO_PASSWORD)
                admin.save(update_fields=["password"])
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(f"  Django admin   {DEMO_ADMIN:<28} {settings.SPOTLIGHT_BASE_URL}/admin/")
