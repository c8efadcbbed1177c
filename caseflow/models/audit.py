"""Append-only records: who opened which child, and when beat last ran."""

from typing import Any

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    pass


class ChildAccessLog(models.Model):
    """Every open of a child's record. Written once, never changed or deleted by the app."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("caseflow.Child", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip_address = models.GenericIPAddressField("from address", null=True, blank=True)
    path = models.CharField(max_length=300)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = "child record access"
        verbose_name_plural = "child record access log"

    def __str__(self) -> str:
        return f"{self.user} opened {self.child_id} at {self.opened_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The access log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("The access log cannot be deleted.")


class BeatHeartbeat(models.Model):
    """When the Celery beat schedule last ran its heartbeat task (one row per beat)."""

    name = models.CharField(max_length=50, unique=True)
    last_beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_beat_at:%Y-%m-%d %H:%M:%S}"
