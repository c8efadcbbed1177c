"""Scheduled and queued work. Thin: each task calls a service and is safe to run twice at once."""

from celery import shared_task

from caseflow import health, notifications
from caseflow.deadlines.scan import scan_deadlines as scan


@shared_task
def beat_heartbeat() -> None:
    """Scheduled every minute; /healthz reads when it last ran. Running it twice is harmless."""
    health.beat_heartbeat_record()


@shared_task
def scan_deadlines() -> dict[str, int]:
    """Scheduled every 15 minutes: create, meet, cancel and mark overdue deadlines (idempotent)."""
    return dict(scan())


@shared_task
def deliver_notifications() -> int:
    """Queued after a change and scheduled every minute: email what the outbox holds, once."""
    return notifications.deliver_pending()
