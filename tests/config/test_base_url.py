"""The address in links and the start-up banner: where `dev.py run` serves unless
SPOTLIGHT_BASE_URL says otherwise."""

import json
import subprocess
import sys

from django.conf import settings

READ = """
import json
from config.settings import local
print(json.dumps([local.SPOTLIGHT_BASE_URL, local.CSRF_TRUSTED_ORIGINS]))
"""


def local_settings(**variables: str) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "postgres://spotlight@127.0.0.1:5432/spotlight",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        **variables,
    }
    command = [sys.executable, "-c", READ]
    return subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True)


def test_links_follow_port_when_no_base_url_is_set():
    read = local_settings(PORT="8111")

    assert json.loads(read.stdout) == ["http://127.0.0.1:8111", ["http://127.0.0.1:8111"]]


def test_links_keep_port_8000_without_port():
    read = local_settings()

    assert json.loads(read.stdout)[0] == "http://127.0.0.1:8000"


def test_an_explicit_base_url_wins_over_port():
    read = local_settings(PORT="8111", SPOTLIGHT_BASE_URL="https://careers.example.edu")

    assert json.loads(read.stdout)[0] == "https://careers.example.edu"


def test_a_port_that_is_not_a_number_is_one_clear_line():
    read = local_settings(PORT="80a")

    assert read.returncode != 0
    assert "PORT must be a port number from 1 to 65535, not '80a'." in read.stderr
