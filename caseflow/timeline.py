"""A child's timeline: every change to the child's records, from django-simple-history.

Core registers its own records here; framework apps register theirs (episodes, decisions,
meetings) the same way, so the child page shows one timeline without knowing every app.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from django.db import connection, models
from django.db.models import IntegerField, OuterRef, Subquery, Value
from django.utils import timezone

from caseflow import record_versions
from caseflow.models import Child, User

# Bookkeeping fields that would only add noise to a timeline (a child's meeting record copies
# its meeting's type and date, which the entry's title already says).
_NOT_SHOWN = {"id", "child", "episode", "plan", "created_at", "meeting_type", "held_on"}


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
    """Show `model`'s changes on the child's timeline; each change also raises the child's record
    version, which keys the child page's cache (caseflow.record_versions)."""
    if not any(source.model is model for source in _sources):
        _sources.append(TimelineSource(model=model, child_field=child_field))
        record_versions.watch(_history_model(model), child_field=child_field)


def register_core_sources() -> None:
    from caseflow.models import LegalStatusPeriod, NetworkPerson, PlacementPeriod

    register_timeline_source(Child, child_field="id")
    for model in (LegalStatusPeriod, PlacementPeriod, NetworkPerson):
        register_timeline_source(model)


def _shown_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.name not in _NOT_SHOWN]


def _sentence(words: str) -> str:
    """'going Home pathway episode' -> 'Going Home pathway episode' (keeps proper nouns)."""
    return words[:1].upper() + words[1:]


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


@cache
def _history_model(model: type[models.Model]) -> Any:
    # `Model.history` builds a manager class on every access; the historical model never changes.
    return model.history.model  # type: ignore[attr-defined]


def _history(source: TimelineSource) -> Any:
    return _history_model(source.model)


_ANY_CHILD = uuid.UUID(int=0)  # stands for the child while the merged query is compiled


@cache
def _merged_sql(source_count: int) -> tuple[str, tuple[Any, ...]]:
    """The merged timeline's UNION of every source, compiled once per process (building it through
    the ORM costs more than running it); `_ANY_CHILD` marks where the child's id goes."""
    parts = [
        _history(source)
        .objects.filter(**{source.child_field: _ANY_CHILD})
        .annotate(source_index=Value(index, output_field=IntegerField()))
        .values_list("source_index", "history_id", "history_date")
        .order_by()
        for index, source in enumerate(_sources[:source_count])
    ]
    merged = parts[0].union(*parts[1:], all=True).order_by("-history_date", "-history_id")
    sql, params = merged.query.sql_with_params()
    return f"{sql} LIMIT %s OFFSET %s", tuple(params)


def _page_keys(child: Child, offset: int, limit: int) -> list[tuple[int, int]]:
    """(source index, history id) of one page of the merged timeline, newest first: one UNION query."""
    if not _sources:
        return []
    sql, params = _merged_sql(len(_sources))
    # Compared and replaced as the database stores ids (a UUID on PostgreSQL, hex text on SQLite).
    as_stored = Child._meta.pk.get_db_prep_value
    placeholder, child_id = as_stored(_ANY_CHILD, connection), as_stored(child.pk, connection)
    values = [child_id if value in (_ANY_CHILD, placeholder) else value for value in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, limit, offset])
        return [(index, history_id) for index, history_id, _ in cursor.fetchall()]


def _rows(source: TimelineSource, history_ids: list[int]) -> dict[int, Any]:
    history = _history(source)
    earlier = history.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
        "-history_date", "-history_id"
    )
    rows = (
        history.objects.filter(history_id__in=history_ids)
        .select_related("history_user")
        .annotate(previous_history_id=Subquery(earlier.values("history_id")[:1]))
    )
    return {row.history_id: row for row in rows}


def child_timeline(*, child: Child, offset: int = 0, limit: int = 20) -> tuple[list[TimelineEntry], bool]:
    """One page of the child's timeline, newest first, and whether there is an older page.

    Queries: one to find the page, then two per kind of record on it (the rows and their
    previous versions), then one per kind of linked record named in a change. None grow with
    the length of the history.
    """
    keys = _page_keys(child, offset, limit + 1)
    has_more = len(keys) > limit
    keys = keys[:limit]
    wanted: dict[int, list[int]] = {}
    for index, history_id in keys:
        wanted.setdefault(index, []).append(history_id)
    fetched = {index: _rows(_sources[index], ids) for index, ids in wanted.items()}
    page = [(_sources[index], fetched[index][history_id]) for index, history_id in keys]

    previous: dict[tuple[TimelineSource, int], Any] = {}
    for index in wanted:
        source = _sources[index]
        ids = [row.previous_history_id for row in fetched[index].values() if row.previous_history_id]
        if ids:
            for row in _history(source).objects.filter(history_id__in=ids):
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
                field=_sentence(str(f.verbose_name)),
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
                record=_sentence(str(source.model._meta.verbose_name)),
                title=str(row.instance),
                reason=row.history_change_reason or "",
                ip_address=getattr(row, "history_ip_address", None),
                changes=changes,
            )
        )
    return entries, has_more
