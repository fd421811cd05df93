"""Settings shared by every deployment; each value that varies comes from the environment.

.env.example documents every variable. local.py, test.py and production.py adjust these.
"""

from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF

from config.environment import base_url, boolean, database, env, port, redis_url, required

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = required("DJANGO_SECRET_KEY")
DEBUG = boolean("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])

# The product
SPOTLIGHT_SITE_NAME = env.str("SPOTLIGHT_SITE_NAME", default="Spotlight")
# Unset, links point where `dev.py run` serves the site: 127.0.0.1 on PORT.
_port = port("PORT", default=8000)
SPOTLIGHT_BASE_URL = base_url("SPOTLIGHT_BASE_URL", default=f"http://127.0.0.1:{_port}")
SPOTLIGHT_STUDENT_EMAIL_DOMAINS = [
    domain.lower().lstrip("@")
    for domain in env.list("SPOTLIGHT_STUDENT_EMAIL_DOMAINS", default=["example.edu"])
]
CSRF_TRUSTED_ORIGINS = [SPOTLIGHT_BASE_URL]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = SPOTLIGHT_BASE_URL.split(":")[0]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "allauth",
    "allauth.account",
    "django_filters",
    "import_export",
    "csp",
    "apps.core",
    "apps.accounts",
    "apps.students",
    "apps.directory",
    "apps.interviews",
    "apps.advising",
    "apps.notifications",
]

MIDDLEWARE = [
    # First, so that container probes are answered before host checks and HTTPS redirects.
    "apps.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files need no policy of their own, pages do.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.admin_queries.RefuseNullInAdminQueries",
    "allauth.account.middleware.AccountMiddleware",
    "apps.accounts.middleware.TimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Content-Security-Policy (django-csp): scripts, styles, images and requests come from this site
# only, nothing inline runs (no nonce is needed: every script is a file in static/), and no other
# site may show a page in a frame. Bootstrap's CSS draws its form icons from data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": database("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "core:landing"

# Accounts (django-allauth): sign in by email address, which must be verified first.
ACCOUNT_ADAPTER = "apps.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "apps.accounts.forms.StudentSignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
# Sign-up and password reset answer the same whether or not the address has an account.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# A new password signs the person out everywhere, this browser included.
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Rate limits, per client address ("ip") and per email address typed ("key"). Failed sign-ins:
# 5 per account in 5 minutes (a password reset lifts that lock at once) and 20 per client a
# minute. Password-reset emails: 3 an hour per address. Volunteer offers (our own action): 10
# an hour per client and 3 a day per address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/m/ip,5/5m/key",
    "reset_password": "20/m/ip,3/h/key",
    "volunteer_application": "10/h/ip,3/d/key",
}
# Behind a proxy every request comes from the proxy's address, so the client's own is read
# from a header the proxy sets, and only when one is configured: anyone can send a header.
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("SPOTLIGHT_CLIENT_IP_HEADER", default="") or None
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("SPOTLIGHT_TRUSTED_PROXY_COUNT", default=0)
SPOTLIGHT_INVITATION_DAYS = env.int("SPOTLIGHT_INVITATION_DAYS", default=14)
# Interview requests a student may have waiting or scheduled at once.
SPOTLIGHT_MAX_OPEN_REQUESTS = env.int("SPOTLIGHT_MAX_OPEN_REQUESTS", default=5)
# Interview requests a student may send in any 24 hours, the ones they cancelled included.
SPOTLIGHT_MAX_REQUESTS_PER_DAY = env.int("SPOTLIGHT_MAX_REQUESTS_PER_DAY", default=5)
# Minutes after sending in which a student's cancellation is a quiet withdrawal: the request
# gives back its place under the volunteer's monthly cap and the volunteer gets no more email.
SPOTLIGHT_CANCEL_GRACE_MINUTES = env.int("SPOTLIGHT_CANCEL_GRACE_MINUTES", default=10)
# How long the directory keeps a rendered search; any change to a profile starts afresh.
SPOTLIGHT_SEARCH_CACHE_SECONDS = env.int("SPOTLIGHT_SEARCH_CACHE_SECONDS", default=60)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

REDIS_URL = redis_url("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "spotlight",
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Browsers ask for /favicon.ico at the site root whatever a page links to.
WHITENOISE_ROOT = BASE_DIR / "static" / "img"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# smtp://user:password@host:587/?tls=True in production; the console locally.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS"))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL"))
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default=f"{SPOTLIGHT_SITE_NAME} <spotlight@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where a person's reply goes when an email invites one (e.g. the career center's inbox).
SPOTLIGHT_REPLY_TO_EMAIL = env.str("SPOTLIGHT_REPLY_TO_EMAIL", default="")

# The outbox (apps/notifications): retries, and the sweeper that recovers what was not sent.
SPOTLIGHT_EMAIL_RETRY_BASE_SECONDS = env.float("SPOTLIGHT_EMAIL_RETRY_BASE_SECONDS", default=30)
SPOTLIGHT_EMAIL_RETRY_MAX_SECONDS = env.float("SPOTLIGHT_EMAIL_RETRY_MAX_SECONDS", default=3600)
SPOTLIGHT_EMAIL_MAX_ATTEMPTS = env.int("SPOTLIGHT_EMAIL_MAX_ATTEMPTS", default=8)
SPOTLIGHT_EMAIL_SWEEP_AFTER_SECONDS = env.float("SPOTLIGHT_EMAIL_SWEEP_AFTER_SECONDS", default=60)
SPOTLIGHT_EMAIL_STALE_SENDING_SECONDS = env.float(
    "SPOTLIGHT_EMAIL_STALE_SENDING_SECONDS", default=300
)
SPOTLIGHT_EMAIL_EXPIRE_AFTER_HOURS = env.float("SPOTLIGHT_EMAIL_EXPIRE_AFTER_HOURS", default=72)
SPOTLIGHT_EMAIL_SWEEP_BATCH = 5000

CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that saves a change must not hang when Redis is down: publish fails fast, the row
# stays in the outbox and the sweeper sends it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0.2}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
CELERY_TASK_ACKS_LATE = True
# Celery closes the database connection after every task unless told to reuse it; reconnecting
# per task would cost more than the task itself. Connections still close when they go bad.
CELERY_DB_REUSE_MAX = 1000
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BEAT_SCHEDULE = {
    "sweep-outbox": {
        "task": "apps.notifications.tasks.sweep_outbox",
        "schedule": env.float("SPOTLIGHT_EMAIL_SWEEP_INTERVAL_SECONDS", default=60),
    },
    "expire-interview-requests": {
        "task": "apps.interviews.tasks.expire_stale_requests",
        "schedule": 3600,
    },
    "refresh-directory-ranking": {
        "task": "apps.directory.tasks.refresh_ranking",
        "schedule": crontab(hour=0, minute=5),
    },
}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own console handler would print every django.* line twice.
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
