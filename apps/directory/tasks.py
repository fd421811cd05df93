"""Celery tasks: thin, idempotent, and given ids only."""

import logging

from celery import shared_task

from apps.directory import importing, ranking

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def run_import(job_id: int) -> None:
    try:
        importing.run(job_id=job_id)
    except Exception as error:
        # The task boundary: whatever went wrong, the job must not stay "running" for ever.
        logger.exception("Import %s failed.", job_id)
        message = f"The import stopped unexpectedly ({type(error).__name__}: {error})"[:500]
        importing.mark_failed(
            job_id=job_id, errors=[{"row": None, "column": None, "message": message}]
        )


# Nightly (Celery beat): pauses end, days away begin and end, and months turn at midnight.
@shared_task(ignore_result=True)
def refresh_ranking() -> int:
    return ranking.refresh()
