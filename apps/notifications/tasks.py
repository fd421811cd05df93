"""Celery tasks: thin, idempotent, and given ids only."""

import logging

from celery import shared_task

from apps.notifications import services

logger = logging.getLogger(__name__)


# acks_late: a worker that dies mid-task leaves the message in the broker to be delivered again;
# the claim in services.deliver makes that second delivery a no-op once the email is sent.
@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def deliver_email(email_id: int) -> str:
    outcome = services.deliver(email_id)
    if outcome.retry_in is not None:
        services.enqueue(email_id, countdown=outcome.retry_in)
    return outcome.status


@shared_task(ignore_result=True)
def sweep_outbox() -> None:
    result = services.sweep()
    if result.requeued or result.recovered or result.expired:
        logger.info(
            "Outbox sweep: %s re-enqueued, %s recovered, %s expired.",
            result.requeued,
            result.recovered,
            result.expired,
        )
