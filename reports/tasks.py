from typing import Any

from celery import shared_task

from reports import services


@shared_task
def generate_pob_report(run_id: Any) -> None:
    """A report asked for in the browser: runs in a worker while the page polls its progress."""
    services.run_execute(run_id=run_id)


@shared_task
def scheduled_pob_report() -> str:
    """Daily at 05:00: makes last month's report if the schedule has not yet (so a missed 1st
    catches up on the 2nd); a second run, or two at once, add nothing."""
    report = services.scheduled_report()
    return str(report) if report else "already made"
