"""`python3 scripts/dev.py benchmark load`: students and volunteers use the site through gunicorn,
with a real Celery worker, Celery beat and an SMTP sink, while PostgreSQL restarts once and
Redis is down for a while; then every confirmed action and every email is checked.

Everything runs on loopback from a temporary directory with its own PostgreSQL and Redis,
and is stopped and deleted at the end, on Ctrl-C or failure too. Exits 1 when a check fails.
"""

import argparse
import os
import shutil
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

import load_stack
from devstack import ROOT, embedded_postgres, free_port
from load_stack import announce


def options(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="dev.py benchmark load", description=__doc__)
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--volunteers", type=int, default=20)
    parser.add_argument("--postgres-at", type=float, help="default: 30%% into the run")
    parser.add_argument("--postgres-down", type=float, default=2, help="seconds stopped")
    parser.add_argument("--redis-at", type=float, help="default: 60%% into the run")
    parser.add_argument("--redis-down", type=float, help="default: 20%% of the run")
    parser.add_argument(
        "--ramp", type=float, help="seconds over which people arrive (20%% of the run, at most 60)"
    )
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--drain", type=float, default=240, help="most seconds to wait for mail")
    parser.add_argument("--keep", type=Path, help="copy the process logs to this directory")
    args = parser.parse_args(argv)
    args.postgres_at = args.seconds * 0.3 if args.postgres_at is None else args.postgres_at
    args.redis_at = args.seconds * 0.6 if args.redis_at is None else args.redis_at
    args.redis_down = args.seconds * 0.2 if args.redis_down is None else args.redis_down
    args.ramp = min(60.0, args.seconds * 0.2) if args.ramp is None else args.ramp
    return args


def main(argv: list[str]) -> int:
    args = options(argv)
    scratch = Path(tempfile.mkdtemp(prefix="spotlight-load-"))
    try:
        with ExitStack() as stack:
            return LoadRun(args, scratch, stack).run()
    finally:
        if args.keep:
            shutil.copytree(scratch / "logs", args.keep, dirs_exist_ok=True)
        shutil.rmtree(scratch, ignore_errors=True)


class LoadRun:
    def __init__(self, args, scratch: Path, stack: ExitStack):
        self.args, self.scratch, self.stack = args, scratch, stack
        self.logs = scratch / "logs"
        self.logs.mkdir()

    def run(self) -> int:
        env = self.start_services()
        cast = self.prepare_django(env)
        from load_users import Mailbox

        mailbox = Mailbox().start()
        self.stack.callback(mailbox.stop)
        port = self.start_processes(env, mailbox.port)
        journal = self.load(port, cast, mailbox)
        return self.verify(journal, cast, mailbox)

    def start_services(self) -> dict[str, str]:
        pg_dir = self.scratch / "postgres"
        url = self.stack.enter_context(embedded_postgres(pg_dir, throwaway=True))
        self.postgres = load_stack.Postgres(pg_dir, url)
        self.redis = load_stack.Redis(self.scratch / "redis")
        self.redis.start()
        self.stack.callback(self.redis.stop)
        self.port = free_port()
        return {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
            "DATABASE_URL": url,
            "REDIS_URL": self.redis.url,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DJANGO_DEBUG": "false",
            "SPOTLIGHT_BASE_URL": f"http://127.0.0.1:{self.port}",
            # A student has at most one open request per volunteer anyway: with the limit at
            # that, students may ask everyone and the rules refuse only repeats.
            "SPOTLIGHT_MAX_OPEN_REQUESTS": str(self.args.volunteers),
            "LOG_LEVEL": "WARNING",
            # As behind the proxy production has: the simulated people send their address.
            "SPOTLIGHT_TRUSTED_PROXY_COUNT": "1",
        }

    def prepare_django(self, env: dict[str, str]):
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", "--noinput", verbosity=0)
        import load_seed

        started = time.monotonic()
        cast = load_seed.seed(self.args.students, self.args.volunteers)
        announce(
            f"seeded {len(cast.students)} students, {len(cast.volunteers)} volunteers in "
            f"{time.monotonic() - started:.0f} s"
        )
        return cast

    def start_processes(self, env: dict[str, str], smtp_port: int) -> int:
        env = {**env, "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}"}
        web = self.stack.enter_context(
            load_stack.app_process(
                "gunicorn", load_stack.gunicorn(self.port, self.args.web_workers), env, self.logs
            )
        )
        self.stack.enter_context(
            load_stack.app_process("worker", load_stack.celery_worker(4), env, self.logs)
        )
        beat = load_stack.celery_beat(self.scratch / "celerybeat-schedule")
        self.stack.enter_context(load_stack.app_process("beat", beat, env, self.logs))
        load_stack.wait_until_serving(self.port, web)
        announce(f"gunicorn on 127.0.0.1:{self.port}, worker and beat running")
        return self.port

    def load(self, port: int, cast, mailbox):
        from load_users import Browser, Journal, Probe, Student, Volunteer

        journal = Journal(time.monotonic(), ramp=self.args.ramp)
        until = self.args.seconds
        people = [
            Student(
                Browser(port, journal, email), email, until, number,
                profile_ids=cast.profile_ids, to_hold=cast.to_hold[email],
            )
            for number, email in enumerate(cast.students)
        ] + [
            Volunteer(Browser(port, journal, email), email, until, 1000 + number, mailbox=mailbox)
            for number, email in enumerate(cast.volunteers)
        ]  # fmt: skip
        threads = [*people, Probe(port, journal, cast.probe, until)]
        outages = threading.Thread(target=self.outages, args=(journal,), daemon=True)
        announce(
            f"{len(cast.students)} students and {len(cast.volunteers)} volunteers for {until:.0f} s"
        )
        for thread in [*threads, outages]:
            thread.start()
        for thread in [*threads, outages]:
            thread.join()
        return journal

    def outages(self, journal) -> None:
        """PostgreSQL stopped and started once; Redis stopped, then started on the same port."""
        plan = [
            (self.args.postgres_at, "PostgreSQL", self.postgres, self.args.postgres_down),
            (self.args.redis_at, "Redis", self.redis, self.args.redis_down),
        ]
        for at, name, server, down in sorted(plan, key=lambda step: step[0]):
            time.sleep(max(0.0, at - journal.now()))
            stopped = journal.now()
            try:
                server.stop()
                announce(f"{name} stopped at {stopped:.1f} s")
                time.sleep(down)
            finally:
                server.start()
            journal.outages[name] = (stopped, journal.now())
            announce(f"{name} back at {journal.now():.1f} s")

    def verify(self, journal, cast, mailbox) -> int:
        import load_report
        from django.db import connections

        connections.close_all()  # opened before PostgreSQL restarted
        load_report.write_journal(journal, self.logs)
        return load_report.verify_and_report(journal, cast, mailbox, self.args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
