"""Demo pathway episodes in every stage, reached through the real services as users would.

`episode_at` is also how the tests bring an episode to a stage: requests and approvals, never
writing `state`.
"""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from caseflow.models import Child, User
from pathways import catalogue, services
from pathways.constants import (
    ActionStatus,
    AgreementKind,
    AgreementOutcome,
    LegalRoute,
    Route,
    Stage,
    Transition,
)
from pathways.models import PathwayEpisode, TransferChecklistItem, TransitionRequest


def record_actions(episode: PathwayEpisode, by: User, keys: list[str]) -> None:
    for key in keys:
        services.action_record(episode=episode, by=by, key=key, status=ActionStatus.DONE, done_on=timezone.localdate())


def ready_for_stage_2(episode: PathwayEpisode, by: User, *, planned_in_days: int = 200) -> PathwayEpisode:
    """Everything an active Going Home plan needs: route, planned return, MDT meeting, plan."""
    services.episode_facts_update(
        episode=episode,
        by=by,
        fields={
            "route": Route.GOING_HOME,
            "planned_return_date": timezone.localdate() + timedelta(days=planned_in_days),
        },
    )
    record_actions(episode, by, ["initial_mdt_meeting"])
    services.going_home_plan_save(
        episode=episode,
        by=by,
        fields={"timeframe": "within_6_12_months", "plan_text": "Return home to mum, with family time increasing"},
    )
    return PathwayEpisode.objects.get(pk=episode.pk)


def move(episode: PathwayEpisode, transition: str, *, requester: User, manager: User, **extra: Any) -> PathwayEpisode:
    request = services.transition_request(
        episode=episode, transition=transition, by=requester, reason="Ready for the next stage", **extra
    )
    return services.transition_approve(request=request, by=manager, reason="Agreed in supervision")


def episode_at(
    stage: str,
    *,
    child: Child,
    social_worker: User,
    team_manager: User,
    deputy_director: User | None = None,
    started_days_ago: int = 400,
) -> PathwayEpisode:
    """An episode for the child at `stage`, reached through requests and approvals."""
    episode = services.episode_start(
        child=child, by=social_worker, activated_at=timezone.now() - timedelta(days=started_days_ago)
    )
    if stage == Stage.STAGE_1:
        return episode
    # Stage 1's early actions were done on time.
    record_actions(episode, social_worker, ["placement_planning_meeting", "cwcf_plan_review", "strengths_fgc"])
    if stage == Stage.STAGE_1_BYF:
        services.episode_facts_update(
            episode=episode,
            by=social_worker,
            fields={"route": Route.SUPPORT, "proceedings_concluded_on": date(2026, 1, 5), "placement_settled": True},
        )
        for item in TransferChecklistItem.objects.filter(is_active=True):
            services.transfer_item_complete(episode=episode, item=item, by=social_worker, completed_on=date(2026, 2, 1))
        return move(episode, Transition.TRANSFER_TO_BYF, requester=social_worker, manager=team_manager)
    episode = ready_for_stage_2(episode, social_worker, planned_in_days=200 if stage == Stage.STAGE_2 else 30)
    episode = move(episode, Transition.AGREE_GOING_HOME, requester=social_worker, manager=team_manager)
    if stage == Stage.STAGE_2:
        return episode
    episode = move(episode, Transition.START_FINAL_60_DAYS, requester=social_worker, manager=team_manager)
    if stage == Stage.STAGE_2_FINAL_60_DAYS:
        return episode
    if deputy_director is None:
        raise ValueError("a planned return needs the Deputy Director's agreement")
    record_actions(episode, social_worker, catalogue.keys_for(Stage.STAGE_2_FINAL_60_DAYS))
    services.agreement_record(
        episode=episode,
        by=deputy_director,
        kind=AgreementKind.DEPUTY_DIRECTOR_RETURN,
        outcome=AgreementOutcome.AGREED,
        rationale="The network is strong and the contingency plan is agreed",
    )
    services.episode_facts_update(
        episode=episode, by=social_worker, fields={"returned_home_on": timezone.localdate() - timedelta(days=1)}
    )
    episode = move(episode, Transition.RETURN_HOME, requester=social_worker, manager=team_manager)
    if stage == Stage.STAGE_3:
        return episode
    services.episode_facts_update(
        episode=episode, by=social_worker, fields={"legal_route": LegalRoute.ORDER_DISCHARGED}
    )
    record_actions(episode, social_worker, ["final_cwcf_review"])
    episode = move(episode, Transition.START_CLOSURE, requester=social_worker, manager=team_manager)
    if stage == Stage.CLOSURE:
        return episode
    record_actions(episode, social_worker, catalogue.keys_for(Stage.CLOSURE))
    return move(episode, Transition.CLOSE, requester=social_worker, manager=team_manager)


def pending_request(episode: PathwayEpisode, *, by: User, transition: str = Transition.EXIT) -> TransitionRequest:
    return services.transition_request(
        episode=episode, transition=transition, by=by, reason="The family moved away", effective_on=timezone.localdate()
    )


def seed_pathway_demo() -> None:
    """Demo children in every stage, with requests waiting for tm1, tm2 and dd1. Skips children
    who already have a pathway, so it is safe to run again."""
    users = {
        user.username: user for user in User.objects.filter(username__in=["sw1", "sw2", "sw3", "tm1", "tm2", "dd1"])
    }
    children = {child.local_reference: child for child in Child.objects.filter(pathway_episodes__isnull=True)}
    sw1, sw2, sw3, tm1, tm2, dd1 = (users[name] for name in ("sw1", "sw2", "sw3", "tm1", "tm2", "dd1"))

    def at(reference: str, stage: str, worker: User, manager: User, **extra: Any) -> PathwayEpisode | None:
        child = children.get(reference)
        if child is None:
            return None
        return episode_at(stage, child=child, social_worker=worker, team_manager=manager, deputy_director=dd1, **extra)

    # Amira: going home within 60 days, waiting for the Deputy Director's agreement.
    if episode := at("LCS-100101", Stage.STAGE_2_FINAL_60_DAYS, sw1, tm1):
        record_actions(episode, sw1, ["final_review_assessments", "final_contingency_plan"])
    # Jayden: stage 1, asking tm1 to start an active Going Home plan.
    if episode := at("LCS-100102", Stage.STAGE_1, sw1, tm1):
        services.transition_request(
            episode=ready_for_stage_2(episode, sw1),
            transition=Transition.AGREE_GOING_HOME,
            by=sw1,
            reason="Plan to go home agreed at the Initial MDT decision-making meeting",
        )
    # Zoë: stage 2, planned return 45 days away: the 60-day check proposes the final stage to tm1.
    if episode := at("LCS-100103", Stage.STAGE_2, sw1, tm1):
        services.episode_facts_update(
            episode=episode, by=sw1, fields={"planned_return_date": timezone.localdate() + timedelta(days=45)}
        )
        services.final_60_days_propose(episode_ids=[episode.pk])
    at("LCS-100104", Stage.STAGE_3, sw2, tm1)  # Siobhán: home after a planned return
    at("LCS-100105", Stage.STAGE_1, sw2, tm1, started_days_ago=2)  # Kai: started living away two days ago
    # Leo: went home in an unplanned way; the agreements show as exceptions for tm1 and dd1.
    if episode := at("LCS-100106", Stage.STAGE_2, sw2, tm1):
        services.unplanned_return_record(
            episode=episode, by=sw2, returned_on=timezone.localdate() - timedelta(days=3), note="Went home after a row"
        )
    at("LCS-100107", Stage.CLOSURE, sw2, tm1)  # Ruby: closure
    at("LCS-200201", Stage.STAGE_1_BYF, sw3, tm2)  # Ellis: with Building Your Futures
    at("LCS-200202", Stage.STAGE_2, sw3, tm2)  # Maya: active Going Home plan
    at("LCS-200203", Stage.CLOSED, sw3, tm2)  # Noah: pathway complete
    # Freya: stage 1, asking tm2 to leave the pathway early.
    if episode := at("LCS-200204", Stage.STAGE_1, sw3, tm2):
        pending_request(episode, by=sw3)
