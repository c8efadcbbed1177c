"""Running the project's own commands in a subprocess with only the environment given, so
nothing the pytest process has set (pytest-django, caseflow.settings.test) leaks in."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

_PROJECT_ENV_PREFIXES = ("DJANGO_", "DATABASE_", "CELERY_", "CASEFLOW_", "POSTGRES_", "COMPOSE_")


def clean_environment(**values: str) -> dict[str, str]:
    """This process's environment without the project's settings, plus `values`."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(_PROJECT_ENV_PREFIXES)}
    environment.update(values)
    return environment


def manage(*args: str, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - fixed arguments, the project's own manage.py
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
