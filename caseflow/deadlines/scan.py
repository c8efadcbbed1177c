"""The deadline scan: one set-based pass per rule. Creates deadlines whose clock has started,
marks met and overdue ones, cancels those whose clock has gone, and notifies once per change
(due, met, overdue, waived).

Idempotent and safe to run twice at once: creation relies on the unique (kind, child, clock)
constraint, notifications on their unique (recipient, event) key. A missed run catches up,
because each pass looks at the state of the records, not at what happened since the last pass.
Each pass raises the record version of every child whose deadlines it changed, last in its
transaction, so the child page kept under that version shows the change at once.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.urls import NoReverseMatch
from django.utils import timezone

from caseflow import notifications, record_versions
from caseflow.deadlines import periods
from caseflow.deadlines.registry import DeadlineRule, rules
from caseflow.models import Deadline, DeadlinePeriod, DeadlineStatus

LIVE = [DeadlineStatus.OPEN, DeadlineStatus.OVERDUE]
BATCH = 1000
Changed = list[tuple[int, Any]]  # (deadline id, child id) of each deadline a step changed


def _ids(changed: Changed) -> list[int]:
    return [deadline_id for deadline_id, _ in changed]


def _children(changed: Changed) -> list[Any]:
    return [child_id for _, child_id in changed]


def sync_periods() -> dict[str, DeadlinePeriod]:
    """A configuration row for every rule (new rules get their default period)."""
    existing = {period.kind: period for period in DeadlinePeriod.objects.all()}
    for rule in rules():
        if rule.kind not in existing:
            period, _ = DeadlinePeriod.objects.get_or_create(
                kind=rule.kind,
                defaults={"label": rule.label, "amount": rule.amount, "unit": rule.unit, "before": rule.before,
                          "clock": rule.clock},
            )  # fmt: skip
            existing[rule.kind] = period
    return existing


def _start(value: Any) -> datetime:
    return value if isinstance(value, datetime) else periods.end_of_day(value)


# A rule's clocks (its latest-meeting and latest-visit subqueries) are the dearest part of a pass,
# and both creation and cancellation compare them with the rule's deadlines: so each rule's clocks
# are worked out once, into a temporary table of this connection (a scan running at the same time
# on another connection has its own), and both read that.
_CLOCKS = "CREATE TEMPORARY TABLE cf_scan_clocks AS "
_DROP_CLOCKS = "DROP TABLE IF EXISTS cf_scan_clocks"
_NEW_CLOCKS = (
    "SELECT c.* FROM cf_scan_clocks c WHERE NOT EXISTS (SELECT 1 FROM caseflow_deadline d"
    " WHERE d.kind = %s AND d.child_id = c.cf_child AND d.clock_key = CAST(c.cf_key AS TEXT))"
)
# Only deadlines made before the clocks were read: one that a scan running at the same time made
# since, for a clock that appeared since, is not this pass's to cancel.
_CANCEL_STALE = (
    "UPDATE caseflow_deadline SET status = %s WHERE kind = %s AND status IN (%s, %s) AND created_at < %s"
    " AND NOT EXISTS (SELECT 1 FROM cf_scan_clocks c WHERE c.cf_child = caseflow_deadline.child_id"
    " AND CAST(c.cf_key AS TEXT) = caseflow_deadline.clock_key) RETURNING child_id"
)


@dataclass(frozen=True)
class _Clocks:
    compiler: Any  # the clocks' compiled query: its converters give the ORM's values for raw rows
    read_at: datetime


def _clocks_once(rule: DeadlineRule) -> _Clocks:
    """Fill cf_scan_clocks with the rule's clocks."""
    read_at = timezone.now()
    fields = ("cf_child", "cf_key", "cf_start", "cf_episode", *rule.extra_fields)
    # order_by(): a model's default ordering would sort every clock for nothing.
    compiler = rule.clocks().order_by().values(*fields).query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    with connection.cursor() as cursor:
        cursor.execute(_DROP_CLOCKS)
        cursor.execute(_CLOCKS + sql, params)
    return _Clocks(compiler, read_at)


def _create(rule: DeadlineRule, period: DeadlinePeriod, since: datetime, clocks: _Clocks) -> Changed:
    """Insert a deadline for every clock in cf_scan_clocks that has none yet; return those this
    pass created."""
    compiler = clocks.compiler
    names = [alias for _, _, alias in compiler.select]
    rows = []
    with connection.cursor() as cursor:
        cursor.execute(_NEW_CLOCKS, [rule.kind])
        chunks = iter(lambda: cursor.fetchmany(BATCH), [])
        for values in compiler.results_iter(results=chunks):
            clock = dict(zip(names, values, strict=True))
            if rule.due:
                due = rule.due(clock)
            else:
                due = periods.due_from(clock["cf_start"], period.amount, period.unit, before=period.before)
            if due is None:
                continue
            rows.append(
                Deadline(
                    kind=rule.kind,
                    child_id=clock["cf_child"],
                    clock_key=str(clock["cf_key"])[:120],
                    episode_id=clock["cf_episode"],
                    starts_at=_start(clock["cf_start"]),
                    due_at=due,
                )
            )
    for start in range(0, len(rows), BATCH):
        Deadline.objects.bulk_create(rows[start : start + BATCH], ignore_conflicts=True)
    if not rows:
        return []
    return list(Deadline.objects.filter(kind=rule.kind, created_at__gte=since).values_list("id", "child_id"))


def _met(rule: DeadlineRule) -> Changed:
    if rule.met_on is None:
        return []
    expression = rule.met_on()
    live = Deadline.objects.filter(kind=rule.kind, status__in=LIVE).annotate(cf_met=expression)
    met = live.filter(cf_met__isnull=False).order_by()
    changed = list(met.values_list("id", "child_id"))
    ids = _ids(changed)
    for start in range(0, len(ids), BATCH):
        met.filter(id__in=ids[start : start + BATCH]).update(
            status=DeadlineStatus.MET, met_on=expression, met_by=rule.met_by
        )
    return changed


def _cancel_stale(rule: DeadlineRule, read_at: datetime) -> list[Any]:
    """Cancel the rule's live deadlines, made before `read_at`, whose clock is not in cf_scan_clocks;
    return their children's ids."""
    made_before = connection.ops.adapt_datetimefield_value(read_at)
    with connection.cursor() as cursor:
        cursor.execute(_CANCEL_STALE, [DeadlineStatus.CANCELLED, rule.kind, *LIVE, made_before])
        children = [child_id for (child_id,) in cursor.fetchall()]
        cursor.execute(_DROP_CLOCKS)
    return children


def _overdue(now: datetime) -> Changed:
    changed = list(Deadline.objects.filter(status=DeadlineStatus.OPEN, due_at__lt=now).values_list("id", "child_id"))
    ids = _ids(changed)
    for start in range(0, len(ids), BATCH):
        Deadline.objects.filter(id__in=ids[start : start + BATCH], status=DeadlineStatus.OPEN).update(
            status=DeadlineStatus.OVERDUE
        )
    return changed


def _notify(deadline_ids: list[int], change: str) -> None:
    """Tell each deadline's social worker and team managers (and the roles its rule names), a
    thousand deadlines at a time: a fixed number of queries per thousand, not a few per deadline."""
    by_kind = {rule.kind: rule for rule in rules()}
    for start in range(0, len(deadline_ids), BATCH):
        chunk = list(
            Deadline.objects.filter(id__in=deadline_ids[start : start + BATCH]).select_related(
                "child", "child__allocated_worker", "waived_by"
            )
        )
        kinds = {by_kind[d.kind] for d in chunk if d.kind in by_kind}
        audience = notifications.Audience(
            team_ids={d.child.team_id for d in chunk}, roles={role for rule in kinds for role in rule.tell_roles}
        )
        messages = []
        for deadline in chunk:
            rule = by_kind.get(deadline.kind)
            label = rule.label if rule else deadline.kind
            due = timezone.localtime(deadline.due_at)
            words = {
                "overdue": "is overdue",
                "met": f"was met on {deadline.met_on:%-d %B %Y}" if deadline.met_on else "was met",
                "waived": f"was waived by {deadline.waived_by}: {deadline.waived_reason}",
            }.get(change, f"is due by {due:%-d %B %Y %H:%M}")
            try:
                url = rule.url(deadline) if rule and rule.url else ""
            except NoReverseMatch:
                url = ""
            recipients = audience.worker_and_managers(deadline.child)
            if rule and rule.tell_roles:
                recipients += audience.role_holders_for(deadline.child, rule.tell_roles)
            message = notifications.Message(
                key=f"deadline:{deadline.pk}:{change}",
                subject=f"{deadline.child.full_name}: {label} {words}",
                url=url or f"/children/{deadline.child_id}/",
            )
            messages.append((recipients, message))
        notifications.notify_many(messages)
    transaction.on_commit(notifications.queue_delivery)


def scan_deadlines(*, now: datetime | None = None) -> Counter[str]:
    """One pass over every rule. Returns how many deadlines were created, met, cancelled and
    became overdue."""
    started = timezone.now()
    now = now or started
    counts: Counter[str] = Counter()
    period_for = sync_periods()
    for rule in rules():
        with transaction.atomic():
            clocks = _clocks_once(rule)
            created = _create(rule, period_for[rule.kind], since=started, clocks=clocks)
            met = _met(rule)
            counts["created"] += len(created)
            counts["met"] += len(met)
            # Cancelled deadlines tell no one: their clock went with a change someone recorded
            # (leaving the pathway, say), and its own notification has said so.
            cancelled = _cancel_stale(rule, clocks.read_at)
            counts["cancelled"] += len(cancelled)
            # A deadline already past due when its clock is found is reported once, as overdue;
            # one met as soon as it is found (a missed scan catching up) only as met.
            due = Deadline.objects.filter(id__in=_ids(created), due_at__gte=now, status=DeadlineStatus.OPEN)
            _notify(list(due.values_list("id", flat=True)), "created")
            _notify(_ids(met), "met")
            record_versions.versions_raise([*_children(created), *_children(met), *cancelled])
    with transaction.atomic():
        overdue = _overdue(now)
        counts["overdue"] += len(overdue)
        _notify(_ids(overdue), "overdue")
        record_versions.versions_raise(_children(overdue))
    return counts


def deadline_waive(*, deadline: Deadline, by: Any, reason: str) -> Deadline:
    """A manager waives a deadline that does not apply, saying why; who and when are kept."""
    from django.core.exceptions import PermissionDenied, ValidationError

    if not by.has_perm("caseflow.waive_deadline", deadline):
        raise PermissionDenied("Only a team manager of the child's team can waive a deadline")
    if not reason.strip():
        raise ValidationError({"reason": "Say why this deadline does not apply"})
    with transaction.atomic():
        deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if deadline.status not in LIVE:
            raise ValidationError(f"This deadline is already {deadline.get_status_display().lower()}")
        deadline.status = DeadlineStatus.WAIVED
        deadline.waived_reason, deadline.waived_by, deadline.waived_at = reason, by, timezone.now()
        deadline.save()
        _notify([deadline.pk], "waived")
        record_versions.version_raise(deadline.child_id)
    return deadline
