"""A developer's machine: debug on, friendly defaults, email printed to the console."""

import os

# Defaults only: a variable set in the environment still wins.
os.environ.setdefault("DJANGO_SECRET_KEY", "local-development-only-not-secret")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

from config.settings.base import *  # noqa: F403
from config.settings.base import EMAIL_BACKEND, INSTALLED_APPS

INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]

# consolemail:// (the default) prints a short block per email instead of raw MIME.
if EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":
    EMAIL_BACKEND = "apps.notifications.dev_backend.EmailBackend"
# The worker prints those blocks; Celery logs what tasks print at WARNING unless told otherwise.
CELERY_WORKER_REDIRECT_STDOUTS_LEVEL = "INFO"

# Static files straight from static/ (no collectstatic), through whitenoise as in production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
