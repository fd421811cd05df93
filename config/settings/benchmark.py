"""The directory benchmark's web server: local settings without debug, plus baseline views."""

import os

os.environ.setdefault("DJANGO_DEBUG", "false")

from config.settings.local import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "apps.directory.benchmark_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False}
