"""Shared fixtures: the organisation of SPEC section 1 and one named user per role.

Team A and team B are both in the 'Children in Care' service area; a third team sits in another
area, so area-scoped roles can be seen to stop at their area's edge.
"""

import os
from typing import Any

import pytest
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from caseflow.constants import Role
from tests.caseflow.factories import ChildFactory, ServiceAreaFactory, TeamFactory, UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server with Playwright's sync API

# Fuzzing posts whole requests: no per-example deadline, and no example database left in the tree.
hypothesis_settings.register_profile(
    "caseflow",
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
hypothesis_settings.register_profile("deep", parent=hypothesis_settings.get_profile("caseflow"), max_examples=300)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "caseflow"))


def pytest_report_header(config: pytest.Config) -> list[str]:
    from caseflow.settings import test as test_settings

    database = (
        f"PostgreSQL ({test_settings.TEST_POSTGRES_URL})"
        if test_settings.POSTGRES_AVAILABLE
        else "SQLite (PostgreSQL was not reachable)"
    )
    broker = (
        f"Redis ({test_settings.TEST_REDIS_URL}), tasks through a real worker"
        if test_settings.REDIS_AVAILABLE
        else "none: Celery tasks run eagerly (Redis was not reachable)"
    )
    return [f"CaseFlow test database: {database}", f"CaseFlow test broker: {broker}"]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for line in pytest_report_header(terminalreporter.config):
        terminalreporter.write_line(line)


@pytest.fixture(scope="session", autouse=True)
def _empty_test_broker() -> None:
    """Messages left in the test Redis database by an earlier run are not this run's."""
    if settings.CELERY_BROKER_URL.startswith("redis://"):
        import redis

        redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()


@pytest.fixture
def area_in_care(db: Any) -> Any:
    return ServiceAreaFactory(name="Children in Care")


@pytest.fixture
def team_a(area_in_care: Any) -> Any:
    return TeamFactory(name="Cared For", service_area=area_in_care)


@pytest.fixture
def team_b(area_in_care: Any) -> Any:
    return TeamFactory(name="Building Your Futures", service_area=area_in_care)


@pytest.fixture
def team_elsewhere(db: Any) -> Any:
    return TeamFactory(name="Early Help", service_area=ServiceAreaFactory(name="Safeguarding and Family Support"))


@pytest.fixture
def social_worker(team_a: Any):
    return UserFactory(username="sw1", role=Role.SOCIAL_WORKER, teams=[team_a])


@pytest.fixture
def social_worker_2(team_a: Any):
    return UserFactory(username="sw2", role=Role.SOCIAL_WORKER, teams=[team_a])


@pytest.fixture
def social_worker_team_b(team_b: Any):
    return UserFactory(username="sw3", role=Role.SOCIAL_WORKER, teams=[team_b])


@pytest.fixture
def advanced_practitioner(team_a: Any):
    return UserFactory(username="ap1", role=Role.ADVANCED_PRACTITIONER, teams=[team_a])


@pytest.fixture
def team_manager(team_a: Any):
    return UserFactory(username="tm1", role=Role.TEAM_MANAGER, teams=[team_a])


@pytest.fixture
def team_manager_b(team_b: Any):
    return UserFactory(username="tm2", role=Role.TEAM_MANAGER, teams=[team_b])


@pytest.fixture
def service_manager(area_in_care: Any):
    return UserFactory(username="sm1", role=Role.SERVICE_MANAGER, service_areas=[area_in_care])


@pytest.fixture
def head_of_service(db: Any):
    return UserFactory(username="hos1", role=Role.HEAD_OF_SERVICE, sees_all_areas=True)


@pytest.fixture
def deputy_director(db: Any):
    return UserFactory(username="dd1", role=Role.DEPUTY_DIRECTOR, sees_all_areas=True)


@pytest.fixture
def iro(db: Any):
    return UserFactory(username="iro1", role=Role.IRO)


@pytest.fixture
def performance_officer(db: Any):
    return UserFactory(username="perf1", role=Role.PERFORMANCE_OFFICER)


@pytest.fixture
def administrator(db: Any):
    return UserFactory(username="admin", role=Role.ADMINISTRATOR, is_staff=True)


@pytest.fixture
def child_a(team_a: Any, social_worker, iro):
    """A looked-after child in team A, allocated to sw1 and reviewed by the IRO."""
    return ChildFactory(
        looked_after=True,
        given_names="Amira",
        family_name="Hassan",
        local_reference="LCS-100101",
        team=team_a,
        allocated_worker=social_worker,
        reviewing_officer=iro,
    )


@pytest.fixture
def child_b(team_b: Any, social_worker_team_b):
    """A looked-after child in team B, allocated to sw3, not reviewed by the IRO."""
    return ChildFactory(
        looked_after=True,
        given_names="Ellis",
        family_name="Murphy",
        local_reference="LCS-200201",
        team=team_b,
        allocated_worker=social_worker_team_b,
    )


@pytest.fixture
def child_elsewhere(team_elsewhere: Any):
    """A child in another service area altogether."""
    return ChildFactory(looked_after=True, given_names="Noor", family_name="Ali", team=team_elsewhere)
