"""Settings for the performance benchmark (`make bench`): production-like, on its own database.

DATABASE_URL names the benchmark database (never the test suite's). The benchmark's URLs add
one minimal view beside the app's, as the ceiling a page is compared with.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/caseflow_bench_council")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
# One cache for every gunicorn worker, as a deployment with Redis has (a database of its own).
os.environ.setdefault("CASEFLOW_CACHE_URL", "redis://127.0.0.1:6379/2")
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from .base import *  # noqa: E402,F403
from .base import ALLOWED_HOSTS, LOGGING, STORAGES  # noqa: E402

ROOT_URLCONF = "tests.benchmarks.urls"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
# Served unhashed: the benchmark measures pages, not the static build.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
STATIC_ROOT = None  # type: ignore[assignment]
# Security events would print a line per sign-in under load.
LOGGING["loggers"]["caseflow.security"]["level"] = "WARNING"  # type: ignore[index]
