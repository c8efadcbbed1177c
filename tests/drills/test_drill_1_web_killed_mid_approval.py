"""Drill 1: the web process is killed while a team manager's approval is part way through.

The approval changes the stage, writes history for the episode and the request, and adds a
notification to the outbox, in one transaction. The drill holds the outbox table locked so the
approval stops after its first writes, kills gunicorn outright, and checks that nothing of the
approval remains; then approves again on a fresh server and checks that all of it is there.
"""

import threading

from django.urls import reverse

from caseflow.models import Notification
from pathways.constants import RequestStatus, Stage
from pathways.models import PathwayEpisode, TransitionRequest
from tests.drills.processes import (
    Browser,
    WebServer,
    table_locked,
    tables_written_by_waiting,
    wait_until,
    waiting_on_lock,
)


def _footprint(request: TransitionRequest) -> tuple[str, str, int, int, int]:
    episode = PathwayEpisode.objects.get(pk=request.episode_id)
    request.refresh_from_db()
    return (
        episode.state,
        request.status,
        episode.history.count(),
        request.history.count(),
        Notification.objects.filter(recipient=request.requested_by).count(),
    )


def test_drill_1_a_web_process_killed_mid_approval_leaves_all_or_nothing(logs, pending_exit, team_manager):
    before = _footprint(pending_exit)
    assert before[:2] == (Stage.STAGE_1, RequestStatus.PENDING)
    decide = reverse("pathway_request_decide", args=[pending_exit.pk])

    server = WebServer(logs / "web-1.log")
    manager = Browser(server)
    manager.sign_in(team_manager.username)
    token = manager.token(decide)  # the form is open in the browser before the lock is taken
    with table_locked(Notification._meta.db_table) as lock:
        approving = threading.Thread(target=_post_ignoring_disconnect, args=(manager, decide, token), daemon=True)
        approving.start()
        # The approval has written the stage and history, and waits to write the outbox row.
        wait_until(lambda: waiting_on_lock(lock, "INSERT"), seconds=20, what="the approval to stop part way")
        written = tables_written_by_waiting(lock)
        assert {PathwayEpisode._meta.db_table, PathwayEpisode.history.model._meta.db_table} <= written, written
        server.kill()
    approving.join(timeout=30)
    # PostgreSQL rolls the dead connection's transaction back.
    wait_until(lambda: _footprint(pending_exit) == before, seconds=30, what="the half-done approval to be rolled back")

    server = WebServer(logs / "web-2.log")
    manager = Browser(server)
    manager.sign_in(team_manager.username)
    response = manager.post(decide, {"decision": "approve", "reason": "Agreed at supervision"}, allow_redirects=False)
    server.kill()
    assert response.status_code == 302, response.text[:500]
    state, status, episode_rows, request_rows, outbox_rows = _footprint(pending_exit)
    assert (state, status) == (Stage.EXITED, RequestStatus.APPROVED)
    assert (episode_rows, request_rows, outbox_rows) == (before[2] + 1, before[3] + 1, before[4] + 1)


def _post_ignoring_disconnect(manager: Browser, path: str, token: str) -> None:
    try:
        manager.post(path, {"decision": "approve", "reason": "Agreed at supervision"}, token=token, timeout=60)
    except Exception:  # the server was killed under this request, as the drill intends
        return
