import pytest

from pathways.constants import Stage
from tests.caseflow.factories import UserFactory
from tests.pathways.factories import episode_at


@pytest.fixture
def team_manager_2(team_a):
    """A second manager of team A, for 'two managers at once' and 'not your own request'."""
    from caseflow.constants import Role

    return UserFactory.create(username="tm1b", role=Role.TEAM_MANAGER, teams=[team_a])


@pytest.fixture
def at_stage(child_a, social_worker, team_manager, deputy_director):
    """Bring child_a's pathway to a stage through real requests and approvals."""

    def make(stage: Stage):
        return episode_at(
            stage,
            child=child_a,
            social_worker=social_worker,
            team_manager=team_manager,
            deputy_director=deputy_director,
        )

    return make
