"""Measure a benchmark database: `python -m tests.benchmarks.measure --size council`.

Pages through the full Django stack (the test client, in this process): median and p95 of
repeated requests, and the queries each makes. The floor: the same figures as one raw SQL query
each, on the same database in the same run. The ceiling: a minimal view on the same stack. Then
the child page and the minimal view under 50 concurrent users on gunicorn (wrk), and the POB
report and the deadline scan, each in its own process. Writes var/bench/<size>-<when>.json and
.md, and prints the table.
"""

import argparse
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as time_of_day
from functools import partial
from pathlib import Path
from typing import Any

from tests.benchmarks.floors import floor_queries
from tests.benchmarks.generate import PASSWORD
from tests.benchmarks.sizes import SIZES, Size

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "bench"
CONCURRENT_USERS = 50
LOAD_ROUNDS = 4  # the load test alternates the child page and the minimal view this many times
KEPT_CONNECTION_SECONDS = 60  # the load test's second run, for comparison
# The child page is measured twice: built afresh (its cache emptied before each request, as after
# every change to the child's records) and as kept for the next opening.
CHILD_PAGE_BUILT = "Child page (long history), built afresh"
CHILD_PAGE_KEPT = "Child page (long history), kept"


@dataclass
class PageResult:
    name: str
    path: str
    user: str
    median_ms: float
    p95_ms: float
    queries: int
    floor_ms: float | None = None
    ceiling_ms: float | None = None
    target: str = ""
    passed: bool | None = None


@dataclass
class Results:
    size: str
    started_at: str
    machine: dict[str, Any]
    data: dict[str, Any]
    pages: list[PageResult] = field(default_factory=list)
    load: dict[str, Any] = field(default_factory=dict)
    load_kept_connections: dict[str, Any] = field(default_factory=dict)
    jobs: dict[str, Any] = field(default_factory=dict)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _timed(call: Callable[[], Any], repeats: int, warm: int = 3) -> tuple[float, float]:
    for _ in range(warm):
        call()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1), round(_percentile(times, 0.95), 1)


def machine() -> dict[str, Any]:
    import django
    from django.db import connection

    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = found.group(1).strip() if found else cpu
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"MemTotal:\s*(\d+) kB", meminfo.read_text())
        memory = f"{int(found.group(1)) / 1024 / 1024:.1f} GB" if found else memory
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "postgresql": postgres,
        "postgresql_shared_buffers": shared_buffers,
        "python": platform.python_version(),
        "django": django.get_version(),
        "wrk": shutil.which("wrk") is not None,
    }


def prewarm() -> str:
    """Read the benchmark database into PostgreSQL's shared buffers first (pg_prewarm), so a page
    measures the app rather than the disk; as much as shared_buffers holds. Says what it did."""
    from django.db import DatabaseError, connection, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            cursor.execute(
                "SELECT coalesce(sum(pg_prewarm(c.oid)), 0) FROM pg_class c"
                " JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i', 't', 'm')"
            )
            blocks = cursor.fetchone()[0]
    except DatabaseError as error:
        return f"not read into shared buffers first (pg_prewarm: {str(error).strip()})"
    return f"{blocks * 8 / 1024:,.0f} MB read into shared buffers first (pg_prewarm)"


# -- who and what the pages are measured for ---------------------------------------------------


@dataclass
class Subjects:
    deputy_director: Any
    busy_social_worker: Any
    busy_team_manager: Any
    long_history_child: Any
    list_filter: dict[str, str]
    deep_page: int


def subjects() -> Subjects:
    from caseflow import selectors
    from caseflow.models import Child, User

    director = User.objects.get(username="dd1")
    worker = User.objects.get(username="t1_sw1")
    manager = User.objects.get(username="t1_tm1")
    child = Child.objects.get(local_reference="BR0000001")
    list_filter = {"legal_status": "care_order"}
    listed = selectors.child_list_for_user(user=director, legal_status=list_filter["legal_status"]).count()
    pages = max(1, -(-listed // 25))
    return Subjects(director, worker, manager, child, list_filter, max(1, int(pages * 0.8)))


# -- pages through the stack -------------------------------------------------------------------


def _client_for(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _queries(client: Any, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return len(captured.captured_queries)


def _forget_child_pages() -> None:
    from django.core.cache import caches

    caches["child_pages"].clear()


def _built_afresh(client: Any, path: str) -> Any:
    """The page with nothing kept: the child page's cache emptied first, as after a change."""
    _forget_child_pages()
    return client.get(path)


def measure_pages(who: Subjects, repeats: int) -> list[PageResult]:
    from urllib.parse import urlencode

    from django.urls import reverse

    filtered = urlencode(who.list_filter)
    pages = [
        ("Tracker dashboard", reverse("dashboard"), who.deputy_director),
        ("Children list, filtered, page 1", f"{reverse('child_list')}?{filtered}", who.deputy_director),
        (
            f"Children list, filtered, page {who.deep_page}",
            f"{reverse('child_list')}?{filtered}&page={who.deep_page}",
            who.deputy_director,
        ),
        (
            CHILD_PAGE_BUILT,
            reverse("child_detail", args=[who.long_history_child.pk]),
            who.busy_social_worker,
        ),
        (
            CHILD_PAGE_KEPT,
            reverse("child_detail", args=[who.long_history_child.pk]),
            who.busy_social_worker,
        ),
        ("My work: busy social worker", reverse("home"), who.busy_social_worker),
        ("My work: busy team manager", reverse("home"), who.busy_team_manager),
    ]
    results = []
    for name, path, user in pages:
        client = _client_for(user)
        if name == CHILD_PAGE_BUILT:
            _forget_child_pages()
        queries = _queries(client, path)  # the first opening: the child page is built here
        if name == CHILD_PAGE_KEPT:
            queries = _queries(client, path)  # and taken from the cache from then on
        get = partial(_built_afresh, client) if name == CHILD_PAGE_BUILT else client.get
        median, p95 = _timed(partial(get, path), repeats)
        ceiling, _ = _timed(partial(client.get, "/bench/minimal/"), repeats)
        results.append(PageResult(name, path, user.username, median, p95, queries, ceiling_ms=ceiling))
        print(f"  {name}: median {median} ms, p95 {p95} ms, {queries} queries", flush=True)
    return results


# -- the floor: one raw SQL query per page -----------------------------------------------------


def measure_floors(who: Subjects, results: list[PageResult], repeats: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from reports.dashboard import default_range

    start, end = default_range()
    trend_from = timezone.make_aware(datetime.combine(start, time_of_day.min))
    trend_until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time_of_day.min))
    values = {
        "director": who.deputy_director.pk,
        "worker": who.busy_social_worker.pk,
        "manager": who.busy_team_manager.pk,
        "child": who.long_history_child.pk,
        "legal_status": who.list_filter["legal_status"],
        "offset_first": 0,
        "offset_deep": (who.deep_page - 1) * 25,
        "now": timezone.now(),
        "trend_from": trend_from,
        "trend_until": trend_until,
    }
    queries = floor_queries()
    by_page = {
        "Tracker dashboard": ("dashboard", {}),
        "Children list, filtered, page 1": ("children list", {"offset": values["offset_first"]}),
        f"Children list, filtered, page {who.deep_page}": ("children list", {"offset": values["offset_deep"]}),
        CHILD_PAGE_BUILT: ("child page", {}),
        CHILD_PAGE_KEPT: ("child page", {}),
        "My work: busy social worker": ("my work", {"user": values["worker"]}),
        "My work: busy team manager": ("my work", {"user": values["manager"]}),
    }
    with connection.cursor() as cursor:
        for result in results:
            key, extra = by_page[result.name]
            sql, params = queries[key], {**values, **extra}

            def run(sql: str = sql, params: dict[str, Any] = params) -> None:
                cursor.execute(sql, params)
                cursor.fetchall()

            result.floor_ms, _ = _timed(run, repeats)
            print(f"  floor for {result.name}: {result.floor_ms} ms", flush=True)


# -- under load: gunicorn and wrk --------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sign_in(base: str, username: str) -> str:
    import requests

    session = requests.Session()
    page = session.get(f"{base}/sign-in/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, "no CSRF token on the sign-in page"
    response = session.post(
        f"{base}/sign-in/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": f"{base}/sign-in/"},
        timeout=60,
        allow_redirects=False,
    )
    assert response.status_code == 302, f"sign-in for {username} answered {response.status_code}"
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def _wrk(base: str, targets: list[tuple[str, str]], seconds: int) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".tsv", delete=False) as file:
        file.writelines(f"{cookie}\t{path}\n" for cookie, path in targets)
    script = Path(__file__).with_name("wrk_report.lua")
    command = ["wrk", "-t2", f"-c{CONCURRENT_USERS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), base]
    output = subprocess.run(  # noqa: S603 # our own command line
        command, capture_output=True, text=True, env={**os.environ, "BENCH_TARGETS": file.name}, check=True
    ).stdout
    os.unlink(file.name)
    return json.loads(output.strip().splitlines()[-1])


def _open_each_once(base: str, targets: list[tuple[str, str]]) -> None:
    import requests

    for cookie, path in targets:
        response = requests.get(f"{base}{path}", headers={"Cookie": cookie}, timeout=60)
        assert response.status_code == 200, f"{path} answered {response.status_code}"


def _drain(base: str, cookie: str) -> None:
    """Wait until the server has worked through requests a finished run left queued."""
    import requests

    for _ in range(120):
        started = time.monotonic()
        requests.get(f"{base}/bench/minimal/", headers={"Cookie": cookie}, timeout=60)
        if time.monotonic() - started < 0.2:
            return
        time.sleep(0.5)


def _combined(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """One target's rounds as one run: requests and time added up; each latency percentile the
    worst round's (so a slow round is never averaged away)."""
    requests, seconds = sum(r["requests"] for r in rounds), sum(r["seconds"] for r in rounds)
    return {
        "requests": requests,
        "seconds": round(seconds, 2),
        "per_second": round(requests / seconds, 1) if seconds else 0,
        **{key: max(r[key] for r in rounds) for key in ("p50_ms", "p95_ms", "p99_ms")},
        "errors": sum(r["errors"] for r in rounds),
        "non_2xx": sum(r["non_2xx"] for r in rounds),
        "rounds_per_second": [r["per_second"] for r in rounds],
    }


def measure_load(size: Size, seconds: int, *, kept_connections: bool = False) -> dict[str, Any]:
    """The child page for 50 concurrent users (ten social workers, each opening five of their own
    children), beside the minimal view under the same load, on gunicorn: with the app's default
    of a new database connection per request, or (for comparison) with connections kept."""
    from caseflow.models import Child, User

    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    workers = 2 * (os.cpu_count() or 1) + 1
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "caseflow.settings.bench",
        "DATABASE_URL": size.database_url,
        "PYTHONPATH": str(ROOT),
        "DATABASE_CONN_MAX_AGE": str(KEPT_CONNECTION_SECONDS if kept_connections else 0),
    }
    gunicorn = subprocess.Popen(  # noqa: S603 # our own command line
        [str(Path(sys.executable).with_name("gunicorn")), "caseflow.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "sync", "--log-level", "warning", "--backlog", "2048"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.2)
        workers_users = list(User.objects.filter(username__in=[f"t{t}_sw1" for t in range(1, 11)]))
        targets = []
        for user in workers_users:
            cookie = _sign_in(base, user.username)
            children = Child.objects.filter(allocated_worker=user).order_by("local_reference")[:5]
            targets += [(cookie, f"/children/{child.pk}/") for child in children]
        minimal = [(cookie, "/bench/minimal/") for cookie, _ in targets]
        _wrk(base, minimal, 3)  # warm every worker
        _open_each_once(base, targets)  # each child page built once, as its first opening today builds it
        # In alternating rounds, so a machine that slows down for a while (as a shared one does)
        # slows both alike rather than whichever ran second.
        rounds: dict[str, list[dict[str, Any]]] = {"child_page": [], "minimal_view": []}
        for _ in range(LOAD_ROUNDS):
            for name, load in (("child_page", targets), ("minimal_view", minimal)):
                _drain(base, targets[0][0])
                rounds[name].append(_wrk(base, load, max(1, seconds // LOAD_ROUNDS)))
        child_page, minimal_view = _combined(rounds["child_page"]), _combined(rounds["minimal_view"])
    finally:
        os.killpg(gunicorn.pid, 15)
        gunicorn.wait(timeout=30)
    ratio = child_page["per_second"] / minimal_view["per_second"] if minimal_view["per_second"] else 0
    return {
        "users": CONCURRENT_USERS,
        "gunicorn_workers": workers,
        "seconds": seconds,
        "rounds": LOAD_ROUNDS,
        "connections": f"kept (DATABASE_CONN_MAX_AGE={KEPT_CONNECTION_SECONDS})"
        if kept_connections
        else "new per request",
        "child_page": child_page,
        "minimal_view": minimal_view,
        "throughput_ratio": round(ratio, 2),
        "passed": ratio >= 0.5,
    }


# -- background jobs ---------------------------------------------------------------------------


def measure_jobs(size: Size) -> dict[str, Any]:
    jobs = {}
    for job, limit_s in (("pob", 10), ("scan", 5)):
        output = subprocess.run(  # noqa: S603 # our own command line
            [sys.executable, "-m", "tests.benchmarks.jobs", job, size.name],
            cwd=ROOT, capture_output=True, text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
        ).stdout  # fmt: skip
        result = json.loads(output.strip().splitlines()[-1])
        result["target"] = f"< {limit_s} s" + (", < 500 MB" if job == "scan" else "")
        result["passed"] = result["seconds"] < limit_s and (job != "scan" or result["peak_mb"] < 500)
        jobs[job] = result
        print(f"  {job}: {result['seconds']} s, peak {result['peak_mb']} MB", flush=True)
    return jobs


# -- targets and the report --------------------------------------------------------------------


def judge(results: Results) -> None:
    for page in results.pages:
        if page.name == "Tracker dashboard":
            page.target = "≤ 2× floor, p95 < 300 ms"
            page.passed = page.floor_ms is not None and page.median_ms <= 2 * page.floor_ms and page.p95_ms < 300
        elif page.name.startswith(("Child page", "Children list")):
            page.target = "p95 < 150 ms"
            page.passed = page.p95_ms < 150


def _mark(passed: bool | None) -> str:
    return "" if passed is None else ("PASS" if passed else "MISS")


def _ratio(value: float, base: float | None) -> str:
    return f"{value / base:.1f}×" if base else "–"


def _load_lines(load: dict[str, Any], *, compared: bool) -> list[str]:
    c, v = load["child_page"], load["minimal_view"]
    target = "for comparison" if compared else "≥ ½ the minimal view's throughput"
    return [
        "",
        f"Under load, database connections {load['connections']}: {load['users']} concurrent connections (wrk), "
        f"gunicorn with {load['gunicorn_workers']} sync workers, {load['seconds']} s each in {load['rounds']} "
        "alternating rounds (requests/s over all rounds; each percentile the worst round's); each child page "
        "opened once first (its record built and kept, as the day's first opening does).",
        "",
        "| under load | requests/s | p50 ms | p95 ms | p99 ms | errors | target | |",
        "|---|---:|---:|---:|---:|---:|---|---|",
        f"| Child page | {c['per_second']} | {c['p50_ms']} | {c['p95_ms']} | {c['p99_ms']} | "
        f"{c['errors'] + c['non_2xx']} | {target} ({load['throughput_ratio']}×) | "
        f"{'' if compared else _mark(load['passed'])} |",
        f"| Minimal view | {v['per_second']} | {v['p50_ms']} | {v['p95_ms']} | {v['p99_ms']} | "
        f"{v['errors'] + v['non_2xx']} | | |",
    ]


def markdown(results: Results) -> str:
    m = results.machine
    lines = [
        f"## CaseFlow benchmark: {results.size} ({results.started_at})",
        "",
        f"{m['cpus']} × {m['cpu']}, {m['memory']} RAM, load average {m['load_average']} at the start; "
        f"PostgreSQL {m['postgresql']} (shared_buffers {m['postgresql_shared_buffers']}; the database "
        f"{m.get('prewarm', 'not read into shared buffers first')}); "
        f"Python {m['python']}; Django {m['django']}.",
        f"Data: {results.data.get('children', 0):,} children, {results.data.get('users', 0):,} users, "
        f"{results.data.get('history_rows', 0):,} history rows, "
        f"{results.data.get('rows', {}).get('caseflow_deadline', 0):,} deadlines; generated in "
        f"{results.data.get('seconds', 0):.0f} s.",
        "",
        "| page | median ms | p95 ms | queries | floor ms | × floor | minimal view ms | × minimal | target | |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for p in results.pages:
        lines.append(
            f"| {p.name} | {p.median_ms} | {p.p95_ms} | {p.queries} | {p.floor_ms} | {_ratio(p.median_ms, p.floor_ms)} "
            f"| {p.ceiling_ms} | {_ratio(p.median_ms, p.ceiling_ms)} | {p.target} | {_mark(p.passed)} |"
        )
    for load, compared in ((results.load, False), (results.load_kept_connections, True)):
        if load.get("child_page"):
            lines += _load_lines(load, compared=compared)
        elif load.get("skipped") and not compared:
            lines += ["", f"Under load: skipped ({load['skipped']})."]
    if results.jobs:
        lines += ["", "| job | seconds | peak memory MB | target | |", "|---|---:|---:|---|---|"]
        names = {"pob": "Monthly POB report (one month)", "scan": "Deadline scan (every open clock)"}
        for key, job in results.jobs.items():
            lines.append(
                f"| {names[key]} | {job['seconds']} | {job['peak_mb']} | {job['target']} | {_mark(job['passed'])} |"
            )
    lines += [
        "",
        "Targets apply at the national size. Floor: the page's figures as one raw SQL query. Minimal view: "
        "a signed-in page that does nothing, through the same middleware.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure a CaseFlow benchmark database")
    parser.add_argument("--size", choices=sorted(SIZES), default="council")
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--load-seconds", type=int, default=20)
    parser.add_argument("--skip", action="append", default=[], choices=["pages", "load", "jobs"])
    args = parser.parse_args(argv)
    size = SIZES[args.size]
    os.environ["DJANGO_SETTINGS_MODULE"] = "caseflow.settings.bench"
    os.environ["DATABASE_URL"] = size.database_url
    import django

    django.setup()
    from django.core.management import call_command

    generated = OUT / f"generate-{size.name}.json"
    if not generated.exists():
        print(f"No benchmark data for {size.name}: run `make bench SIZE={size.name}` (it builds it first)")
        return 1
    call_command("migrate", verbosity=0)  # the app may have moved on since the data were made
    started = datetime.now(UTC).replace(microsecond=0)
    results = Results(size.name, started.isoformat(), machine(), json.loads(generated.read_text()))
    results.machine["prewarm"] = prewarm()
    print(f"Measuring {size.database} ({results.machine['cpus']} CPUs, load {results.machine['load_average']})")
    if "pages" not in args.skip:
        who = subjects()
        results.pages = measure_pages(who, args.repeats)
        measure_floors(who, results.pages, args.repeats)
    if "load" not in args.skip:
        results.load = measure_load(size, args.load_seconds)
        print(f"  under load: {results.load}", flush=True)
        results.load_kept_connections = measure_load(size, args.load_seconds, kept_connections=True)
        print(f"  under load, connections kept: {results.load_kept_connections}", flush=True)
    if "jobs" not in args.skip:
        results.jobs = measure_jobs(size)
    judge(results)
    OUT.mkdir(parents=True, exist_ok=True)
    stem = OUT / f"{size.name}-{started:%Y%m%dT%H%M%SZ}"
    data = asdict(results)
    stem.with_suffix(".json").write_text(json.dumps(data, indent=2, default=str))
    report = markdown(results)
    stem.with_suffix(".md").write_text(report)
    print()
    print(report)
    print(f"Written to {stem}.json and .md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
