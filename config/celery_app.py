import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("spotlight")
# Every Celery option is a Django setting named CELERY_<OPTION>.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def skip_connection_health_checks(**kwargs) -> None:
    """Tasks are short and idempotent, and the outbox sweeper retries any that a dropped
    database connection breaks; a SELECT 1 before every task would cost a third of the
    outbox's database round trips."""
    from django.conf import settings

    settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
