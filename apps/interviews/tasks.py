"""Celery tasks: thin, idempotent, and given ids only."""

from celery import shared_task

from apps.interviews import services


# Periodic (Celery beat, e.g. hourly): expiring twice is harmless, as a request that already
# expired is no longer due.
@shared_task(ignore_result=True)
def expire_stale_requests() -> int:
    return services.expire_stale_requests()
