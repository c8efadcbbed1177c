"""Build a benchmark database: `python -m tests.benchmarks.generate --size council`.

Drops and recreates `caseflow_bench_<size>` (never any other database), migrates it, fills it
with set-based SQL (generate.sql) into the app's own tables and their history tables, then lets
the app's own deadline rules create the deadlines for the clocks those records start. Writes what
it made, and how long each step took, to var/bench/generate-<size>.json.
"""

import argparse
import json
import os
import re
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg2

from tests.benchmarks.sizes import DATABASE_HOST, SIZES, Size

ROOT = Path(__file__).resolve().parents[2]
SQL = Path(__file__).with_name("generate.sql")
POST_SQL = Path(__file__).with_name("generate_after.sql")
PASSWORD = "bench-password-2026"  # every benchmark user's; the bench database only


def _log(words: str) -> None:
    print(words, flush=True)


def recreate_database(size: Size) -> None:
    assert size.database.startswith("caseflow_bench_"), "the benchmark only ever drops its own databases"
    admin = psycopg2.connect(f"{DATABASE_HOST}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{size.database}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{size.database}"')
    admin.close()


def setup_django(size: Size) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "caseflow.settings.bench"
    os.environ["DATABASE_URL"] = size.database_url
    import django

    django.setup()


def _steps(path: Path, values: dict[str, Any]) -> list[tuple[str, str]]:
    text = path.read_text()
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", str(value))
    missing = re.findall(r"\{\{[A-Z_]+\}\}", text)
    assert not missing, f"no value for {missing}"
    steps: list[tuple[str, str]] = []
    label, lines = "start", list[str]()
    for line in text.splitlines():
        if line.startswith("-- step:"):
            if any(part.strip() and not part.strip().startswith("--") for part in lines):
                steps.append((label, "\n".join(lines)))
            label, lines = line.removeprefix("-- step:").strip(), []
        else:
            lines.append(line)
    steps.append((label, "\n".join(lines)))
    return steps


def _catalogues(cursor: Any) -> None:
    """The app's own lists (pathway actions by stage, reunification activities by step, the care
    planning agenda) as temporary tables the SQL reads, so the data use the app's keys."""
    from meetings.constants import CARE_PLANNING_AGENDA
    from pathways import catalogue as pathway_catalogue
    from reunification import catalogue as reunification_catalogue

    cursor.execute("CREATE TEMP TABLE bench_action_key (stage text, key text, considered bool)")
    cursor.executemany(
        "INSERT INTO bench_action_key VALUES (%s, %s, %s)",
        [(a.stage.value, a.key, "consider" in a.group) for a in pathway_catalogue.ACTIONS],
    )
    cursor.execute("CREATE TEMP TABLE bench_reunification_key (step text, key text)")
    cursor.executemany(
        "INSERT INTO bench_reunification_key VALUES (%s, %s)",
        [(a.step.value, a.key) for a in reunification_catalogue.ACTIVITIES],
    )
    cursor.execute("CREATE TEMP TABLE bench_agenda_key (key text)")
    cursor.executemany("INSERT INTO bench_agenda_key VALUES (%s)", [(key,) for key, _ in CARE_PLANNING_AGENDA])


def _secondary_indexes(cursor: Any) -> list[str]:
    """Non-unique indexes of the app's tables: dropped while loading, built again after (faster
    than keeping them up to date row by row). Unique ones stay, so the data meet every constraint."""
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace ns ON ns.oid = c.relnamespace
        WHERE ns.nspname = 'public' AND NOT i.indisunique AND NOT i.indisprimary
        """
    )
    rows = cursor.fetchall()
    for name, _ in rows:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _, definition in rows]


def _blank_defaults(cursor: Any) -> list[tuple[str, str]]:
    """Text and yes/no columns the SQL does not name (a field added since it was written) start
    blank or false, as a form would leave them; the defaults are removed again after loading."""
    cursor.execute(
        """
        SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND is_nullable = 'NO' AND column_default IS NULL
          AND data_type IN ('character varying', 'text', 'boolean')
        """
    )
    columns = []
    for table, column, data_type in cursor.fetchall():
        blank = "false" if data_type == "boolean" else "''"
        cursor.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" SET DEFAULT {blank}')
        columns.append((table, column))
    return columns


def _deadlines(now: datetime, timings: dict[str, float]) -> None:
    """The deadlines the app's rules give for these records, made by the scan's own steps (create,
    met, overdue) without the notifications a live scan would send for each."""
    from caseflow.deadlines import scan
    from caseflow.deadlines.registry import rules

    period_for = scan.sync_periods()
    for rule in rules():
        started = time.monotonic()
        scan._create(rule, period_for[rule.kind], since=now, clocks=scan._clocks_once(rule))
        scan._met(rule)
        timings[f"deadlines: {rule.kind}"] = round(time.monotonic() - started, 2)
    started = time.monotonic()
    scan._overdue(now)
    timings["deadlines: overdue"] = round(time.monotonic() - started, 2)


def _counts(cursor: Any) -> dict[str, int]:
    cursor.execute("SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE schemaname = 'public' ORDER BY relname")
    return {name: int(count) for name, count in cursor.fetchall()}


def generate(size: Size) -> dict[str, Any]:
    started_all = time.monotonic()
    timings: dict[str, float] = {}
    _log(f"Building {size.database}: {size.children:,} children, {size.users:,} users, {size.teams} teams")
    recreate_database(size)
    setup_django(size)
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    timings["migrate"] = round(time.monotonic() - started, 2)

    now = datetime.now(UTC).replace(microsecond=0)
    team_base = 1000 if 10 + 3 * size.areas < 1000 else 10 + 3 * size.areas
    values = {
        "NOW": f"'{now.isoformat()}'",
        "CHILDREN": size.children,
        "TEAMS": size.teams,
        "TEAMS_PER_AREA": size.teams_per_area,
        "AREAS": size.areas,
        "IROS": size.iros,
        "TB": team_base,
        "IB": team_base + 16 * size.teams + 1,
        "PASSWORD_HASH": make_password(PASSWORD),
        "LONG_EDITS": size.long_edits,
        "LONG_NETWORK": size.long_network,
        "LONG_MEETINGS": size.long_meetings,
        "LONG_MAPPINGS": size.long_mappings,
    }
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SET work_mem = '64MB'")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        _catalogues(cursor)
        indexes = _secondary_indexes(cursor)
        defaults = _blank_defaults(cursor)
        for label, sql in _steps(SQL, values):
            step_started = time.monotonic()
            cursor.execute(sql)
            timings[label] = round(time.monotonic() - step_started, 2)
            _log(f"  {label}: {timings[label]:.1f} s")
        step_started = time.monotonic()
        for definition in indexes:
            cursor.execute(definition)
        for table, column in defaults:
            cursor.execute(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" DROP DEFAULT')
        cursor.execute("ANALYZE")
        timings["indexes and statistics"] = round(time.monotonic() - step_started, 2)
        _log(f"  indexes and statistics: {timings['indexes and statistics']:.1f} s")

    step_started = time.monotonic()
    _deadlines(now, timings)
    timings["deadlines"] = round(time.monotonic() - step_started, 2)
    _log(f"  deadlines (the app's rules): {timings['deadlines']:.1f} s")

    with connection.cursor() as cursor:
        for label, sql in _steps(POST_SQL, {**values, "FRESH_SINCE": f"'{(now - timedelta(days=1)).isoformat()}'"}):
            step_started = time.monotonic()
            cursor.execute(sql)
            timings[label] = round(time.monotonic() - step_started, 2)
            _log(f"  {label}: {timings[label]:.1f} s")
        step_started = time.monotonic()
        cursor.execute("VACUUM ANALYZE")
        timings["vacuum"] = round(time.monotonic() - step_started, 2)
        counts = _counts(cursor)

    total = round(time.monotonic() - started_all, 1)
    history = sum(count for name, count in counts.items() if "_historical" in name)
    result = {
        "size": size.name,
        "database": size.database,
        "generated_at": now.isoformat(),
        "seconds": total,
        "children": counts.get("caseflow_child", 0),
        "users": counts.get("caseflow_user", 0),
        "history_rows": history,
        "rows": counts,
        "step_seconds": timings,
    }
    _log(f"Done in {total:.0f} s: {result['children']:,} children, {history:,} history rows")
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"generate-{size.name}.json").write_text(json.dumps(result, indent=2))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", choices=sorted(SIZES), default="council")
    args = parser.parse_args(argv)
    generate(SIZES[args.size])
    return 0


if __name__ == "__main__":
    sys.exit(main())
