"""What meetings add to core: timeline entries, the child page panel, 'My work' and deadlines."""

from caseflow import child_page, demo, my_work, timeline
from caseflow.constants import RECORDING_ROLES
from caseflow.models import Child, User


def _child_panel(child: Child, viewer: child_page.Viewer) -> child_page.ChildPanel | None:
    from meetings import mapping_selectors, selectors

    return child_page.ChildPanel(
        template="meetings/includes/child_panel.html",
        context={
            "child": child,
            "series": mapping_selectors.scaling_series(child=child),
            "chart": CHART,
            "care_planning_reasons": selectors.care_planning_reasons(child=child),
        },
    )


CHART = {"width": 560, "height": 240, "pad": 36}


def _my_next_steps(user: User) -> my_work.WorkSection | None:
    if user.role not in RECORDING_ROLES:
        return None
    from meetings import mapping_selectors

    return my_work.WorkSection(
        title="Your next steps",
        empty_text="No next steps from mappings or safety plans are waiting for you.",
        template="meetings/includes/next_steps_table.html",
        items=list(mapping_selectors.open_next_steps(user=user)[:50]),
    )


def _my_actions(user: User) -> my_work.WorkSection | None:
    if user.role not in RECORDING_ROLES:
        return None
    from meetings import selectors

    return my_work.WorkSection(
        title="Your actions from meetings",
        empty_text="No actions from meetings are waiting for you.",
        template="meetings/includes/actions_table.html",
        items=list(selectors.my_actions(user=user)[:50]),
    )


def _seed_demo() -> None:
    from meetings.demo import seed_meetings_demo

    seed_meetings_demo()


def register() -> None:
    from meetings import deadlines
    from meetings.models import (
        CareDecision,
        ChildCriterion,
        ChildEvent,
        CourtHearing,
        FamilyTimeSession,
        Mapping,
        MeetingAction,
        MeetingChild,
        NextStep,
        SafetyPlan,
        Score,
        Statement,
        WordingChoice,
    )

    timeline.register_timeline_source(MeetingChild)
    for model in (ChildCriterion, CourtHearing, CareDecision, FamilyTimeSession, ChildEvent, MeetingAction,
                  Mapping, SafetyPlan, NextStep, WordingChoice):  # fmt: skip
        timeline.register_timeline_source(model)
    timeline.register_timeline_source(Statement, child_field="mapping__child_id")
    timeline.register_timeline_source(Score, child_field="statement__mapping__child_id")
    child_page.register_child_panel(_child_panel)
    demo.register_demo_seeder(_seed_demo)
    my_work.register_section(_my_actions)
    my_work.register_section(_my_next_steps)
    deadlines.register()
