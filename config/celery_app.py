import os

from celery import Celery
from celery.signals import task_postrun, worker_init

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


@task_postrun.connect
def close_broken_connections(task=None, **kwargs) -> None:
    """Celery closes database connections only every CELERY_DB_REUSE_MAX tasks, so one broken
    by a database restart would fail every task of its thread until then, the sweeper's too.
    Closing it once a task has seen an error lets the next task connect afresh; a connection
    without errors is kept (until CONN_MAX_AGE), at no cost."""
    if task is not None and task.request.is_eager:
        return  # ran inside the caller's request or test, whose connection is not ours to close
    from django.db import close_old_connections

    close_old_connections()
