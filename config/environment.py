"""Reading the deployment's environment strictly, with one clear message per mistake."""

import warnings

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

TRUE_WORDS = frozenset({"true", "1"})
FALSE_WORDS = frozenset({"false", "0"})


def boolean(name: str, *, default: bool) -> bool:
    """Accept only true/false/1/0, so that a typo such as "ture" or "yes" is refused, not False."""
    raw = env.str(name, default="").strip().lower()
    if not raw:
        return default
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def required(name: str) -> str:
    raw = env.str(name, default="").strip()
    if not raw:
        raise ImproperlyConfigured(f"{name} is not set; see .env.example.")
    return raw


def database(name: str) -> dict:
    raw = env.str(name, default="").strip()
    if not raw:
        raise ImproperlyConfigured(
            f"{name} is not set; give a PostgreSQL URL such as postgres://user:pass@host:5432/db."
        )
    try:
        with warnings.catch_warnings():
            # Our own message below is clearer than the library's warning.
            warnings.simplefilter("ignore")
            config = env.db_url_config(raw)
    except (ImproperlyConfigured, ValueError, KeyError) as error:
        raise ImproperlyConfigured(f"{name} is not a valid database URL ({error}).") from None
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise ImproperlyConfigured(f"{name} must point to PostgreSQL (postgres://...).")
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} names no database (add /dbname to the URL).")
    return config


def redis_url(name: str) -> str:
    raw = env.str(name, default="").strip()
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"{name} must be a Redis URL such as redis://host:6379/0, not {raw or 'empty'!r}."
        )
    return raw


def base_url(name: str, *, default: str | None = None) -> str:
    raw = env.str(name, default=default or "").strip().rstrip("/")
    if not raw.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"{name} must start with http:// or https://, not {raw!r}.")
    return raw


def port(name: str, *, default: int) -> int:
    raw = env.str(name, default="").strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) < 65536:
        raise ImproperlyConfigured(f"{name} must be a port number from 1 to 65535, not {raw!r}.")
    return int(raw)
