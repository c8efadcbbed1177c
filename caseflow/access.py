"""Who may see which child: the one place this rule lives (SPEC section 1).

Every list, page, search, export and dashboard filters children through `child_access_q`.
Framework apps may widen access for their own reasons (an advanced practitioner attending a
tracker meeting, say) by registering a grant; nothing narrows it elsewhere.
"""

from collections.abc import Callable

from django.db.models import Q

from caseflow.constants import AREA_SCOPED_ROLES, TEAM_SCOPED_ROLES, Role
from caseflow.models import Team, User

AccessGrant = Callable[[User], Q | None]
_grants: list[AccessGrant] = []

NOTHING = Q(pk__in=[])


def register_access_grant(grant: AccessGrant) -> AccessGrant:
    """Add a rule that gives a user sight of more children; returns None to give nothing."""
    _grants.append(grant)
    return grant


def _role_q(user: User) -> Q:
    if user.role in TEAM_SCOPED_ROLES:
        # A subquery, not a join through team members: a join would repeat each child per member.
        # It reads the membership table alone (the team table adds nothing to a team's id).
        my_teams = User.teams.through.objects.filter(user=user).values("team_id")
        return Q(team_id__in=my_teams) | Q(allocated_worker=user)
    if user.role in AREA_SCOPED_ROLES:
        if user.sees_all_areas:
            return Q()
        return Q(team__service_area__in=user.service_areas.values("id"))
    if user.role == Role.IRO:
        return Q(reviewing_officer=user)
    return NOTHING


def child_access_q(user: User) -> Q:
    """A filter on Child selecting exactly the children this user may see."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    q = _role_q(user)
    for grant in _grants:
        extra = grant(user)
        if extra is not None:
            q |= extra
    return q


def teams_in_scope(user: User) -> "list[Team]":
    """The teams a user may file a child under or filter by."""
    queryset = Team.objects.select_related("service_area")
    if user.role in TEAM_SCOPED_ROLES:
        return list(queryset.filter(members=user))
    if user.role in AREA_SCOPED_ROLES:
        return list(queryset if user.sees_all_areas else queryset.filter(service_area__managers=user))
    return []
