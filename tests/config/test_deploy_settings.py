"""Production settings, checked in a fresh process as a deployment would load them."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "spotlight.example.edu",
    "SPOTLIGHT_BASE_URL": "https://spotlight.example.edu",
}


def manage(*args: str, **overrides: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **PRODUCTION_ENV, **overrides}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' setting, never a deployment's
    command = [sys.executable, str(settings.BASE_DIR / "manage.py"), *args]
    return subprocess.run(command, env=env, capture_output=True, text=True)


def test_production_settings_pass_the_deployment_checklist_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_its_host_names():
    result = manage("check", DJANGO_ALLOWED_HOSTS="")

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_static_files_collect_for_the_production_image(tmp_path):
    # The Dockerfile runs the same step; a broken reference in a stylesheet fails it.
    result = manage("collectstatic", "--noinput", "-v", "0", STATIC_ROOT=str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list((tmp_path / "vendor" / "bootstrap").glob("bootstrap.min.*.css.gz"))
