"""Drill 5: beat is stopped across its scheduled times; when it starts again, the runs it missed
happen at once and catch up.

Beat runs, and is stopped (SIGTERM, as an operator stops it: it saves its schedule file). Its file
is then dated back 26 hours, as if it had stopped then, so it missed a 05:00 report run and about
a hundred 15-minute scans. Meanwhile a deadline passed its due time and new clocks started. Beat
is started again with a worker: the missed scan and report run are sent on start, the new clocks
get their deadlines, the passed one becomes overdue (its people told once), and last month's POB
report is made.
"""

import shelve
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from caseflow.deadlines.scan import scan_deadlines
from caseflow.health import beat_status
from caseflow.models import Deadline, DeadlineStatus, Notification
from pathways import services
from reports.models import PobReport
from reports.services import previous_month
from tests.caseflow.factories import ChildFactory
from tests.drills.processes import CeleryBeat, CeleryWorker, wait_until

PLACEMENT = "pathway_placement_planning"  # due 72 clock hours after stage 1 starts


def _backdate(schedule: Path, when) -> None:
    """Make the schedule file say every entry last ran at `when`: what it would hold had beat
    stopped then."""
    with shelve.open(str(schedule)) as store:  # noqa: S301 # beat's own file, written by this drill
        entries = store["entries"]
        for entry in entries.values():
            entry.last_run_at = when
        store["entries"] = entries


def _caught_up(started, due) -> bool:
    return (
        Deadline.objects.filter(episode_id=started.pk).exists()
        and Deadline.objects.get(pk=due.pk).status == DeadlineStatus.OVERDUE
        and PobReport.objects.filter(month=previous_month(), scheduled=True).exists()
        and beat_status()["ok"]
    )


def _start(child, social_worker, hours_ago: float):
    return services.episode_start(
        child=child, by=social_worker, activated_at=timezone.now() - timedelta(hours=hours_ago)
    )


def test_drill_5_beat_stopped_across_scheduled_times_catches_up(logs, tmp_path, team_a, social_worker, team_manager):
    schedule = tmp_path / "beat-schedule"
    first = CeleryBeat(logs / "beat-1.log", schedule)
    # Stopped once it has its schedule (it sends the tasks that never ran at once), not while it
    # is still starting: a beat stopped before then has no schedule to save.
    wait_until(lambda: "Sending due task" in first.output(), seconds=60, what="beat to send its first tasks")
    first.stop()
    stopped_at = timezone.now() - timedelta(hours=26)
    _backdate(schedule, stopped_at)

    # Before beat stopped: a child whose 72-hour deadline was then 18 hours away.
    child_a, child_b = ChildFactory.create_batch(2, looked_after=True, team=team_a, allocated_worker=social_worker)
    passed = _start(child_a, social_worker, hours_ago=80)
    scan_deadlines(now=stopped_at)
    due = Deadline.objects.get(episode_id=passed.pk, kind=PLACEMENT)
    assert due.status == DeadlineStatus.OPEN
    # While beat was down: a clock started, and no scan saw it.
    started = _start(child_b, social_worker, hours_ago=20)
    assert not Deadline.objects.filter(episode_id=started.pk).exists()
    assert not PobReport.objects.filter(month=previous_month()).exists()

    worker = CeleryWorker(logs / "worker.log")
    beat = CeleryBeat(logs / "beat-2.log", schedule)
    try:
        wait_until(lambda: _caught_up(started, due), seconds=90, what="the missed runs to catch up")
    finally:
        beat.kill()
        worker.kill()

    on_start = beat.output()
    for entry in ("scan-deadlines", "pob-report", "beat-heartbeat"):
        assert f"Sending due task {entry}" in on_start, on_start  # sent on start, not at the next slot
    new = Deadline.objects.get(episode_id=started.pk, kind=PLACEMENT)
    assert new.due_at == started.activated_at + timedelta(hours=72)
    assert new.status == DeadlineStatus.OPEN
    # Every rule's clock, as for the child seen before the stop.
    assert (
        Deadline.objects.filter(episode_id=started.pk).count() == Deadline.objects.filter(episode_id=passed.pk).count()
    )
    told = Notification.objects.filter(dedupe_key=f"deadline:{due.pk}:overdue")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["sw1", "tm1"]
    assert PobReport.objects.filter(month=previous_month()).count() == 1
