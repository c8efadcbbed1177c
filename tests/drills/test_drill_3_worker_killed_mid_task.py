"""Drill 3: the Celery worker is killed while it makes a POB report.

Tasks are acknowledged only when they end (acks_late), so the broker hands an unfinished task out
again once its visibility timeout has passed. The drill asks for a report in the browser, holds
the report table locked so the worker stops just before it stores the snapshot, kills the worker
outright, starts another, and checks the report is made exactly once.
"""

from django.urls import reverse

from reports.models import PobReport, ReportRun, RunStatus
from tests.drills.processes import Browser, CeleryWorker, WebServer, table_locked, wait_until, waiting_on_lock

VISIBILITY = {"CELERY_VISIBILITY_TIMEOUT_SECONDS": "5"}


def test_drill_3_a_worker_killed_mid_task_runs_it_again_without_a_duplicate(logs, deputy_director):
    server = WebServer(logs / "web.log", **VISIBILITY)
    director = Browser(server)
    director.sign_in(deputy_director.username)
    asked = director.post(
        reverse("pob_generate"), {"month": "2026-10"}, form=reverse("pob_list"), allow_redirects=False
    )
    assert asked.status_code == 302  # queued; no worker is running yet
    worker = None
    try:
        with table_locked(PobReport._meta.db_table, "ACCESS EXCLUSIVE") as lock:
            worker = CeleryWorker(logs / "worker-1.log", **VISIBILITY)
            # The worker has computed the figures and waits to read the versions before it stores one.
            wait_until(lambda: waiting_on_lock(lock, "reports_pobreport"), seconds=60, what="the worker to stop there")
            assert ReportRun.objects.get().status == RunStatus.RUNNING
            worker.kill()
        assert ReportRun.objects.get().status == RunStatus.RUNNING  # as the dead worker left it
        assert PobReport.objects.count() == 0

        worker = CeleryWorker(logs / "worker-2.log", **VISIBILITY)
        wait_until(
            lambda: ReportRun.objects.get().status == RunStatus.DONE, seconds=90, what="the task to be delivered again"
        )
    finally:
        if worker is not None:
            worker.kill()
        server.kill()
    run = ReportRun.objects.get()
    assert PobReport.objects.count() == 1
    assert run.report == PobReport.objects.get()
    assert "generate_pob_report" in worker.output()  # the second worker ran it
