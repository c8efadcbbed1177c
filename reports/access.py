"""Who may open the POB report and the dashboard, and which teams' figures they see."""

from caseflow.constants import Role
from caseflow.models import User

# Senior readers see the whole report; practitioners and team managers their own teams' rows.
WHOLE_REPORT = {
    Role.PERFORMANCE_OFFICER,
    Role.DEPUTY_DIRECTOR,
    Role.HEAD_OF_SERVICE,
    Role.SERVICE_MANAGER,
    Role.CORPORATE_DIRECTOR,
}
OWN_TEAMS = {Role.SOCIAL_WORKER, Role.ADVANCED_PRACTITIONER, Role.TEAM_MANAGER, Role.FOSTERING_TEAM_MANAGER}
DASHBOARD = {
    Role.DEPUTY_DIRECTOR,
    Role.HEAD_OF_SERVICE,
    Role.SERVICE_MANAGER,
    Role.PERFORMANCE_OFFICER,
    Role.CORPORATE_DIRECTOR,
}


def can_open_report(user: User) -> bool:
    return user.is_active and user.role in WHOLE_REPORT | OWN_TEAMS


def can_generate_report(user: User) -> bool:
    return user.is_active and user.role in WHOLE_REPORT


def report_teams(user: User) -> set[str] | None:
    """The team ids (as text) whose rows the user sees; None means every team and the totals."""
    if user.role in WHOLE_REPORT:
        return None
    return {str(pk) for pk in user.teams.values_list("id", flat=True)}


def can_open_dashboard(user: User) -> bool:
    return user.is_active and user.role in DASHBOARD
