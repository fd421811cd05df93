"""Reachability of the services Spotlight cannot work without."""

import redis
from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError

CONNECT_TIMEOUT_SECONDS = 3


def database_problem() -> str | None:
    """Why the database cannot be used, in one line, or None when it answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return first_line(error) or error.__class__.__name__
    return None


def broker_problem() -> str | None:
    """Why the Redis broker cannot be used, in one line, or None when it answers."""
    client = redis.Redis.from_url(
        settings.CELERY_BROKER_URL,
        socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        socket_timeout=CONNECT_TIMEOUT_SECONDS,
    )
    try:
        client.ping()
    except redis.RedisError as error:
        return first_line(error) or error.__class__.__name__
    finally:
        client.close()
    return None


def first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else ""
