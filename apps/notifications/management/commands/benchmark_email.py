import os
import subprocess
import sys
import uuid
from email.utils import make_msgid

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.notifications.models import Email
from apps.notifications.tasks import deliver_email

QUEUE = "spotlight-benchmark"


class Command(BaseCommand):
    help = (
        "Send N emails through one real Celery worker process to an SMTP server on localhost "
        "and print messages per second. Uses the configured database and Redis."
    )

    def add_arguments(self, parser):
        parser.add_argument("--messages", type=int, default=2000)
        parser.add_argument("--pool", choices=["threads", "prefork", "solo"], default="threads")
        parser.add_argument("--concurrency", type=int, default=8)

    def handle(self, *args, messages: int, pool: str, concurrency: int, **options) -> None:
        try:
            from apps.notifications.smtp_sink import SmtpSink
        except ImportError as error:
            raise CommandError("The benchmark needs the dev dependencies (aiosmtpd).") from error
        sink = SmtpSink().start()
        batch = f"benchmark-{uuid.uuid4().hex[:8]}"
        worker = None
        try:
            # Queue everything first, so that the figure is the worker's alone: in production
            # the publishing is spread over many web requests.
            for email_id in self.write_emails(batch, messages):
                deliver_email.apply_async((email_id,), queue=QUEUE)
            worker = self.start_worker(sink.port, pool, concurrency)
            if not sink.wait_for(messages, timeout=600):
                raise CommandError(f"Only {sink.count()} of {messages} arrived in 10 minutes.")
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)
            sink.stop()
            Email.objects.filter(event_key__startswith=batch).delete()
        elapsed = sink.last_at - sink.first_at
        rate = (messages - 1) / elapsed
        self.stdout.write(
            f"{messages} emails through one worker process ({pool} pool, concurrency "
            f"{concurrency}) to SMTP on localhost: first to last arrival {elapsed:.2f} s, "
            f"{rate:.0f} messages/s"
        )

    def write_emails(self, batch: str, count: int) -> list[int]:
        emails = Email.objects.bulk_create(
            Email(
                event="benchmark",
                event_key=f"{batch}:{number}",
                recipient=f"reader{number}@benchmark.example.org",
                subject=f"Benchmark message {number}",
                body_text="A benchmark message.\n" * 20,
                body_html="<p>A benchmark message.</p>" * 20,
                message_id=make_msgid(domain="benchmark.example.org"),
            )
            for number in range(count)
        )
        return [email.pk for email in emails]

    def start_worker(self, smtp_port: int, pool: str, concurrency: int) -> subprocess.Popen:
        env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}", "LOG_LEVEL": "WARNING"}
        command = [
            *(sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", QUEUE),
            *(f"--pool={pool}", f"--concurrency={concurrency}", "--loglevel=WARNING"),
            *("--without-mingle", "--without-gossip", "--prefetch-multiplier=16"),
        ]
        worker = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env)  # noqa: S603
        return worker
