"""Start-up checks run in a fresh process, exactly as the run command and containers do."""

import os
import subprocess
import sys

from django.conf import settings

MANAGE = settings.BASE_DIR / "manage.py"


def preflight(**overrides: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **overrides}
    return subprocess.run(
        [sys.executable, str(MANAGE), "preflight"], env=env, capture_output=True, text=True
    )


def assert_one_clear_line(result: subprocess.CompletedProcess, expected: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]


def test_it_passes_when_the_database_and_broker_answer():
    result = preflight()

    assert result.returncode == 0, result.stderr
    assert "reachable" in result.stdout


def test_a_database_url_for_another_engine_is_one_clear_line():
    assert_one_clear_line(
        preflight(DATABASE_URL="mysql://root@localhost/spotlight"),
        "DATABASE_URL must point to PostgreSQL",
    )


def test_a_garbled_database_url_is_one_clear_line():
    assert_one_clear_line(preflight(DATABASE_URL="not a url"), "DATABASE_URL")


def test_an_unreachable_database_is_one_clear_line(unused_tcp_port):
    url = f"postgres://spotlight@127.0.0.1:{unused_tcp_port}/spotlight"

    assert_one_clear_line(
        preflight(DATABASE_URL=url), "cannot reach the database at 127.0.0.1/spotlight"
    )


def test_an_unreachable_broker_is_one_clear_line(unused_tcp_port):
    url = f"redis://127.0.0.1:{unused_tcp_port}/0"

    assert_one_clear_line(preflight(REDIS_URL=url), "cannot reach the Redis broker")


def test_a_malformed_broker_url_is_one_clear_line():
    assert_one_clear_line(preflight(REDIS_URL="localhost:6379"), "REDIS_URL must be a Redis URL")


def test_production_without_a_secret_key_is_one_clear_line():
    result = preflight(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="",
        DJANGO_ALLOWED_HOSTS="spotlight.example.edu",
        SPOTLIGHT_BASE_URL="https://spotlight.example.edu",
    )

    assert_one_clear_line(result, "DJANGO_SECRET_KEY")
