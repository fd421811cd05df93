"""Production: every secret comes from the environment; `check --deploy` stays clean over HTTPS."""

from config.environment import base_url, boolean, env, required
from config.settings.base import *  # noqa: F403

DEBUG = False
# No defaults: production refuses to start without its host names and public address
# (base.py already refuses to start without DJANGO_SECRET_KEY).
ALLOWED_HOSTS = [host.strip() for host in required("DJANGO_ALLOWED_HOSTS").split(",")]
SPOTLIGHT_BASE_URL = base_url("SPOTLIGHT_BASE_URL")
CSRF_TRUSTED_ORIGINS = [SPOTLIGHT_BASE_URL]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The public address decides: an https:// site redirects plain HTTP, sends HSTS and keeps its
# cookies off plain HTTP. (An http:// address is for trying the containers on one machine.)
IS_HTTPS = SPOTLIGHT_BASE_URL.startswith("https://")
# TLS ends at the proxy in front of gunicorn, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = IS_HTTPS
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000) if IS_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = boolean("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# The preload directive enrols nobody by itself; submitting the domain to browsers does.
SECURE_HSTS_PRELOAD = boolean("DJANGO_SECURE_HSTS_PRELOAD", default=True)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if IS_HTTPS else "http"
SESSION_COOKIE_SECURE = IS_HTTPS
CSRF_COOKIE_SECURE = IS_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
