"""Real processes for the fault drills: a gunicorn web server and a Celery worker on the test
database, a browser-like HTTP session, and a table lock that holds a transaction part way."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg2
import requests
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DRILL_BROKER = "redis://127.0.0.1:6379/14"  # not the suite's own (15)


def wait_until(check: Callable[[], Any], *, seconds: float, what: str) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            result = check()
        except Exception:  # not yet (a server starting, a database restarting)
            result = None
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"Gave up after {seconds:.0f}s waiting for {what}")


def database_url() -> str:
    """The test database this test is using, committed rows and all (transactional_db)."""
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _environment(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "caseflow.settings.test",
        "CASEFLOW_TEST_DATABASE_URL": database_url(),
        "CASEFLOW_TEST_REDIS_URL": DRILL_BROKER,
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Process:
    """A child process in its own group, so a drill can kill it outright (SIGKILL, no clean-up)."""

    def __init__(self, args: list[str], log: Path, **env: str) -> None:
        self.log = log
        self.popen = subprocess.Popen(  # noqa: S603 # our own commands, no user input
            args, cwd=ROOT, env=_environment(**env), stdout=log.open("ab"), stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def kill(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


class WebServer(Process):
    def __init__(self, log: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        super().__init__(
            [sys.executable, "-m", "gunicorn", "caseflow.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", "1", "--timeout", "120"],
            log, **env,
        )  # fmt: skip
        wait_until(lambda: requests.get(f"{self.url}/sign-in/", timeout=2).ok, seconds=30, what="gunicorn to answer")


class CeleryWorker(Process):
    def __init__(self, log: Path, **env: str) -> None:
        log.write_text("")
        super().__init__(
            [sys.executable, "-m", "celery", "-A", "caseflow", "worker", "--pool", "solo", "--loglevel", "info",
             "--without-heartbeat", "--without-gossip", "--without-mingle"],
            log, **env,
        )  # fmt: skip
        wait_until(lambda: "ready." in self.output(), seconds=60, what="the Celery worker to start")


class Browser:
    """What a browser does for a signed-in user: cookies, the CSRF token from each form."""

    def __init__(self, server: WebServer) -> None:
        self.server, self.session = server, requests.Session()

    def token(self, path: str) -> str:
        page = self.session.get(self.server.url + path, timeout=10).text
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert found, f"no form on {path}"
        return found.group(1)

    def sign_in(self, username: str) -> None:
        password = "correct-horse-battery"  # noqa: S105 # the test factories' password
        response = self.post("/sign-in/", {"username": username, "password": password}, allow_redirects=False)
        assert response.status_code == 302, f"{username} could not sign in"

    def post(
        self, path: str, data: dict[str, Any], *, token: str = "", form: str = "", **kwargs: Any
    ) -> requests.Response:
        """Post as the form on `form` (by default `path` itself) would: its token read first."""
        token = token or self.token(form or path)
        return self.session.post(
            self.server.url + path, data={**data, "csrfmiddlewaretoken": token},
            headers={"Referer": self.server.url + path}, timeout=kwargs.pop("timeout", 30), **kwargs,
        )  # fmt: skip


@contextmanager
def table_locked(table: str, mode: str = "EXCLUSIVE") -> Iterator[Any]:
    """Lock a table from another connection: a transaction that writes to it (or, in ACCESS
    EXCLUSIVE mode, reads it) waits there, part way through, until the lock is let go."""
    lock = psycopg2.connect(database_url())
    try:
        with lock.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{table}" IN {mode} MODE')
        yield lock
    finally:
        lock.rollback()
        lock.close()


def waiting_on_lock(lock: Any, table_hint: str) -> bool:
    """Whether some other connection is blocked waiting for the lock (seen from pg_stat_activity)."""
    with lock.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else the transaction sees its first snapshot
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE %s",
            [f"%{table_hint}%"],
        )
        return bool(cursor.fetchone()[0])


def tables_written_by_waiting(lock: Any) -> set[str]:
    """The tables the blocked transaction has already written to (its row-exclusive locks)."""
    with lock.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            """SELECT DISTINCT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
               JOIN pg_stat_activity a ON a.pid = l.pid
               WHERE a.wait_event_type = 'Lock' AND l.mode = 'RowExclusiveLock' AND l.granted AND c.relkind = 'r'"""
        )
        return {row[0] for row in cursor.fetchall()}
