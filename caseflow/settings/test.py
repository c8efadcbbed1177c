"""Settings for the test suite.

The suite runs against PostgreSQL and a real Redis broker when they answer (CI has both), and
falls back to SQLite and eager Celery otherwise. CASEFLOW_REQUIRE_SERVICES=1 (set by .ci/run)
turns the fallback into an error, so CI can never pass on SQLite by accident.
"""

import os
import socket
from urllib.parse import urlsplit

TEST_POSTGRES_URL = os.environ.get("CASEFLOW_TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
TEST_REDIS_URL = os.environ.get("CASEFLOW_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _answers(url: str, default_port: int) -> bool:
    """Whether the server the URL names answers (the fault drills point at servers of their own)."""
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or default_port), timeout=0.5):
            return True
    except OSError:
        return False


POSTGRES_AVAILABLE = _answers(TEST_POSTGRES_URL, 5432)
REDIS_AVAILABLE = _answers(TEST_REDIS_URL, 6379)
if os.environ.get("CASEFLOW_REQUIRE_SERVICES") == "1" and not (POSTGRES_AVAILABLE and REDIS_AVAILABLE):
    raise RuntimeError(
        f"CASEFLOW_REQUIRE_SERVICES=1 but PostgreSQL answers: {POSTGRES_AVAILABLE}, Redis answers: {REDIS_AVAILABLE}"
    )

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
os.environ["DATABASE_URL"] = TEST_POSTGRES_URL if POSTGRES_AVAILABLE else "sqlite:///var/test.sqlite3"
os.environ["CELERY_BROKER_URL"] = TEST_REDIS_URL if REDIS_AVAILABLE else "memory://localhost/"
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "false" if REDIS_AVAILABLE else "true"
os.environ.setdefault("CASEFLOW_DEMO_PASSWORD", "caseflow-demo-2026")
# Tests read mail.outbox; the fault drills ask for files, to count what a worker process sent.
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")

from .base import *  # noqa: E402,F403
from .base import STORAGES  # noqa: E402

# One test database per run, so two runs on one machine (a developer and CI) never collide.
DATABASES["default"]["TEST"] = {"NAME": f"test_caseflow_{os.getpid()}"}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# live_server serves unhashed names; the manifest build is checked by its own test.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
STATIC_ROOT = None  # type: ignore[assignment] # live_server serves from the source folders; the deployment build has its own test
# Look for tasks whose worker died every 10 s (Kombu's default is about every 100 s): the fault
# drills wait for that redelivery.
CELERY_BROKER_TRANSPORT_OPTIONS = {**CELERY_BROKER_TRANSPORT_OPTIONS, "unacked_restore_throttle": 1}  # noqa: F405
