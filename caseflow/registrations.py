"""Core's own 'My work' sections: deadlines."""

from caseflow import my_work
from caseflow.constants import Role
from caseflow.models import User


def _my_deadlines(user: User) -> my_work.WorkSection | None:
    from caseflow.deadlines import selectors

    return my_work.WorkSection(
        title="Your deadlines",
        empty_text="No deadlines are overdue or due in the next two weeks for the children allocated to you.",
        template="caseflow/includes/deadlines_table.html",
        items=selectors.my_deadlines(user=user),
    )


def _team_overdue(user: User) -> my_work.WorkSection | None:
    if user.role != Role.TEAM_MANAGER:
        return None
    from caseflow.deadlines import selectors

    return my_work.WorkSection(
        title="Your teams' overdue deadlines",
        empty_text="No deadline is overdue for your teams' children.",
        template="caseflow/includes/deadlines_table.html",
        items=selectors.team_overdue(user=user),
    )


def register() -> None:
    my_work.register_section(_my_deadlines)
    my_work.register_section(_team_overdue)
