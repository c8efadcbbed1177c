"""The fault drills start real processes (gunicorn, Celery workers) and stop real services
(Redis, PostgreSQL), so they run only from `make drills` (CASEFLOW_DRILLS=1), on their own."""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import redis
from django.conf import settings
from django.utils import timezone

from tests.drills.processes import DRILL_BROKER

if os.environ.get("CASEFLOW_DRILLS") != "1":
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture(autouse=True)
def _on_postgresql_and_redis(transactional_db: Any) -> None:
    """Rows are committed (other processes must see them); the broker starts empty."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.fail("The fault drills need PostgreSQL and Redis")
    redis.Redis.from_url(DRILL_BROKER).flushdb()


def pending_exit_for(child: Any, social_worker: Any) -> Any:
    """A pathway episode with a request to leave the pathway, waiting for the team manager."""
    from pathways import services
    from tests.pathways.factories import pending_request

    episode = services.episode_start(child=child, by=social_worker, activated_at=timezone.now() - timedelta(days=9))
    return pending_request(episode, by=social_worker)


@pytest.fixture
def pending_exit(child_a: Any, social_worker: Any, team_manager: Any) -> Any:
    return pending_exit_for(child_a, social_worker)


@pytest.fixture
def pending_exits(team_a: Any, social_worker: Any, team_manager: Any) -> list[Any]:
    """Five children of team A, each with a request to leave the pathway waiting for tm1."""
    from tests.caseflow.factories import ChildFactory

    children = ChildFactory.create_batch(5, looked_after=True, team=team_a, allocated_worker=social_worker)
    return [pending_exit_for(child, social_worker) for child in children]
