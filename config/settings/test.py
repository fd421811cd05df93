"""The test suite: real PostgreSQL and Redis from the environment, mail kept in memory."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("SPOTLIGHT_BASE_URL", "http://testserver")

from config.settings.base import *  # noqa: F403
from config.settings.base import CACHES, DATABASES, REDIS_URL

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# The live server answers each browser request in a thread of its own; a connection kept open
# after the request would outlive the test and block dropping the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Parallel test workers share one Redis server; each gets a database of its own (1-15) for its
# cache, so that one worker clearing its cache between tests never touches another's.
_worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
CACHES["default"]["LOCATION"] = REDIS_URL.rsplit("/", 1)[0] + f"/{_worker % 15 + 1}"

# Most tests run Celery tasks in-process when their transaction commits, and read the result in
# mail.outbox; tests/notifications/ runs a real worker against a Redis server of its own.
CELERY_TASK_ALWAYS_EAGER = True

# Static files straight from static/ (no collectstatic), through whitenoise as in production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Uploaded photos go to a scratch folder, never into the working tree.
MEDIA_ROOT = tempfile.mkdtemp(prefix="spotlight-test-media-")
