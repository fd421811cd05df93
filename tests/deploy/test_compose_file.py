"""docker-compose.yml: the production-like stack, checked without a Docker engine."""

import re

import pytest
import yaml
from django.conf import settings

ROOT = settings.BASE_DIR
SECRET_NAMES = re.compile(r"SECRET|PASSWORD|TOKEN|_KEY$")
INTERPOLATION = re.compile(r"\$\{[A-Z_]+:\?[^}]+\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_it_runs_the_whole_stack(compose):
    assert set(compose["services"]) >= {"postgres", "redis", "mail", "web", "worker", "beat"}


@pytest.mark.parametrize("service", ["postgres", "redis", "mail", "web", "worker"])
def test_long_running_services_have_health_checks(compose, service):
    assert compose["services"][service]["healthcheck"]["test"]


def test_the_web_probe_calls_the_health_url(compose):
    probe = " ".join(compose["services"]["web"]["healthcheck"]["test"])

    assert "/healthz/" in probe


def test_web_serves_with_gunicorn_and_worker_and_beat_run_celery(compose):
    dockerfile = (ROOT / "Dockerfile").read_text()
    services = compose["services"]

    assert '"gunicorn", "config.wsgi"' in dockerfile
    assert "command" not in services["web"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "config", "beat"]


def test_the_app_waits_for_a_healthy_database_and_broker_and_migrates_first(compose):
    services = compose["services"]

    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["migrate"]["depends_on"]["redis"]["condition"] == "service_healthy"
    for name in ("web", "worker", "beat"):
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully"


def test_the_database_image_ships_pg_trgm(compose):
    # The official postgres images include the contrib extensions; slim custom builds may not.
    assert compose["services"]["postgres"]["image"].startswith("postgres:")


def test_no_secret_is_committed(compose):
    text = (ROOT / "docker-compose.yml").read_text()
    for service in compose["services"].values():
        for name, value in (service.get("environment") or {}).items():
            if SECRET_NAMES.search(name):
                assert INTERPOLATION.fullmatch(str(value)), f"{name} has a committed value"
    for url in re.findall(r"\w+://[^\s\"']+", text):
        if "@" in url:
            assert "${" in url.split("@")[0], f"credentials committed in {url}"


def test_the_app_is_configured_only_through_the_environment(compose):
    app_env = compose["services"]["web"]["environment"]

    assert app_env["DATABASE_URL"].startswith("postgres://spotlight:${POSTGRES_PASSWORD:?")
    assert app_env["REDIS_URL"] == "redis://redis:6379/0"
    assert not (ROOT / ".env").exists() or ".env" in (ROOT / ".gitignore").read_text()
