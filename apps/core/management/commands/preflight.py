import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.services import broker_problem, database_problem


class Command(BaseCommand):
    help = "Check that the database and the Redis broker answer; one line per problem."

    def add_arguments(self, parser):
        parser.add_argument(
            "--wait",
            type=float,
            default=0,
            metavar="SECONDS",
            help="keep trying this long before giving up (for containers starting together)",
        )

    def handle(self, *args, wait: float, **options) -> None:
        deadline = time.monotonic() + wait
        while True:
            problems = self.problems()
            if not problems or time.monotonic() >= deadline:
                break
            time.sleep(1)
        if problems:
            raise CommandError("; ".join(problems))
        self.stdout.write("Database and broker are reachable.")

    def problems(self) -> list[str]:
        found = []
        if problem := database_problem():
            database = settings.DATABASES["default"]
            where = f"{database.get('HOST') or 'local socket'}/{database['NAME']}"
            found.append(f"cannot reach the database at {where}: {problem}")
        if problem := broker_problem():
            found.append(f"cannot reach the Redis broker in REDIS_URL: {problem}")
        return found
