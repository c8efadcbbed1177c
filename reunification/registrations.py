"""What reunification adds to core: timeline entries, the child page panel, 'My work' and demo data."""

from caseflow import child_page, demo, my_work, timeline
from caseflow.constants import Role
from caseflow.models import Child, User


def _child_panel(child: Child, viewer: child_page.Viewer) -> child_page.ChildPanel | None:
    from reunification import selectors

    episodes = selectors.episodes_for_child(child=child)
    current = next((episode for episode in episodes if episode.is_open), None)
    return child_page.ChildPanel(
        template="reunification/includes/child_panel.html",
        context={
            "episodes": episodes,
            "child": child,
            "risk_history": selectors.risk_history(episode=episodes[0]) if episodes else [],
            "can_identify": current is None and viewer.can("reunification.identify"),
        },
    )


def _decisions_waiting(user: User) -> my_work.WorkSection | None:
    roles = (Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE, Role.CORPORATE_DIRECTOR)
    if user.role not in roles:
        return None
    from reunification import selectors

    return my_work.WorkSection(
        title="Reunification decisions waiting for you",
        empty_text="No reunification decisions are waiting for you.",
        template="reunification/includes/waiting_table.html",
        items=list(selectors.decisions_waiting_for(user=user)),
    )


def _high_risk_alerts(user: User) -> my_work.WorkSection | None:
    if user.role != Role.SERVICE_MANAGER:
        return None
    from reunification import selectors

    return my_work.WorkSection(
        title="High risk for six months: reclassify as Severe?",
        empty_text="No child's risk has stood at High for six months.",
        template="reunification/includes/waiting_table.html",
        items=list(selectors.high_risk_standing_six_months(user=user)),
    )


def seed_reunification_demo() -> None:
    from reunification.demo import seed_reunification_demo as seed

    seed()


def register() -> None:
    from reunification.models import (
        ActivityRecord,
        GoalProgress,
        ParentalGoal,
        PoliceCheck,
        ReunificationDecision,
        ReunificationEpisode,
        RiskClassification,
    )

    timeline.register_timeline_source(ReunificationEpisode)
    for model in (ActivityRecord, RiskClassification, ReunificationDecision, PoliceCheck, ParentalGoal):
        timeline.register_timeline_source(model, child_field="episode__child_id")
    timeline.register_timeline_source(GoalProgress, child_field="goal__episode__child_id")
    child_page.register_child_panel(_child_panel, permissions=("reunification.identify",))
    my_work.register_section(_decisions_waiting)
    my_work.register_section(_high_risk_alerts)
    demo.register_demo_seeder(seed_reunification_demo)
    from reunification import deadlines

    deadlines.register()
