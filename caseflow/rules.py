"""Object permissions for the core records (django-rules, autodiscovered).

Seeing a child is decided by `caseflow.access`; these rules add what a role may *do*.
"""

from typing import Any

import rules

from caseflow.access import child_access_q
from caseflow.constants import RECORDING_ROLES, Role
from caseflow.models import Child, User


@rules.predicate
def is_recording_role(user: User) -> bool:
    return user.is_active and user.role in RECORDING_ROLES


@rules.predicate
def is_administrator(user: User) -> bool:
    return user.is_active and user.role == Role.ADMINISTRATOR


@rules.predicate
def can_see_child(user: User, child: Child) -> bool:
    # Asked several times per page about the same child: answered once per child object (a child
    # read through `selectors.child_get_for_user` is already known to be visible to its reader).
    seen = child.__dict__.setdefault("_visible_to", {})
    if user.pk not in seen:
        seen[user.pk] = Child.objects.filter(child_access_q(user), pk=child.pk).exists()
    return bool(seen[user.pk])


@rules.predicate
def manages_childs_team(user: User, record: Any) -> bool:
    """A team manager of the team of the child (or of the child a record is about)."""
    child = record if isinstance(record, Child) else record.child
    return user.is_active and user.role == Role.TEAM_MANAGER and user.teams.filter(pk=child.team_id).exists()


rules.add_perm("caseflow.add_child", is_recording_role)
rules.add_perm("caseflow.waive_deadline", manages_childs_team)
rules.add_perm("caseflow.change_child", is_recording_role & can_see_child)
