"""What the pathway adds to core: timeline entries, the child page panel and 'My work' sections."""

from caseflow import child_page, demo, my_work, timeline
from caseflow.constants import Role
from caseflow.models import Child, User


def _child_panel(child: Child, viewer: child_page.Viewer) -> child_page.ChildPanel | None:
    from pathways import selectors

    episodes = selectors.episodes_for_child(child=child)
    current = next((episode for episode in episodes if episode.is_open), None)
    can_start = current is None and viewer.can("caseflow.change_child")
    return child_page.ChildPanel(
        template="pathways/includes/child_panel.html",
        context={
            "episodes": episodes,
            "can_start": can_start,
            "child": child,
            "current": current,
            "current_actions": selectors.current_stage_actions(episode=current) if current else [],
        },
    )


def _requests_to_decide(user: User) -> my_work.WorkSection | None:
    if user.role != Role.TEAM_MANAGER:
        return None
    from pathways import selectors

    return my_work.WorkSection(
        title="Pathway requests waiting for your decision",
        empty_text="No pathway requests are waiting. Requests from your teams' social workers, and children whose "
        "planned return is 60 days away or less, appear here.",
        template="pathways/includes/requests_table.html",
        items=list(selectors.requests_awaiting_decision(user=user)),
    )


def _unplanned_for_manager(user: User) -> my_work.WorkSection | None:
    if user.role != Role.TEAM_MANAGER:
        return None
    from pathways import selectors

    return my_work.WorkSection(
        title="Unplanned returns home needing your agreement",
        empty_text="No unplanned returns home are waiting for you.",
        template="pathways/includes/episodes_table.html",
        items=list(selectors.unplanned_returns_awaiting_manager(user=user)),
    )


def _returns_for_deputy_director(user: User) -> my_work.WorkSection | None:
    if user.role != Role.DEPUTY_DIRECTOR:
        return None
    from pathways import selectors

    return my_work.WorkSection(
        title="Returns home waiting for your agreement",
        empty_text="No returns home are waiting for your agreement. Children going home within 60 days, and "
        "unplanned returns home, appear here.",
        template="pathways/includes/episodes_table.html",
        items=list(selectors.returns_awaiting_deputy_director(user=user)),
    )


def _my_requests(user: User) -> my_work.WorkSection | None:
    if user.role not in (Role.SOCIAL_WORKER, Role.ADVANCED_PRACTITIONER):
        return None
    from pathways import selectors

    return my_work.WorkSection(
        title="Your pathway requests",
        empty_text="You have no pathway requests waiting or decided in the last 14 days.",
        template="pathways/includes/requests_table.html",
        items=list(selectors.requests_made_by(user=user)),
    )


def seed_pathway_demo() -> None:
    from pathways.demo import seed_pathway_demo as seed

    seed()


def register() -> None:
    from pathways.models import (
        EpisodeAgreement,
        GoingHomePlan,
        GoingHomePlanReview,
        PathwayAction,
        PathwayEpisode,
        TransferChecklistCompletion,
        TransitionRequest,
    )

    timeline.register_timeline_source(PathwayEpisode)
    for model in (PathwayAction, GoingHomePlan, TransferChecklistCompletion, TransitionRequest, EpisodeAgreement):
        timeline.register_timeline_source(model, child_field="episode__child_id")
    timeline.register_timeline_source(GoingHomePlanReview, child_field="plan__episode__child_id")
    child_page.register_child_panel(_child_panel)
    demo.register_demo_seeder(seed_pathway_demo)
    from pathways import deadlines

    deadlines.register()
    for section in (_requests_to_decide, _unplanned_for_manager, _returns_for_deputy_director, _my_requests):
        my_work.register_section(section)
