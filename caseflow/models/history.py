"""What every historical row records besides the change: the address the change came from."""

from typing import Any

from django.db import models
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class HistoryWithAddress(models.Model):
    history_ip_address = models.GenericIPAddressField("from address", null=True, blank=True)

    class Meta:
        abstract = True


def tracked(*, bases: tuple[type[models.Model], ...] = (), **kwargs: Any) -> HistoricalRecords:
    """HistoricalRecords for a CaseFlow domain model: who, when, what and from where (and, with
    `bases`, whatever else that model's history rows keep)."""
    return HistoricalRecords(bases=[HistoryWithAddress, *bases], **kwargs)


def _record_address(sender: Any, **kwargs: Any) -> None:
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        kwargs["history_instance"].history_ip_address = request.META.get("REMOTE_ADDR")


pre_create_historical_record.connect(_record_address, dispatch_uid="caseflow_history_address")
