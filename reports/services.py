"""Making POB report snapshots: a run computes the figures, then writes one immutable snapshot."""

import logging
from dataclasses import asdict
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from caseflow.locks import held_by_this_process
from caseflow.models import User
from reports import figures
from reports.models import PobReport, ReportRun, RunStatus

log = logging.getLogger(__name__)


class AlreadyScheduled(Exception):
    """The schedule has already made this month's report."""


def parse_month(text: str) -> date | None:
    """'2026-10' -> 1 October 2026; anything else -> None."""
    year, _, month = text.strip().partition("-")
    if not (year.isdigit() and month.isdigit() and len(year) == 4 and int(year) >= 1 and 1 <= int(month) <= 12):
        return None
    return date(int(year), int(month), 1)


EARLIEST_MONTH = date(2000, 1, 1)


def month_problem(month: date, *, today: date | None = None) -> str | None:
    """Why a month cannot be reported on, in words; None when it can (it has ended)."""
    this_month = (today or timezone.localdate()).replace(day=1)
    if month >= this_month:
        return f"A report covers a month that has ended: choose {previous_month(today):%B %Y} or earlier"
    if month < EARLIEST_MONTH:
        return f"Choose a month from {EARLIEST_MONTH:%B %Y} onwards"
    return None


def previous_month(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return (today.replace(day=1) - relativedelta(months=1)).replace(day=1)


def _assemble(month: date, current: list[figures.Section], before: list[figures.Section]) -> dict[str, Any]:
    previous = {(s.key, r.label): r.values for s in before for r in s.rows}
    sections = []
    for section in current:
        data = asdict(section)
        # A row the month before had and this month has not (say, no one left in a stage) still compares.
        labels = [row["label"] for row in data["rows"]]
        data["rows"] += [
            {"label": r.label, "values": {}}
            for s in before
            if s.key == section.key
            for r in s.rows
            if r.label not in labels
        ]
        for row in data["rows"]:
            row["previous"] = previous.get((section.key, row["label"]), {})
        sections.append(data)
    return {"month": f"{month:%Y-%m}", "teams": figures.team_names(), "sections": sections}


def _changes(new: dict[str, Any], old: dict[str, Any] | None) -> list[str]:
    """What a re-run changed since the previous version, in words (overall figures)."""
    if old is None:
        return []
    before = {(s["title"], r["label"]): r["values"].get(figures.OVERALL) for s in old["sections"] for r in s["rows"]}
    after = {(s["title"], r["label"]): r["values"].get(figures.OVERALL) for s in new["sections"] for r in s["rows"]}
    return [
        f"{title}, {label}: {before.get((title, label), 0) or 0} → {after.get((title, label), 0) or 0}"
        for title, label in sorted(set(before) | set(after))
        if (before.get((title, label)) or 0) != (after.get((title, label)) or 0)
    ]


def _progress(run: ReportRun | None, percent: int, step: str) -> None:
    if run is not None:
        ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=percent, step=step)


def report_create(*, month: date, by: User | None, run: ReportRun | None = None, scheduled: bool = False) -> PobReport:
    """Compute the month (and the month before, for comparison) and store a new version.

    Two runs at once make two versions (or, for the schedule, one): the version number and the
    scheduled flag are unique, and the snapshot is one INSERT, so none is ever half written.
    """
    month = month.replace(day=1)
    current = figures.compute(month, progress=lambda p, s: _progress(run, int(p * 0.8), s))
    _progress(run, 85, "The previous month, for comparison")
    before = figures.compute(month - relativedelta(months=1))
    data = _assemble(month, current, before)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                latest = PobReport.objects.filter(month=month).order_by("-version").first()
                version = (PobReport.objects.filter(month=month).aggregate(v=Max("version"))["v"] or 0) + 1
                report = PobReport.objects.create(
                    month=month,
                    version=version,
                    created_by=by,
                    scheduled=scheduled,
                    figures=data,
                    changes=_changes(data, latest.figures if latest else None),
                )
                if run is not None:  # with the snapshot, so a run is never done without one, or twice
                    ReportRun.objects.filter(pk=run.pk).update(
                        status=RunStatus.DONE, progress=100, step="Done", report=report
                    )
            break
        except IntegrityError:
            if scheduled and PobReport.objects.filter(month=month, scheduled=True).exists():
                raise AlreadyScheduled(f"The schedule has already made the report for {month:%B %Y}") from None
            continue  # another run took this version number: take the next
    else:
        raise RuntimeError("Could not store the report after five attempts")
    return report


def run_start(*, month: date, by: User | None) -> ReportRun:
    return ReportRun.objects.create(month=month.replace(day=1), requested_by=by)


def run_execute(*, run_id: Any) -> None:
    """Carry out a queued run (in a worker). A failure is recorded on the run in words.

    The task is acknowledged only when it ends, so a worker killed mid-run has it delivered again:
    the lock tells a second delivery apart from a run whose worker died (whose lock died with it).
    """
    with held_by_this_process(f"pob-report-run:{run_id}") as mine:
        if not mine:
            return  # another worker is running it now
        run = ReportRun.objects.select_related("requested_by").get(pk=run_id)
        if run.status == RunStatus.DONE:
            return  # a second delivery after the first finished
        try:
            report_create(month=run.month, by=run.requested_by, run=run)
        except Exception as error:
            log.exception("POB report run %s failed", run_id)
            ReportRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, error=str(error)[:300])
            raise


def scheduled_report(*, today: date | None = None) -> PobReport | None:
    """The 1st of the month: last month's report, once, however often the schedule fires."""
    month = previous_month(today)
    if PobReport.objects.filter(month=month, scheduled=True).exists():
        return None
    try:
        return report_create(month=month, by=None, scheduled=True)
    except AlreadyScheduled:
        return None
