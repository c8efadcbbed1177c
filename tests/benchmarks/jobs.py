"""One background job, timed in a process of its own: `python -m tests.benchmarks.jobs pob|scan`.

Prints one line of JSON: wall seconds and the process's peak resident memory. The job's writes
are rolled back at the end, so the benchmark database stays as generated and runs compare.
"""

import json
import os
import resource
import sys
import time
from datetime import datetime
from typing import Any

from tests.benchmarks.sizes import SIZES


class _RollBack(Exception):
    pass


def _peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not getrusage's ru_maxrss: Linux carries
    ru_maxrss over from the parent when a process is started from it (so it would report the
    measuring process's size whenever that is the larger)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # elsewhere: KiB, as Linux


def run(job: str, *, now: datetime | None = None) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.utils import timezone

    from caseflow.deadlines.scan import scan_deadlines
    from reports.services import previous_month, report_create

    connection.ensure_connection()
    before = _peak_mb()
    result: dict[str, Any] = {"job": job}
    started = time.monotonic()
    try:
        with transaction.atomic():
            if job == "scan":
                # A day after the data were made: a day of clocks to create, a day of deadlines
                # falling overdue, and everything else checked.
                result["counts"] = dict(scan_deadlines(now=now or timezone.now()))
            elif job == "pob":
                month = previous_month()
                report = report_create(month=month, by=None)
                result["month"] = f"{month:%Y-%m}"
                result["sections"] = len(report.figures["sections"])
            else:
                raise ValueError(f"unknown job {job!r}")
            result["seconds"] = round(time.monotonic() - started, 2)
            raise _RollBack
    except _RollBack:
        pass
    result["peak_mb"] = round(_peak_mb(), 1)
    result["baseline_mb"] = round(before, 1)
    return result


def main() -> int:
    job, size = sys.argv[1], SIZES[sys.argv[2]]
    os.environ["DJANGO_SETTINGS_MODULE"] = "caseflow.settings.bench"
    os.environ["DATABASE_URL"] = size.database_url
    import django

    django.setup()
    print(json.dumps(run(job)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
