"""Real processes for the fault drills: a gunicorn web server, Celery workers and beat on the test
database, private Redis and PostgreSQL servers a drill may stop, a browser-like HTTP session, and a
table lock that holds a transaction part way."""

import contextlib
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg2
import redis
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


def clone_database(suffix: str) -> str:
    """A copy of the test database as it is now (PostgreSQL's template copy), for a run to compare
    with; returns its URL. The copy needs the test database to have no connection open."""
    connection.close()
    name = f"{connection.settings_dict['NAME']}_{suffix}"
    with _server_connection() as admin, admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{connection.settings_dict["NAME"]}"')
    return database_url().rsplit("/", 1)[0] + f"/{name}"


def drop_database(url: str) -> None:
    with _server_connection() as admin, admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


@contextmanager
def _server_connection() -> Iterator[Any]:
    admin = psycopg2.connect(database_url().rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    try:
        yield admin
    finally:
        admin.close()


def rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    """What a query returns on the database at `url` (the drill's own, or a copy)."""
    with contextlib.closing(psycopg2.connect(url)) as db, db.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


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

    def stop(self) -> None:
        """Stop it the way an operator does (SIGTERM: it finishes and saves what it must)."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def manage(*args: str, log: Path, **env: str) -> Process:
    """`manage.py <args>` as a process of its own (wait for it with .popen.wait())."""
    return Process([sys.executable, "manage.py", *args], log, **env)


def run_manage(*args: str, log: Path, timeout: float = 120, **env: str) -> str:
    process = manage(*args, log=log, **env)
    code = process.popen.wait(timeout=timeout)
    assert code == 0, f"manage.py {' '.join(args)} failed:\n{process.output()[-3000:]}"
    return process.output()


def run_module(module: str, *args: str, **env: str) -> str:
    """`python -m <module> <args>` with the drill's environment; returns what it printed."""
    done = subprocess.run(  # noqa: S603 # our own modules, no user input
        [sys.executable, "-m", module, *args], cwd=ROOT, env=_environment(**env), capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, f"{module} failed:\n{done.stderr[-3000:]}"
    return done.stdout


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


class CeleryBeat(Process):
    """The one beat process, with its schedule file (when each entry last ran) in `schedule`."""

    def __init__(self, log: Path, schedule: Path, **env: str) -> None:
        log.write_text("")
        super().__init__(
            [sys.executable, "-m", "celery", "-A", "caseflow", "beat", "--loglevel", "info", "--schedule",
             str(schedule)],
            log, **env,
        )  # fmt: skip
        wait_until(lambda: "beat: Starting..." in self.output(), seconds=60, what="Celery beat to start")


class PrivateRedis:
    """A Redis server of the drill's own, on a free port, with nothing on disk: the drill stops and
    starts it (the machine's Redis is shared, and never stopped)."""

    def __init__(self, log: Path) -> None:
        self.log, self.port = log, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: Process | None = None
        self.start()

    def start(self) -> None:
        self.process = Process(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no"],
            self.log,
        )  # fmt: skip
        wait_until(lambda: redis.Redis.from_url(self.url).ping(), seconds=20, what="the private Redis to answer")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process = None


class PrivatePostgres:
    """A PostgreSQL cluster of the drill's own, on a free port, that the drill may stop and restart
    (the machine's server is shared, and never stopped). As root, it runs as the postgres user."""

    def __init__(self) -> None:
        found = glob.glob("/usr/lib/postgresql/*/bin/initdb")
        binaries = max(found, key=lambda path: int(Path(path).parts[4])) if found else shutil.which("initdb")
        assert binaries, "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
        self.bin = Path(binaries).parent
        self.port = free_port()
        self.home = Path(tempfile.mkdtemp(prefix="caseflow-drill-pg-"))
        self.data = self.home / "data"
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(self.home, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        self.start()

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(  # noqa: S603 # our own commands, no user input
            [*self.as_owner, str(self.bin / program), *args], check=True, capture_output=True, timeout=120
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.home} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.home / "server.log"), "-o", options, "-w", "start")

    def crash(self) -> None:
        """Stop at once, as a crash would: connections cut, open transactions lost, no checkpoint."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def create_database(self, name: str) -> str:
        admin = psycopg2.connect(self.url())
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        admin.close()
        return self.url(name)

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.crash()
        shutil.rmtree(self.home, ignore_errors=True)


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
def table_locked(table: str, mode: str = "EXCLUSIVE", *, url: str = "") -> Iterator[Any]:
    """Lock a table from another connection: a transaction that writes to it (or, in ACCESS
    EXCLUSIVE mode, reads it) waits there, part way through, until the lock is let go (or the
    server goes down: then the lock goes with it)."""
    lock = psycopg2.connect(url or database_url())
    try:
        with lock.cursor() as cursor:
            cursor.execute(f'LOCK TABLE "{table}" IN {mode} MODE')
        yield lock
    finally:
        with contextlib.suppress(psycopg2.Error):
            lock.rollback()
        lock.close()


def waiting_on_lock(lock: Any, table_hint: str) -> bool:
    """Whether some other connection is blocked waiting for the lock (seen from pg_stat_activity)."""
    return waiting_count(lock, table_hint) > 0


def waiting_count(lock: Any, table_hint: str) -> int:
    """How many other connections are blocked waiting for the lock."""
    with lock.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else the transaction sees its first snapshot
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE %s",
            [f"%{table_hint}%"],
        )
        return int(cursor.fetchone()[0])


def emails_sent(folder: Path) -> list[tuple[str, str]]:
    """(to, subject) of every email the file-based backend wrote into `folder`, one per message."""
    import email
    from email.header import decode_header, make_header

    sent = []
    for path in sorted(folder.glob("*.log")):
        for text in path.read_text().split("\n" + "-" * 79 + "\n"):
            if text.strip():
                message = email.message_from_string(text)
                subject = str(make_header(decode_header(message["Subject"]))).replace("\n", "")  # unfolded
                sent.append((str(message["To"]), subject))
    return sent


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
