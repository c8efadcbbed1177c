"""Deadlines as rows, their periods as configuration, and the notification outbox."""

from django.conf import settings
from django.db import models

from caseflow.deadlines.periods import Unit

from .children import Child
from .history import tracked


class DeadlinePeriod(models.Model):
    """The period of one kind of deadline. Defaults come from the rules; administrators see and
    change them here, and the next scan uses the new value for clocks that start after."""

    kind = models.CharField(max_length=60, unique=True)
    label = models.CharField(max_length=200)
    amount = models.PositiveIntegerField()
    unit = models.CharField(max_length=20, choices=Unit.choices)
    before = models.BooleanField("counts back from the clock", default=False)
    clock = models.CharField("clock starts", max_length=200)
    history = tracked()

    class Meta:
        ordering = ["label"]
        verbose_name = "deadline period"

    def __str__(self) -> str:
        return self.label


class DeadlineStatus(models.TextChoices):
    OPEN = "open", "Due"
    OVERDUE = "overdue", "Overdue"
    MET = "met", "Met"
    WAIVED = "waived", "Waived"
    CANCELLED = "cancelled", "No longer applies"


class Deadline(models.Model):
    """One deadline for one child. Created and moved on by the scan (set-based, so not history
    tracked row by row); a waiver records who and why on the row itself."""

    kind = models.CharField(max_length=60)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="deadlines")
    episode_id = models.UUIDField(null=True, blank=True, db_index=True)
    # What started this clock, unique per kind and child: a second scan finds it and adds nothing.
    clock_key = models.CharField(max_length=120)
    starts_at = models.DateTimeField("clock started")
    due_at = models.DateTimeField("due")
    status = models.CharField(max_length=20, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN)
    met_on = models.DateField("met on", null=True, blank=True)
    met_by = models.CharField("met by", max_length=300, blank=True)
    waived_reason = models.TextField(blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    waived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "child", "clock_key"], name="one_deadline_per_clock"),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["child", "due_at"]),
            # Overdue deadlines by kind and child, read in order: the dashboard's children per kind.
            models.Index(
                fields=["kind", "child"], condition=models.Q(status="overdue"), name="deadline_overdue_kind_child"
            ),
            # The scan's pass over one rule's live deadlines (what meets them, which have lost their clock).
            models.Index(
                fields=["kind"], condition=models.Q(status__in=["open", "overdue"]), name="deadline_live_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.child_id} due {self.due_at:%Y-%m-%d}"


class Notification(models.Model):
    """The outbox: written in the same transaction as the change it reports, delivered by a task.

    `dedupe_key` makes each notification exist once per recipient, however often it is raised.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    dedupe_key = models.CharField(max_length=200)
    subject = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedupe_key"], name="one_notification_per_event"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject
