from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports import services


class Command(BaseCommand):
    help = "Make the monthly POB impact report for a month (a new version if one exists)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="The month, as YYYY-MM (default: last month)")

    def handle(self, *args: Any, **options: Any) -> None:
        month = self._month(options.get("month"))
        report = services.report_create(month=month, by=None)
        self.stdout.write(f"Made {report}.")
        for change in report.changes:
            self.stdout.write(f"  changed since the previous version: {change}")

    def _month(self, text: str | None) -> date:
        if not text:
            return services.previous_month()
        month = services.parse_month(text)
        if month is None:
            raise CommandError(f"'{text}' is not a month: give it as YYYY-MM, for example 2026-10")
        problem = services.month_problem(month)
        if problem:
            raise CommandError(problem)
        return month
