"""What each role may do on a pathway episode (SPEC section 1 and 3)."""

from typing import Any

import rules

from caseflow.access import child_access_q
from caseflow.constants import RECORDING_ROLES, Role
from caseflow.models import Child, User


def _sees(user: User, child_id: Any) -> bool:
    return Child.objects.filter(child_access_q(user), pk=child_id).exists()


@rules.predicate
def can_record(user: User, episode: Any) -> bool:
    return user.is_active and user.role in RECORDING_ROLES and _sees(user, episode.child_id)


@rules.predicate
def can_decide(user: User, request: Any) -> bool:
    """A team manager of the child's team, who did not make the request."""
    child = request.episode.child
    return (
        user.is_active
        and user.role == Role.TEAM_MANAGER
        and request.requested_by_id != user.pk
        and user.teams.filter(pk=child.team_id).exists()
    )


@rules.predicate
def is_deputy_director_for(user: User, episode: Any) -> bool:
    return user.is_active and user.role == Role.DEPUTY_DIRECTOR and _sees(user, episode.child_id)


@rules.predicate
def is_team_manager_for(user: User, episode: Any) -> bool:
    return user.is_active and user.role == Role.TEAM_MANAGER and user.teams.filter(pk=episode.child.team_id).exists()


rules.add_perm("pathways.record", can_record)
rules.add_perm("pathways.decide_request", can_decide)
rules.add_perm("pathways.agree_dd_return_home", is_deputy_director_for)
rules.add_perm("pathways.agree_tm_unplanned_return", is_team_manager_for)
