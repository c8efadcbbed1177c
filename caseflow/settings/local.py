"""The embedded default for `make run`: SQLite, tasks run eagerly in-process, demo data."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "local-only-not-secret-caseflow-demo-key")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/caseflow.sqlite3")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("CASEFLOW_DEMO_PASSWORD", "caseflow-demo-2026")
# Demo emails are written as files in var/sent-emails/ rather than flooding the terminal.
os.environ.setdefault("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")

from .base import *  # noqa: E402,F403
from .base import STORAGES  # noqa: E402

# runserver serves unhashed names; the manifest is for collectstatic in deployment.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
STATIC_ROOT = None  # type: ignore[assignment] # served from the source folders by runserver; collectstatic is for deployment
