"""Monthly POB report snapshots and the runs that make them (SPEC section 9).

A snapshot is written once, complete, in a single INSERT: it is never changed, and a re-run of
the month is a new version beside it.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models

from caseflow.models import AppendOnlyError, Child, Team


class PobReport(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    month = models.DateField(help_text="The first day of the month reported on")
    version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Empty when the schedule made it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The one report the monthly schedule makes for a month (hand runs add versions beside it).
    scheduled = models.BooleanField(default=False)
    figures = models.JSONField()
    changes = models.JSONField(default=list, help_text="What differs from the previous version of this month")

    class Meta:
        ordering = ["-month", "-version"]
        verbose_name = "POB impact report"
        constraints = [
            models.UniqueConstraint(fields=["month", "version"], name="one_report_per_month_version"),
            models.UniqueConstraint(
                fields=["month"], condition=models.Q(scheduled=True), name="one_scheduled_report_per_month"
            ),
        ]

    def __str__(self) -> str:
        return f"POB report {self.month:%B %Y}, version {self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("A POB report snapshot is never changed: run the month again for a new version.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("A POB report snapshot is never deleted.")


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ReportRun(models.Model):
    """The progress of one run, which the page polls; the snapshot is written when it is done."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    month = models.DateField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    report = models.OneToOneField(PobReport, on_delete=models.PROTECT, null=True, blank=True, related_name="run")
    error = models.CharField(max_length=300, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Run for {self.month:%B %Y}: {self.get_status_display()}"


class MonthEndTeam(models.Model):
    """Each child's team at the end of the month being counted, read once from the child's history
    into a temporary table of this connection while the figures are worked out
    (`figures.month_end_teams`), so every figure is counted by team in the database. Nothing is
    stored: outside that step the table does not exist."""

    child = models.OneToOneField(
        Child,
        primary_key=True,
        db_column="id",  # the history table's name for the child's id, as the table is made from it
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="month_end_team",
    )
    team = models.ForeignKey(Team, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")

    class Meta:
        managed = False
        db_table = "reports_month_end_team"

    def __str__(self) -> str:
        return f"Team {self.team_id} at the month's end"
