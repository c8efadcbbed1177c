"""Demo pathway episodes in every stage, reached through the real services as users would.

`episode_at` is also how the tests bring an episode to a stage: requests and approvals, never
writing `state`.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from caseflow import demo_timeline
from caseflow.demo import LOOKED_AFTER_SINCE
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


def _mark(day: date | None) -> None:
    """In the demo's story, what follows happened on this day (caseflow.demo_timeline)."""
    if day is not None:
        demo_timeline.at(day)


def record_actions(episode: PathwayEpisode, by: User, keys: list[str], *, on: date | None = None) -> None:
    """The actions done today, or on the story's day `on`."""
    _mark(on)
    for key in keys:
        services.action_record(
            episode=episode, by=by, key=key, status=ActionStatus.DONE, done_on=on or timezone.localdate()
        )


def _actions_from(episode: PathwayEpisode, by: User, keys: list[str], *, first: date | None, every: int) -> None:
    """The actions done today, or in the story one every few days from `first`."""
    if first is None:
        record_actions(episode, by, keys)
        return
    for index, key in enumerate(keys):
        record_actions(episode, by, [key], on=first + timedelta(days=every * index))


def ready_for_stage_2(
    episode: PathwayEpisode,
    by: User,
    *,
    planned_in_days: int = 200,
    planned_return: date | None = None,
    on: date | None = None,
) -> PathwayEpisode:
    """Everything an active Going Home plan needs: route, planned return, MDT meeting, plan."""
    _mark(on)
    services.episode_facts_update(
        episode=episode,
        by=by,
        fields={
            "route": Route.GOING_HOME,
            "planned_return_date": planned_return or timezone.localdate() + timedelta(days=planned_in_days),
        },
    )
    record_actions(episode, by, ["initial_mdt_meeting"], on=on)
    services.going_home_plan_save(
        episode=episode,
        by=by,
        fields={"timeframe": "within_6_12_months", "plan_text": "Return home to mum, with family time increasing"},
    )
    return PathwayEpisode.objects.get(pk=episode.pk)


def move(
    episode: PathwayEpisode,
    transition: str,
    *,
    requester: User,
    manager: User,
    on: date | None = None,
    asked_on: date | None = None,
    **extra: Any,
) -> PathwayEpisode:
    """Requested and approved now, or in the story approved on `on`, asked two days before."""
    _mark(asked_on or (on - timedelta(days=2) if on else None))
    request = services.transition_request(
        episode=episode, transition=transition, by=requester, reason="Ready for the next stage", **extra
    )
    _mark(on)
    return services.transition_approve(request=request, by=manager, reason="Agreed in supervision")


@dataclass(frozen=True)
class Story:
    """When a demo pathway entered each stage (stage 1: the day the child started living away), and
    its facts' dates. Without one, every step happens now, as the tests want."""

    entered: dict[str, date]
    planned_return: date | None = None
    lifelong_links_on: date | None = None

    def day(self, stage: str, plus: int = 0) -> date:
        return self.entered[stage] + timedelta(days=plus)


def episode_at(
    stage: str,
    *,
    child: Child,
    social_worker: User,
    team_manager: User,
    deputy_director: User | None = None,
    started_days_ago: int = 400,
    story: Story | None = None,
) -> PathwayEpisode:
    """An episode for the child at `stage`, reached through requests and approvals."""

    def on(at_stage: str, plus: int = 0) -> date | None:
        return story.day(at_stage, plus) if story else None

    if story:
        activated_at = timezone.make_aware(datetime.combine(story.day(Stage.STAGE_1), time(15)))
        demo_timeline.at(activated_at)
    else:
        activated_at = timezone.now() - timedelta(days=started_days_ago)
    episode = services.episode_start(child=child, by=social_worker, activated_at=activated_at)
    if stage == Stage.STAGE_1:
        return episode
    # Stage 1's early actions were done on time.
    for key, days_after in (("placement_planning_meeting", 2), ("cwcf_plan_review", 18), ("strengths_fgc", 45)):
        record_actions(episode, social_worker, [key], on=on(Stage.STAGE_1, days_after))
    if stage == Stage.STAGE_1_BYF:
        _mark(on(Stage.STAGE_1_BYF, -20))
        services.episode_facts_update(
            episode=episode,
            by=social_worker,
            fields={
                "route": Route.SUPPORT,
                "proceedings_concluded_on": on(Stage.STAGE_1_BYF, -25) or date(2026, 1, 5),
                "placement_settled": True,
            },
        )
        completed_on = on(Stage.STAGE_1_BYF, -10)
        _mark(completed_on)
        for item in TransferChecklistItem.objects.filter(is_active=True):
            services.transfer_item_complete(
                episode=episode, item=item, by=social_worker, completed_on=completed_on or date(2026, 2, 1)
            )
        return move(
            episode, Transition.TRANSFER_TO_BYF, requester=social_worker, manager=team_manager, on=on(Stage.STAGE_1_BYF)
        )
    episode = ready_for_stage_2(
        episode,
        social_worker,
        planned_in_days=200 if stage == Stage.STAGE_2 else 30,
        planned_return=story.planned_return if story else None,
        on=on(Stage.STAGE_2, -7),
    )
    episode = move(
        episode, Transition.AGREE_GOING_HOME, requester=social_worker, manager=team_manager, on=on(Stage.STAGE_2)
    )
    if story and story.lifelong_links_on:
        record_actions(episode, social_worker, ["lifelong_links_referral"], on=story.lifelong_links_on)
    if stage == Stage.STAGE_2:
        return episode
    final = Stage.STAGE_2_FINAL_60_DAYS
    episode = move(episode, Transition.START_FINAL_60_DAYS, requester=social_worker, manager=team_manager, on=on(final))
    if stage == Stage.STAGE_2_FINAL_60_DAYS:
        return episode
    if deputy_director is None:
        raise ValueError("a planned return needs the Deputy Director's agreement")
    _actions_from(episode, social_worker, catalogue.keys_for(final), first=on(final, 3), every=3)
    _mark(on(Stage.STAGE_3, -10))
    services.agreement_record(
        episode=episode,
        by=deputy_director,
        kind=AgreementKind.DEPUTY_DIRECTOR_RETURN,
        outcome=AgreementOutcome.AGREED,
        rationale="The network is strong and the contingency plan is agreed",
    )
    home = on(Stage.STAGE_3)
    _mark(home)
    services.episode_facts_update(
        episode=episode,
        by=social_worker,
        fields={"returned_home_on": (home or timezone.localdate()) - timedelta(days=1)},
    )
    episode = move(
        episode, Transition.RETURN_HOME, requester=social_worker, manager=team_manager, on=home, asked_on=home
    )
    if stage == Stage.STAGE_3:
        return episode
    _mark(on(Stage.CLOSURE, -10))
    services.episode_facts_update(
        episode=episode, by=social_worker, fields={"legal_route": LegalRoute.ORDER_DISCHARGED}
    )
    record_actions(episode, social_worker, ["final_cwcf_review"], on=on(Stage.CLOSURE, -7))
    episode = move(
        episode, Transition.START_CLOSURE, requester=social_worker, manager=team_manager, on=on(Stage.CLOSURE)
    )
    if stage == Stage.CLOSURE:
        return episode
    _actions_from(episode, social_worker, catalogue.keys_for(Stage.CLOSURE), first=on(Stage.CLOSED, -20), every=2)
    episode = move(episode, Transition.CLOSE, requester=social_worker, manager=team_manager, on=on(Stage.CLOSED))
    if story:  # closing dates the episode's end today; in the story it ended on the day it closed
        demo_timeline.correct_day(episode, "ended_on", story.day(Stage.CLOSED))
        episode.refresh_from_db()
    return episode


def pending_request(
    episode: PathwayEpisode, *, by: User, transition: str = Transition.EXIT, on: date | None = None
) -> TransitionRequest:
    _mark(on)
    return services.transition_request(
        episode=episode,
        transition=transition,
        by=by,
        reason="The family moved away",
        effective_on=on or timezone.localdate(),
    )


# The demo's story (caseflow.demo_timeline days): when each pathway entered its later stages, and
# when a Lifelong Links referral was made. Each starts the day the child started to be looked
# after (caseflow.demo.LOOKED_AFTER_SINCE); a child who went home did so the day before stage 3.
LIFELONG_LINKS = "lifelong_links"
STORIES: dict[str, dict[str, demo_timeline.Day]] = {
    "LCS-100101": {Stage.STAGE_2: (5, 14), Stage.STAGE_2_FINAL_60_DAYS: 28, LIFELONG_LINKS: (3, 5)},  # Amira
    "LCS-100103": {Stage.STAGE_2: (4, 18), LIFELONG_LINKS: (2, 12)},  # Zoë
    "LCS-100104": {  # Siobhán
        Stage.STAGE_2: (6, 10),
        Stage.STAGE_2_FINAL_60_DAYS: (3, 8),
        Stage.STAGE_3: (1, 6),
        LIFELONG_LINKS: (5, 3),
    },
    "LCS-100106": {Stage.STAGE_2: (4, 2), LIFELONG_LINKS: (1, 8)},  # Leo
    "LCS-100107": {  # Ruby
        Stage.STAGE_2: (10, 5),
        Stage.STAGE_2_FINAL_60_DAYS: (7, 1),
        Stage.STAGE_3: (5, 20),
        Stage.CLOSURE: (1, 14),
        LIFELONG_LINKS: (9, 15),
    },
    "LCS-200201": {Stage.STAGE_1_BYF: (2, 12)},  # Ellis
    "LCS-200202": {Stage.STAGE_2: (6, 1), LIFELONG_LINKS: (4, 10)},  # Maya
    "LCS-200203": {  # Noah
        Stage.STAGE_2: (12, 1),
        Stage.STAGE_2_FINAL_60_DAYS: (9, 10),
        Stage.STAGE_3: (7, 15),
        Stage.CLOSURE: (4, 10),
        Stage.CLOSED: (2, 20),
        LIFELONG_LINKS: (11, 1),
    },
}


def story_for(reference: str) -> Story:
    days = {key: demo_timeline.day(spec) for key, spec in STORIES.get(reference, {}).items()}
    links = days.pop(LIFELONG_LINKS, None)
    entered = {Stage.STAGE_1: demo_timeline.day(LOOKED_AFTER_SINCE[reference]), **days}
    home = entered.get(Stage.STAGE_3)
    return Story(entered=entered, planned_return=home - timedelta(days=1) if home else None, lifelong_links_on=links)


def seed_pathway_demo() -> None:
    """Demo children in every stage, with requests waiting for tm1, tm2 and dd1. Skips children
    who already have a pathway, so it is safe to run again."""
    users = {
        user.username: user for user in User.objects.filter(username__in=["sw1", "sw2", "sw3", "tm1", "tm2", "dd1"])
    }
    children = {child.local_reference: child for child in Child.objects.filter(pathway_episodes__isnull=True)}
    sw1, sw2, sw3, tm1, tm2, dd1 = (users[name] for name in ("sw1", "sw2", "sw3", "tm1", "tm2", "dd1"))
    day = demo_timeline.day

    def at(reference: str, stage: str, worker: User, manager: User) -> PathwayEpisode | None:
        child = children.get(reference)
        if child is None:
            return None
        return episode_at(
            stage,
            child=child,
            social_worker=worker,
            team_manager=manager,
            deputy_director=dd1,
            story=story_for(reference),
        )

    # Amira: going home within 60 days, waiting for the Deputy Director's agreement.
    if episode := at("LCS-100101", Stage.STAGE_2_FINAL_60_DAYS, sw1, tm1):
        record_actions(episode, sw1, ["final_review_assessments"], on=day(14))
        record_actions(episode, sw1, ["final_contingency_plan"], on=day(7))
    # Jayden: stage 1, asking tm1 to start an active Going Home plan.
    if episode := at("LCS-100102", Stage.STAGE_1, sw1, tm1):
        episode = ready_for_stage_2(episode, sw1, on=day(5))
        _mark(day(4))
        services.transition_request(
            episode=episode,
            transition=Transition.AGREE_GOING_HOME,
            by=sw1,
            reason="Plan to go home agreed at the Initial MDT decision-making meeting",
        )
    # Zoë: stage 2; the planned return was brought forward to 45 days away two weeks ago, and the
    # 60-day check proposed the final stage to tm1 that day.
    if episode := at("LCS-100103", Stage.STAGE_2, sw1, tm1):
        _mark(day(15))
        services.episode_facts_update(
            episode=episode, by=sw1, fields={"planned_return_date": timezone.localdate() + timedelta(days=45)}
        )
        services.final_60_days_propose(episode_ids=[episode.pk])
    at("LCS-100104", Stage.STAGE_3, sw2, tm1)  # Siobhán: home after a planned return last month
    at("LCS-100105", Stage.STAGE_1, sw2, tm1)  # Kai: started living away two days ago
    # Leo: went home in an unplanned way; the agreements show as exceptions for tm1 and dd1.
    if episode := at("LCS-100106", Stage.STAGE_2, sw2, tm1):
        _mark(day(3))
        services.unplanned_return_record(episode=episode, by=sw2, returned_on=day(3), note="Went home after a row")
    at("LCS-100107", Stage.CLOSURE, sw2, tm1)  # Ruby: closure
    at("LCS-200201", Stage.STAGE_1_BYF, sw3, tm2)  # Ellis: with Building Your Futures
    at("LCS-200202", Stage.STAGE_2, sw3, tm2)  # Maya: active Going Home plan
    at("LCS-200203", Stage.CLOSED, sw3, tm2)  # Noah: pathway complete
    # Freya: stage 1, asking tm2 to leave the pathway early.
    if episode := at("LCS-200204", Stage.STAGE_1, sw3, tm2):
        pending_request(episode, by=sw3, on=day(2))
