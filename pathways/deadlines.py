"""The Going Home pathway's deadlines (SPEC section 7), registered with the core engine."""

from typing import Any

from django.db.models import Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse

from caseflow.deadlines import expressions as ex
from caseflow.deadlines.periods import Unit
from caseflow.deadlines.registry import DeadlineRule, register_deadline_rule
from pathways.constants import OPEN_STAGES, ActionStatus, Stage
from pathways.models import PathwayAction, PathwayEpisode


def _from_activation() -> Any:
    episodes = PathwayEpisode.objects.filter(state__in=OPEN_STAGES)
    return ex.clocks(episodes, child="child_id", start="activated_at", key_parts=("id",), episode="id")


def _action_recorded(*keys: str, done_only: bool = True) -> Any:
    """Met on the date the first of these actions was done (or, for 'considered' actions, also
    marked not applicable: on the day that was recorded)."""

    def met_on() -> Any:
        actions = PathwayAction.objects.filter(episode_id=ex.EPISODE, key__in=keys)
        if done_only:
            actions = actions.filter(status=ActionStatus.DONE)
        on = Coalesce("done_on", TruncDate("recorded_at"))
        return Subquery(actions.annotate(on=on).order_by("on").values("on")[:1])

    return met_on


def _episode_url(deadline: Any) -> str:
    return reverse("pathway_episode", args=[deadline.episode_id]) if deadline.episode_id else ""


def _planned_return_clocks() -> Any:
    episodes = PathwayEpisode.objects.filter(
        state__in=[Stage.STAGE_1, Stage.STAGE_1_BYF, Stage.STAGE_2], planned_return_date__isnull=False
    )
    return ex.clocks(
        episodes, child="child_id", start="planned_return_date", key_parts=("id", "planned_return_date"), episode="id"
    )


def _entered_final_60_days() -> Any:
    later = [Stage.STAGE_2_FINAL_60_DAYS, Stage.STAGE_3, Stage.CLOSURE, Stage.CLOSED]
    return Subquery(PathwayEpisode.objects.filter(pk=ex.EPISODE, state__in=later).values("state_entered_at__date")[:1])


RULES = [
    DeadlineRule(
        kind="pathway_placement_planning",
        label="Placement information and placement planning meeting",
        clock="stage 1 activation",
        amount=72,
        unit=Unit.HOURS,
        clocks=_from_activation,
        met_on=_action_recorded("placement_planning_meeting"),
        met_by="Placement planning meeting recorded",
        url=_episode_url,
    ),
    DeadlineRule(
        kind="pathway_cwcf_plan_review",
        label="'Children we care for' plan review",
        clock="stage 1 activation",
        amount=20,
        unit=Unit.WORKING_DAYS,
        clocks=_from_activation,
        met_on=_action_recorded("cwcf_plan_review"),
        met_by="'Children we care for' plan review recorded",
        url=_episode_url,
    ),
    DeadlineRule(
        kind="pathway_build_strengths",
        label="Build strengths: FGC, restorative circle or reflective space considered",
        clock="stage 1 activation",
        amount=60,
        unit=Unit.DAYS,
        clocks=_from_activation,
        met_on=_action_recorded(
            "strengths_fgc", "strengths_restorative_circle", "strengths_reflective_space", done_only=False
        ),
        met_by="Building strengths considered",
        url=_episode_url,
    ),
    DeadlineRule(
        kind="pathway_final_60_days",
        label="The 60-day window before the planned return opens",
        clock="the planned return date",
        amount=60,
        unit=Unit.DAYS,
        before=True,
        clocks=_planned_return_clocks,
        met_on=_entered_final_60_days,
        met_by="Moved to 'going home within 60 days'",
        tell_roles=("deputy_director",),
        url=_episode_url,
    ),
]


def register() -> None:
    for rule in RULES:
        register_deadline_rule(rule)
