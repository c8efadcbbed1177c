"""Drill 6: PostgreSQL restarts while a team manager is approving requests.

The drill makes a PostgreSQL cluster of its own, migrates it, and runs gunicorn on it with kept
connections (DATABASE_CONN_MAX_AGE). Two faults, neither of which restarts the web server:

- the server restarts between requests: the kept connection is dead, and the next request must
  still succeed (CONN_HEALTH_CHECKS replaces it before use);
- the server crashes while an approval is part way through its transaction (held there by a lock
  on the outbox table) and stays down a few seconds while requests keep coming: those answer
  503 at once, the half-done approval leaves no trace, and when the server is back every approval
  goes through, each exactly once (state, two history rows and one outbox row).
"""

import json
import threading
import time

import pytest
from django.urls import reverse

from caseflow.models import Notification
from pathways.models import PathwayEpisode, TransitionRequest
from tests.drills.processes import (
    Browser,
    PrivatePostgres,
    WebServer,
    rows,
    run_manage,
    run_module,
    table_locked,
    wait_until,
    waiting_on_lock,
)

REQUESTS = 6
DOWN_SECONDS = 3
BOUND_SECONDS = 5  # an answer while the database is down comes within this


def _footprints(url: str) -> dict[str, tuple]:
    """Per request: its status, its episode's stage, their history rows, its outbox rows."""
    request, episode = TransitionRequest._meta.db_table, PathwayEpisode._meta.db_table
    request_history = TransitionRequest.history.model._meta.db_table
    episode_history = PathwayEpisode.history.model._meta.db_table
    found = rows(
        url,
        f"""SELECT r.id::text, r.status, e.state,
                   (SELECT count(*) FROM {episode_history} h WHERE h.id = e.id),
                   (SELECT count(*) FROM {request_history} h WHERE h.id = r.id),
                   (SELECT count(*) FROM {Notification._meta.db_table} n
                     WHERE n.dedupe_key = 'pathway-request:' || r.id::text || ':approved')
            FROM {request} r JOIN {episode} e ON e.id = r.episode_id""",  # noqa: S608
    )
    return {row[0]: tuple(row[1:]) for row in found}


class Approvals(threading.Thread):
    """The team manager works through the requests, sending each again until it is through
    (as a person does after 'the service is not available'), and notes every answer."""

    def __init__(self, manager: Browser, token: str, request_ids: list[str]) -> None:
        super().__init__(daemon=True)
        self.manager, self.token, self.request_ids = manager, token, request_ids
        self.answers: list[tuple[float, int | str, float]] = []  # (when, status, seconds taken)

    def run(self) -> None:
        for request_id in self.request_ids:
            self.approve(request_id)

    def approve(self, request_id: str) -> None:
        path = reverse("pathway_request_decide", args=[request_id])
        give_up = time.monotonic() + 60
        while time.monotonic() < give_up:
            started = time.monotonic()
            try:
                status: int | str = self.manager.post(
                    path, {"decision": "approve", "reason": "Agreed at supervision"}, token=self.token,
                    allow_redirects=False, timeout=30,
                ).status_code  # fmt: skip
            except Exception as error:  # the connection itself failed
                status = type(error).__name__
            self.answers.append((started, status, time.monotonic() - started))
            if status == 302:
                return
            time.sleep(0.3)


@pytest.fixture
def cluster():
    server = PrivatePostgres()
    yield server
    server.remove()


def test_drill_6_postgresql_restarted_mid_traffic(logs, cluster):
    url = cluster.create_database("caseflow_drill")
    env = {"CASEFLOW_TEST_DATABASE_URL": url, "DATABASE_CONN_MAX_AGE": "600"}
    run_manage("migrate", "--noinput", log=logs / "migrate.log", **env)
    request_ids = json.loads(run_module("tests.drills.private_data", str(REQUESTS), **env).strip().splitlines()[-1])
    before = _footprints(url)
    first, held, *rest = request_ids

    server = WebServer(logs / "web.log", **env)
    try:
        manager = Browser(server)
        manager.sign_in("tm1")
        token = manager.token(reverse("pathway_request_decide", args=[first]))
        Approvals(manager, token, [first]).run()

        # 1. A restart between requests: the kept connection is dead; the next request works.
        cluster.crash()
        cluster.start()
        home = manager.session.get(server.url + reverse("home"), timeout=10)
        assert home.status_code == 200, home.text[:300]

        # 2. A crash part way through an approval, with requests coming while it is down.
        approvals = Approvals(manager, token, [held, *rest])
        with table_locked(Notification._meta.db_table, url=url) as lock:
            approvals.start()
            wait_until(lambda: waiting_on_lock(lock, "INSERT"), seconds=20, what="the approval to stop part way")
            cluster.crash()
        down_at = time.monotonic()
        time.sleep(DOWN_SECONDS)
        starting_at = time.monotonic()
        cluster.start()
        back_at = time.monotonic()
        approvals.join(timeout=120)
        assert not approvals.is_alive(), approvals.answers
        assert server.popen.poll() is None  # the same web server throughout
    finally:
        server.kill()

    while_down = [(status, took) for at, status, took in approvals.answers if down_at <= at < starting_at]
    after = [status for at, status, took in approvals.answers if at >= back_at]
    assert while_down, "no request reached the server while the database was down"
    assert {status for status, took in while_down} == {503}, approvals.answers  # plain 'try again', never a 500
    assert max(took for status, took in while_down) < BOUND_SECONDS, while_down
    assert set(after) == {302}, approvals.answers  # back by itself: every request after the restart went through

    # All or nothing: each request approved once, with exactly one of each row it writes.
    now = _footprints(url)
    for request_id, (status, state, episode_rows, request_rows, outbox_rows) in before.items():
        assert (status, state, outbox_rows) == ("pending", "stage_1", 0)
        assert now[request_id] == ("approved", "exited", episode_rows + 1, request_rows + 1, outbox_rows + 1)
