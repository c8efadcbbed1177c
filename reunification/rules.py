"""Who may do what in a reunification episode: each decision by the role the seed names."""

from typing import Any

import rules

from caseflow.access import child_access_q
from caseflow.constants import RECORDING_ROLES, Role
from caseflow.models import Child, User
from caseflow.rules import can_see_child


def _sees(user: User, child_id: Any) -> bool:
    return Child.objects.filter(child_access_q(user), pk=child_id).exists()


def _role_sees(*roles: str) -> Any:
    @rules.predicate
    def predicate(user: User, episode: Any) -> bool:
        return user.is_active and user.role in roles and _sees(user, episode.child_id)

    return predicate


@rules.predicate
def can_identify(user: User, child: Child) -> bool:
    """A social worker or the child's IRO (QARO) identifies a candidate."""
    return user.is_active and (user.role in RECORDING_ROLES or user.role == Role.IRO) and can_see_child(user, child)


@rules.predicate
def is_team_manager_for(user: User, episode: Any) -> bool:
    return user.is_active and user.role == Role.TEAM_MANAGER and user.teams.filter(pk=episode.child.team_id).exists()


can_record = _role_sees(*RECORDING_ROLES)

rules.add_perm("reunification.identify", can_identify)
rules.add_perm("reunification.record", can_record)
rules.add_perm("reunification.decide_decision_1", is_team_manager_for)
rules.add_perm("reunification.decide_rha_sign_off", is_team_manager_for)
rules.add_perm("reunification.decide_decision_2", _role_sees(Role.SERVICE_MANAGER))
rules.add_perm("reunification.decide_decision_3", _role_sees(Role.SERVICE_MANAGER))
rules.add_perm("reunification.decide_ratification", _role_sees(Role.HEAD_OF_SERVICE))
rules.add_perm("reunification.decide_emergency_pwp", _role_sees(Role.HEAD_OF_SERVICE))
# The seed: the Head of Service approves; the case decision is recorded by the service manager.
rules.add_perm("reunification.decide_pwp_case_decision", _role_sees(Role.SERVICE_MANAGER))
rules.add_perm("reunification.decide_corporate_director", _role_sees(Role.CORPORATE_DIRECTOR))
rules.add_perm("reunification.end", is_team_manager_for)
