"""Demo only, never production: the clock of the demo's story.

`seed_demo` makes every demo record through the real services, so guards run and history is
written as for any user; but each record and history row is then stamped with the moment the
seed runs, and the POB report and the dashboard's trends, read from history month by month,
would show nothing before this month. So the seeders say when each part of their story happens
(`at(day)`), and when the seed is done `story()` moves every timestamp written after a mark to
the mark's moment (plus the time since the mark, which keeps their order): history rows'
`history_date` and the records' own timestamps (created_at, recorded_at, state_entered_at,
decided_at, ...) alike. The dates services are given (done_on, decided_on, held_on, ...) come
from the story itself.

This writes with QuerySet.update() on tracked models and their history, which nothing else may
(the reviewed list in tests/caseflow/test_security.py): only inside `seed_demo`, and only to the
rows that run of the seed wrote, so seeding again re-dates nothing.
"""

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone

APPS = ("caseflow", "pathways", "reunification", "meetings", "reports")
# A story day: (months back, day of that month) reads the same whichever day the seed runs, so
# last month always has its events; a plain number is that many days ago (what is recent now).
Day = tuple[int, int] | int


@dataclass(frozen=True)
class _Mark:
    real: datetime  # when the seed set the mark
    moment: datetime  # when that part of the story happened


_marks: list[_Mark] | None = None
_per_day: Counter[date] = Counter()


def day(spec: Day) -> date:
    today = timezone.localdate()
    if isinstance(spec, int):
        return today - timedelta(days=spec)
    months_back, day_of_month = spec
    if not 1 <= day_of_month <= 28:
        raise ValueError("A story day is the 1st to the 28th, which every month has")
    return (today.replace(day=1) - relativedelta(months=months_back)).replace(day=day_of_month)


def at(when: date | datetime) -> None:
    """What is written from here on happened at `when`: a moment, or a day (from 09:00, each mark
    on the same day two minutes after the one before). Never later than now. Outside a story,
    nothing (the tests reach their states through the same demo functions)."""
    if _marks is None:
        return
    if isinstance(when, datetime):
        moment = when
    else:
        moment = timezone.make_aware(datetime.combine(when, time(9))) + timedelta(minutes=2 * _per_day[when])
        _per_day[when] += 1
    real = timezone.now()
    for _ in range(100_000):  # everything stamped after the mark is strictly later than it
        if timezone.now() > real:
            break
    else:
        raise RuntimeError("The clock stands still: the demo's story needs it to move")
    _marks.append(_Mark(real=real, moment=min(moment, real)))


@contextmanager
def story() -> Iterator[None]:
    """Collect the seeders' marks; when they are done, re-date what they wrote."""
    global _marks
    _marks = []
    _per_day.clear()
    try:
        yield
        marks = _marks
    finally:
        _marks = None
    if marks:
        _redate(marks, until=timezone.now())


def correct_day(instance: models.Model, field: str, value: date) -> None:
    """A date a service sets to the day it runs (a pathway's `ended_on` when it closes) takes the
    story's day, in the record and in each of its history rows that holds the seed's day."""
    today = timezone.localdate()
    model = type(instance)
    model._base_manager.filter(pk=instance.pk, **{field: today}).update(**{field: value})
    history = model.history.model  # type: ignore[attr-defined]
    history._base_manager.filter(**{model._meta.pk.attname: instance.pk, field: today}).update(**{field: value})


def _redate(marks: list[_Mark], *, until: datetime) -> None:
    reals = [mark.real for mark in marks]
    start = reals[0]

    def moved(value: datetime) -> datetime:
        mark = marks[bisect_left(reals, value) - 1]  # the last mark set before the value was written
        return mark.moment + (value - mark.real)

    for model in _models():
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.DateTimeField)]
        if not fields:
            continue
        written = Q()
        for name in fields:
            written |= Q(**{f"{name}__gt": start, f"{name}__lte": until})
        rows = model._base_manager.filter(written).values_list("pk", *fields)
        for pk, *values in list(rows):
            changes = {
                name: moved(value)
                for name, value in zip(fields, values, strict=True)
                if value is not None and start < value <= until
            }
            model._base_manager.filter(pk=pk).update(**changes)
        if hasattr(model, "instance_type"):
            _check_order(model)


def _models() -> Iterator[type[models.Model]]:
    for label in APPS:
        yield from apps.get_app_config(label).get_models()


def _check_order(history: Any) -> None:
    """Each record's history must still read forwards: a story that dates a later change before
    an earlier one is a mistake in the demo, refused before it is saved."""
    record_id = history.instance_type._meta.pk.attname
    last: dict[Any, datetime] = {}
    for key, when in history._base_manager.order_by(record_id, "history_id").values_list(record_id, "history_date"):
        if key in last and when < last[key]:
            raise RuntimeError(f"The demo story dates {history.__name__} {key} out of order")
        last[key] = when
