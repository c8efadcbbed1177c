from celery import shared_task

from pathways import services


@shared_task
def propose_final_60_days() -> int:
    """Daily: propose 'going home within 60 days' where the planned return is that close (idempotent)."""
    return services.final_60_days_propose()
