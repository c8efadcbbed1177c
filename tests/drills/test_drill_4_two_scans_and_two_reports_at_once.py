"""Drill 4: two deadline scans at once, and two scheduled report runs at once, give the same result
as one.

The drill copies the test database, runs one `manage.py scan_deadlines` and one scheduled POB
report (on a Celery worker) on the copy, then on the original starts two scan processes and two
workers each given the scheduled report, holding a table lock until both of each pair are waiting
on it, so they really run together. Deadlines, notifications and reports must be the same as the
single run's: nothing twice, nothing missing.
"""

from collections import Counter
from datetime import timedelta

import redis
from django.utils import timezone

from caseflow.celery import app
from caseflow.models import Deadline, Notification
from pathways import services
from reports.models import PobReport
from tests.caseflow.factories import ChildFactory
from tests.drills.processes import (
    DRILL_BROKER,
    CeleryWorker,
    clone_database,
    database_url,
    drop_database,
    manage,
    rows,
    table_locked,
    wait_until,
    waiting_count,
)

DEADLINES = f"SELECT kind, child_id, clock_key, starts_at, due_at, status, met_on FROM {Deadline._meta.db_table}"  # noqa: S608
NOTIFICATIONS = f"SELECT recipient_id, subject, url FROM {Notification._meta.db_table}"  # noqa: S608
REPORTS = f"SELECT month, version, scheduled, figures FROM {PobReport._meta.db_table}"  # noqa: S608


def _result(url: str) -> tuple[Counter, Counter, list]:
    return Counter(rows(url, DEADLINES)), Counter(rows(url, NOTIFICATIONS)), rows(url, REPORTS)


def _children_on_the_pathway(team, social_worker) -> None:
    """Clocks of every age: just started, due soon, overdue, long past."""
    for days in (0.1, 2, 5, 30, 70, 200):
        child = ChildFactory.create(looked_after=True, team=team, allocated_worker=social_worker)
        services.episode_start(child=child, by=social_worker, activated_at=timezone.now() - timedelta(days=days))


def _scheduled_report_queued() -> None:
    with app.connection_for_write(DRILL_BROKER) as broker:
        app.send_task("reports.tasks.scheduled_pob_report", connection=broker)


def _broker_empty() -> bool:
    """Every task taken and acknowledged (acks_late: acknowledged when it has finished)."""
    queue = redis.Redis.from_url(DRILL_BROKER)
    return queue.llen("celery") == 0 and queue.hlen("unacked") == 0


def test_drill_4_two_scans_and_two_report_runs_at_once_give_the_result_of_one(logs, team_a, social_worker):
    _children_on_the_pathway(team_a, social_worker)
    original = database_url()
    single = clone_database("single")
    try:
        # One of each, on the copy.
        scan = manage("scan_deadlines", log=logs / "single-scan.log", CASEFLOW_TEST_DATABASE_URL=single)
        assert scan.popen.wait(timeout=120) == 0, scan.output()
        worker = CeleryWorker(logs / "single-worker.log", CASEFLOW_TEST_DATABASE_URL=single)
        _scheduled_report_queued()
        wait_until(lambda: rows(single, REPORTS) and _broker_empty(), seconds=120, what="the single report run")
        worker.kill()
        expected = _result(single)
        assert expected[0], "the single scan made no deadlines"
        assert expected[1], "the single scan told no one"

        # Two of each at once, on the original.
        with table_locked(Deadline._meta.db_table, "ACCESS EXCLUSIVE") as lock:
            scans = [manage("scan_deadlines", log=logs / f"scan-{n}.log") for n in (1, 2)]
            wait_until(lambda: waiting_count(lock, Deadline._meta.db_table) >= 2, seconds=60, what="both scans")
        assert [scan.popen.wait(timeout=120) for scan in scans] == [0, 0], [scan.output() for scan in scans]

        workers = [CeleryWorker(logs / f"worker-{n}.log") for n in (1, 2)]
        with table_locked(PobReport._meta.db_table, "ACCESS EXCLUSIVE") as lock:
            _scheduled_report_queued()
            _scheduled_report_queued()
            table = PobReport._meta.db_table
            wait_until(lambda: waiting_count(lock, table) >= 2, seconds=60, what="both report runs to start")
        wait_until(_broker_empty, seconds=120, what="both report runs to finish")
        for worker in workers:
            worker.kill()
        for worker in workers:  # each worker ran one of the two, and neither failed
            assert "scheduled_pob_report" in worker.output()
            assert "ERROR" not in worker.output(), worker.output()[-3000:]

        deadlines, notifications, reports = _result(original)
        assert deadlines == expected[0]
        assert notifications == expected[1]
        assert max(notifications.values()) == 1  # no one told twice
        assert reports == expected[2]
        assert len(reports) == 1
    finally:
        drop_database(single)
