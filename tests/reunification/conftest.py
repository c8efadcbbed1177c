from datetime import date

import pytest

from caseflow.constants import NetworkCircle, Role
from reunification.constants import RiskLevel, Step
from tests.caseflow.factories import NetworkPersonFactory, UserFactory
from tests.reunification.factories import episode_at


@pytest.fixture
def corporate_director(db):
    return UserFactory.create(username="cd1", role=Role.CORPORATE_DIRECTOR, sees_all_areas=True)


@pytest.fixture
def mother(child_a):
    return NetworkPersonFactory.create(
        child=child_a, name="Dana Hassan", date_of_birth=date(1990, 1, 1), circle=NetworkCircle.HOUSEHOLD
    )


@pytest.fixture
def at_step(child_a, social_worker, team_manager, service_manager, head_of_service, corporate_director):
    def make(step: Step, rc1: str = RiskLevel.MEDIUM, start_days_ago: int = 700):
        return episode_at(
            step,
            child=child_a,
            social_worker=social_worker,
            team_manager=team_manager,
            service_manager=service_manager,
            head_of_service=head_of_service,
            corporate_director=corporate_director,
            rc1=rc1,
            start_days_ago=start_days_ago,
        )

    return make
