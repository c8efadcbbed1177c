from celery import shared_task

from caseflow import health


@shared_task
def beat_heartbeat() -> None:
    """Scheduled every minute; /healthz reads when it last ran. Running it twice is harmless."""
    health.beat_heartbeat_record()
