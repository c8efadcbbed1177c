"""A child's timeline: every change to the child's records, from django-simple-history.

Core registers its own records here; framework apps register theirs (episodes, decisions,
meetings) the same way, so the child page shows one timeline without knowing every app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from caseflow.models import Child, User

# Bookkeeping fields that would only add noise to a timeline.
_NOT_SHOWN = {"id", "child", "created_at"}


@dataclass(frozen=True)
class TimelineSource:
    model: type[models.Model]
    child_field: str  # how the historical row names the child, e.g. "child_id"


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class TimelineEntry:
    when: datetime
    who: User | None
    action: str  # "added", "changed" or "removed"
    record: str  # what kind of record, e.g. "Network person"
    title: str  # which one, e.g. "Jo Smith (Mother)"
    reason: str
    ip_address: str | None
    changes: list[Change] = field(default_factory=list)


_sources: list[TimelineSource] = []


def register_timeline_source(model: type[models.Model], *, child_field: str = "child_id") -> None:
    if not any(source.model is model for source in _sources):
        _sources.append(TimelineSource(model=model, child_field=child_field))


def register_core_sources() -> None:
    from caseflow.models import LegalStatusPeriod, NetworkPerson, PlacementPeriod

    register_timeline_source(Child, child_field="id")
    for model in (LegalStatusPeriod, PlacementPeriod, NetworkPerson):
        register_timeline_source(model)


def _shown_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.name not in _NOT_SHOWN]


class _Labels:
    """Turns stored values into words, fetching foreign keys in one query per related model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = {}
        self.names: dict[tuple[type[models.Model], Any], str] = {}

    def want(self, f: models.Field[Any, Any], value: Any) -> None:
        if f.is_relation and value is not None and f.related_model is not None:
            self.wanted.setdefault(f.related_model, set()).add(value)  # type: ignore[arg-type]

    def fetch(self) -> None:
        for model, ids in self.wanted.items():
            for obj in model._default_manager.filter(pk__in=ids):
                self.names[(model, obj.pk)] = str(obj)

    def text(self, f: models.Field[Any, Any], value: Any) -> str:
        if value is None or value == "":
            return "blank"
        if f.is_relation and f.related_model is not None:
            return self.names.get((f.related_model, value), "a record no longer held")  # type: ignore[arg-type]
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, datetime):
            return f"{timezone.localtime(value):%-d %B %Y %H:%M}"
        if isinstance(value, date):
            return f"{value:%-d %B %Y}"
        return str(value)


def _rows_for(source: TimelineSource, child: Child, limit: int) -> list[Any]:
    history = source.model.history.model  # type: ignore[attr-defined]
    earlier = history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
        "-history_date", "-history_id"
    )
    rows = (
        history.objects.filter(**{source.child_field: child.pk})
        .select_related("history_user")
        .annotate(previous_history_id=Subquery(earlier.values("history_id")[:1]))
        .order_by("-history_date", "-history_id")[:limit]
    )
    return list(rows)


def child_timeline(*, child: Child, offset: int = 0, limit: int = 20) -> tuple[list[TimelineEntry], bool]:
    """One page of the child's timeline, newest first, and whether there is an older page.

    Query count is fixed by the number of sources, not the length of the history.
    """
    wanted = offset + limit + 1
    rows = [(source, row) for source in _sources for row in _rows_for(source, child, wanted)]
    rows.sort(key=lambda pair: (pair[1].history_date, pair[1].history_id), reverse=True)
    page, has_more = rows[offset : offset + limit], len(rows) > offset + limit

    previous: dict[tuple[TimelineSource, int], Any] = {}
    for source in _sources:
        ids = [row.previous_history_id for s, row in page if s is source and row.previous_history_id]
        if ids:
            history = source.model.history.model  # type: ignore[attr-defined]
            for row in history.objects.filter(history_id__in=ids):
                previous[(source, row.history_id)] = row

    labels = _Labels()
    pairs = []
    for source, row in page:
        before = previous.get((source, row.previous_history_id))
        fields = _shown_fields(source.model)
        changed = [f for f in fields if before is None or getattr(before, f.attname) != getattr(row, f.attname)]
        for f in changed:
            labels.want(f, getattr(row, f.attname))
            if before is not None:
                labels.want(f, getattr(before, f.attname))
        pairs.append((source, row, before, changed))
    labels.fetch()

    entries = []
    for source, row, before, changed in pairs:
        action = {"+": "added", "-": "removed"}.get(row.history_type, "changed")
        changes = [
            Change(
                field=str(f.verbose_name)[:1].upper() + str(f.verbose_name)[1:],
                old=labels.text(f, getattr(before, f.attname)) if before is not None else "",
                new=labels.text(f, getattr(row, f.attname)),
            )
            for f in changed
            if before is not None or getattr(row, f.attname) not in (None, "", False)
        ]
        if action == "changed" and not changes:
            continue
        entries.append(
            TimelineEntry(
                when=row.history_date,
                who=row.history_user,
                action=action,
                record=str(source.model._meta.verbose_name).capitalize(),
                title=str(row.instance),
                reason=row.history_change_reason or "",
                ip_address=getattr(row, "history_ip_address", None),
                changes=changes,
            )
        )
    return entries, has_more
