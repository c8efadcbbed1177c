"""Pathway episodes, brought to each stage through the real services (never by writing `state`)."""

from datetime import date, timedelta
from typing import Any

import factory
from django.utils import timezone

from caseflow.models import User
from pathways import services
from pathways.constants import ActionStatus, AgreementKind, AgreementOutcome, LegalRoute, Route, Stage, Transition
from pathways.models import PathwayEpisode, TransferChecklistItem, TransitionRequest


class PathwayEpisodeFactory(factory.django.DjangoModelFactory[PathwayEpisode]):
    """A stage 1 episode. Use `episode_at` to reach a later stage the way users do."""

    class Meta:
        model = PathwayEpisode

    child = factory.SubFactory("tests.caseflow.factories.ChildFactory", looked_after=True)
    activated_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=400))
    state_entered_at = factory.SelfAttribute("activated_at")
    started_by = factory.SubFactory("tests.caseflow.factories.UserFactory")


def record_actions(episode: PathwayEpisode, by: User, keys: list[str], **extra: Any) -> None:
    for key in keys:
        services.action_record(
            episode=episode, by=by, key=key, status=ActionStatus.DONE, done_on=timezone.localdate(), **extra
        )


def ready_for_stage_2(episode: PathwayEpisode, by: User, *, planned_in_days: int = 200) -> PathwayEpisode:
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
        episode=episode, by=by, fields={"timeframe": "within_6_12_months", "plan_text": "Home to mum by summer"}
    )
    return PathwayEpisode.objects.get(pk=episode.pk)


def move(episode: PathwayEpisode, transition: str, *, requester: User, manager: User, **extra: Any) -> PathwayEpisode:
    request = services.transition_request(
        episode=episode, transition=transition, by=requester, reason="Ready for the next stage", **extra
    )
    return services.transition_approve(request=request, by=manager, reason="Agreed in supervision")


def episode_at(
    stage: str, *, child: Any, social_worker: User, team_manager: User, deputy_director: User | None = None
) -> PathwayEpisode:
    """An episode for the child at `stage`, reached through requests and approvals."""
    episode = services.episode_start(child=child, by=social_worker, activated_at=timezone.now() - timedelta(days=400))
    if stage == Stage.STAGE_1:
        return episode
    if stage == Stage.STAGE_1_BYF:
        services.episode_facts_update(
            episode=episode,
            by=social_worker,
            fields={"route": Route.SUPPORT, "proceedings_concluded_on": date(2026, 1, 5), "placement_settled": True},
        )
        for item in TransferChecklistItem.objects.filter(is_active=True):
            services.transfer_item_complete(episode=episode, item=item, by=social_worker, completed_on=date(2026, 2, 1))
        return move(episode, Transition.TRANSFER_TO_BYF, requester=social_worker, manager=team_manager)
    episode = ready_for_stage_2(episode, social_worker, planned_in_days=30 if stage != Stage.STAGE_2 else 200)
    episode = move(episode, Transition.AGREE_GOING_HOME, requester=social_worker, manager=team_manager)
    if stage == Stage.STAGE_2:
        return episode
    episode = move(episode, Transition.START_FINAL_60_DAYS, requester=social_worker, manager=team_manager)
    if stage == Stage.STAGE_2_FINAL_60_DAYS:
        return episode
    assert deputy_director is not None, "a planned return needs the Deputy Director"
    from pathways import catalogue

    record_actions(episode, social_worker, catalogue.keys_for(Stage.STAGE_2_FINAL_60_DAYS))
    services.agreement_record(
        episode=episode,
        by=deputy_director,
        kind=AgreementKind.DEPUTY_DIRECTOR_RETURN,
        outcome=AgreementOutcome.AGREED,
        rationale="Safe to return",
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
