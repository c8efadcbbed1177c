from typing import Any

from django.core.management.base import BaseCommand

from caseflow.deadlines.scan import scan_deadlines


class Command(BaseCommand):
    help = "Run the deadline scan now (the same service Celery beat runs every 15 minutes). Safe to repeat."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = scan_deadlines()
        self.stdout.write(
            "Deadline scan: {created} created, {met} met, {overdue} became overdue, {cancelled} no longer apply".format(
                **{key: counts.get(key, 0) for key in ("created", "met", "overdue", "cancelled")}
            )
        )
