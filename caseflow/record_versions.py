"""A child's record version: raised in the same transaction as every change to a record on the
child's timeline (each such change writes a history row, and this listens for them) and to any of
the child's deadlines (the scan changes them set-based, without history, and raises the versions of
the children it changed with `versions_raise`).

What is built only from those records (the child page) can then be cached under (child, version)
and is never served stale: a change makes a new version, so a new key, and nothing has to be
invalidated.
"""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.db import connection, models
from django.db.models import Subquery
from django.db.models.functions import Coalesce
from simple_history.signals import post_create_historical_record

from caseflow.models import ChildRecordVersion

# The same statement on PostgreSQL and SQLite; an upsert, so two changes at once both count.
_RAISE = (
    "INSERT INTO caseflow_childrecordversion (child_id, version) VALUES {rows} "
    "ON CONFLICT (child_id) DO UPDATE SET version = caseflow_childrecordversion.version + 1"
)
_BATCH = 500
_watched: dict[type[models.Model], str] = {}  # history model -> how its rows name the child


def version_of(child_id: Any) -> Any:
    """The child's record version as an expression (0 before any change): `child_id` is a value or
    an OuterRef, so a query for the child can read it in the same statement."""
    version = ChildRecordVersion.objects.filter(child_id=child_id).values("version")[:1]
    return Coalesce(Subquery(version), 0)


def version_for(child_id: UUID) -> int:
    return ChildRecordVersion.objects.filter(child_id=child_id).values_list("version", flat=True).first() or 0


def version_raise(child_id: UUID) -> None:
    versions_raise([child_id])


def versions_raise(child_ids: Iterable[Any]) -> None:
    """Raise each of these children's versions once. In id order, so two passes raising the same
    children at once take their locks in one order and never wait on each other in a circle; a
    pass calls it last in its transaction, after it has changed the rows, so it holds these locks
    only for the moment before it commits."""
    prep = ChildRecordVersion._meta.pk.get_db_prep_value
    ordered = sorted({prep(child_id, connection) for child_id in child_ids if child_id is not None})
    with connection.cursor() as cursor:
        for start in range(0, len(ordered), _BATCH):
            batch = ordered[start : start + _BATCH]
            cursor.execute(_RAISE.format(rows=", ".join(["(%s, 1)"] * len(batch))), batch)


def _child_of(history_model: type[models.Model], row: Any) -> Any:
    child_field = _watched[history_model]
    if "__" not in child_field:
        return getattr(row, child_field)
    # Through a parent record (an episode, a mapping): one query, on a write only.
    return history_model._default_manager.filter(pk=row.pk).values_list(child_field, flat=True).first()


def _history_written(sender: type[models.Model], history_instance: Any, **kwargs: Any) -> None:
    child_id = _child_of(sender, history_instance)
    if child_id is not None:
        version_raise(child_id)


def watch(history_model: type[models.Model], *, child_field: str) -> None:
    """Raise the child's version whenever `history_model` gets a row."""
    _watched[history_model] = child_field
    post_create_historical_record.connect(
        _history_written, sender=history_model, dispatch_uid=f"record-version:{history_model._meta.label}"
    )
