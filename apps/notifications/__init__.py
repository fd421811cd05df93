"""The email outbox that Celery delivers."""
