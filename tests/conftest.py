import os

import pytest
from django.core.cache import cache

from apps.notifications.smtp_sink import free_port
from tests.factories import (
    AdvisorFactory,
    AlumniFactory,
    StaffFactory,
    StudentFactory,
)

# Playwright's sync API runs an event loop in the test's thread, and Django refuses ORM calls
# from a thread with a running loop. The tests' own set-up queries are safe to allow.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytest_plugins = ["tests.browser"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the (real, per-worker) Redis cache: start each test clean."""
    cache.clear()


@pytest.fixture
def unused_tcp_port() -> int:
    """A loopback port where nothing listens, for testing what happens when a service is down."""
    return free_port()


@pytest.fixture
def student(db):
    return StudentFactory()


@pytest.fixture
def alumnus(db):
    return AlumniFactory()


@pytest.fixture
def advisor(db):
    return AdvisorFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()
