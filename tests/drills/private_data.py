"""Data for a drill that runs on a database of its own (not the test database): run as
`python -m tests.drills.private_data N` with the drill's environment, it makes a team with a
social worker (sw1) and a team manager (tm1), and N children each with a request to leave the
pathway waiting for tm1, and prints the requests' ids as JSON."""

import json
import sys
from datetime import timedelta

import django


def seed(count: int) -> list[str]:
    from django.utils import timezone

    from caseflow.constants import Role
    from pathways import services
    from tests.caseflow.factories import ChildFactory, ServiceAreaFactory, TeamFactory, UserFactory
    from tests.pathways.factories import pending_request

    team = TeamFactory.create(name="Cared For", service_area=ServiceAreaFactory.create(name="Children in Care"))
    social_worker = UserFactory.create(username="sw1", role=Role.SOCIAL_WORKER, teams=[team])
    UserFactory.create(username="tm1", role=Role.TEAM_MANAGER, teams=[team])
    requests = []
    for child in ChildFactory.create_batch(count, looked_after=True, team=team, allocated_worker=social_worker):
        episode = services.episode_start(child=child, by=social_worker, activated_at=timezone.now() - timedelta(days=9))
        requests.append(str(pending_request(episode, by=social_worker).pk))
    return requests


if __name__ == "__main__":
    django.setup()
    print(json.dumps(seed(int(sys.argv[1]))))  # noqa: T201
