import re

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.environment import base_url, boolean, database, redis_url


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("FALSE", False), ("1", True)])
def test_booleans_accept_true_and_false(monkeypatch, raw, expected):
    monkeypatch.setenv("SPOTLIGHT_FLAG", raw)

    assert boolean("SPOTLIGHT_FLAG", default=not expected) is expected


@pytest.mark.parametrize("raw", ["yes", "on", "ture", "enabled"])
def test_booleans_refuse_anything_else(monkeypatch, raw):
    monkeypatch.setenv("SPOTLIGHT_FLAG", raw)

    with pytest.raises(ImproperlyConfigured, match="SPOTLIGHT_FLAG must be true or false"):
        boolean("SPOTLIGHT_FLAG", default=False)


def test_a_postgres_url_becomes_a_database_setting(monkeypatch):
    monkeypatch.setenv("SPOTLIGHT_DB", "postgres://ada:secret@db.internal:5433/spotlight")

    config = database("SPOTLIGHT_DB")

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "spotlight")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "is not set"),
        ("sqlite:///spotlight.db", "must point to PostgreSQL"),
        ("postgres://ada@db.internal:5432", "names no database"),
    ],
)
def test_a_wrong_database_url_is_refused_with_the_reason(monkeypatch, raw, message):
    monkeypatch.setenv("SPOTLIGHT_DB", raw)

    with pytest.raises(ImproperlyConfigured, match=message):
        database("SPOTLIGHT_DB")


def test_a_redis_url_needs_its_scheme(monkeypatch):
    monkeypatch.setenv("SPOTLIGHT_REDIS", "localhost:6379")

    with pytest.raises(ImproperlyConfigured, match="must be a Redis URL"):
        redis_url("SPOTLIGHT_REDIS")


def test_the_base_url_loses_its_trailing_slash(monkeypatch):
    monkeypatch.setenv("SPOTLIGHT_URL", "https://spotlight.example.edu/")

    assert base_url("SPOTLIGHT_URL") == "https://spotlight.example.edu"


def test_env_example_documents_every_variable_the_settings_read():
    read = set()
    for module in (settings.BASE_DIR / "config").rglob("*.py"):
        read |= set(
            re.findall(
                r"""(?:env\.\w+|boolean|base_url|database|redis_url|required|port)\(\s*"([A-Z][A-Z0-9_]+)\"""",
                module.read_text(),
            )
        )
    documented = set(
        re.findall(r"^([A-Z][A-Z0-9_]+)=", (settings.BASE_DIR / ".env.example").read_text(), re.M)
    )

    assert read, "the pattern found no variables at all"
    assert read <= documented, f"undocumented: {sorted(read - documented)}"
