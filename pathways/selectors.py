"""Reads of pathway episodes, always scoped to the children the user may see."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from caseflow import selectors as core_selectors
from caseflow.access import child_access_q
from caseflow.models import Child, User
from pathways import catalogue, guards
from pathways.constants import (
    LIVING_AWAY_STAGES,
    OPEN_STAGES,
    AgreementKind,
    RequestStatus,
    Stage,
    Transition,
)
from pathways.models import EpisodeAgreement, PathwayEpisode, TransferChecklistItem, TransitionRequest
from pathways.services import SOURCES


def _visible_episodes(user: User) -> QuerySet[PathwayEpisode]:
    return PathwayEpisode.objects.filter(child__in=Child.objects.filter(child_access_q(user)))


def episode_get_for_user(*, user: User, episode_id: UUID) -> PathwayEpisode:
    episode = (
        _visible_episodes(user)
        .select_related("child", "child__team", "child__allocated_worker", "started_by")
        .filter(pk=episode_id)
        .first()
    )
    if episode is None:
        raise Http404("No pathway episode found")
    # The identity bar needs the child's current legal status and placement.
    episode.child = core_selectors.child_get_for_user(user=user, child_id=episode.child_id)
    return episode


def request_get_for_user(*, user: User, request_id: UUID) -> TransitionRequest:
    request = (
        TransitionRequest.objects.filter(episode__in=_visible_episodes(user))
        .select_related("episode", "episode__child", "episode__child__team", "requested_by", "decided_by")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise Http404("No request found")
    return request


def episodes_for_child(*, child: Child) -> list[PathwayEpisode]:
    return list(PathwayEpisode.objects.filter(child=child).order_by("-activated_at"))


@dataclass
class TransitionOption:
    transition: Transition
    missing: list[str]
    pending: TransitionRequest | None

    @property
    def ready(self) -> bool:
        return not self.missing and self.pending is None


def transition_options(*, episode: PathwayEpisode) -> list[TransitionOption]:
    """The stage changes possible from the current stage, each with what is still missing."""
    pending = {r.transition: r for r in episode.requests.filter(status=RequestStatus.PENDING)}
    return [
        TransitionOption(transition=Transition(name), missing=guards.missing(episode, name), pending=pending.get(name))
        for name, sources in SOURCES.items()
        if episode.state in sources
    ]


@dataclass
class ChecklistRow:
    spec: catalogue.ActionSpec
    record: Any


# Actions of the next stage are often what the next stage change needs, so they show open too.
NEXT_STAGES = {
    Stage.STAGE_1: (Stage.STAGE_1_BYF, Stage.STAGE_2),
    Stage.STAGE_1_BYF: (Stage.STAGE_2,),
    Stage.STAGE_2: (Stage.STAGE_2_FINAL_60_DAYS,),
    Stage.STAGE_3: (Stage.CLOSURE,),
}


@dataclass
class ChecklistGroup:
    stage: Stage
    title: str
    rows: list[ChecklistRow]
    is_current: bool
    is_next: bool = False


def checklist(*, episode: PathwayEpisode) -> list[ChecklistGroup]:
    """The flowchart's actions stage by stage, each with its record if there is one."""
    records = {action.key: action for action in episode.actions.select_related("done_by")}
    groups: list[ChecklistGroup] = []
    for spec in catalogue.ACTIONS:
        if not groups or groups[-1].title != spec.group or groups[-1].stage != spec.stage:
            groups.append(ChecklistGroup(stage=spec.stage, title=spec.group, rows=[], is_current=False))
        groups[-1].rows.append(ChecklistRow(spec=spec, record=records.get(spec.key)))
    for group in groups:
        group.is_current = group.stage == episode.state
        group.is_next = group.stage in NEXT_STAGES.get(Stage(episode.state), ())
    return groups


def current_stage_actions(*, episode: PathwayEpisode) -> list[ChecklistRow]:
    """The current stage's actions with their records, for the child page."""
    return [row for group in checklist(episode=episode) if group.is_current for row in group.rows]


def transfer_checklist(*, episode: PathwayEpisode) -> list[tuple[TransferChecklistItem, Any]]:
    done = {c.item_id: c for c in episode.transfer_checklist.select_related("completed_by")}
    return [(item, done.get(item.pk)) for item in TransferChecklistItem.objects.filter(is_active=True)]


def stage_on(*, episode: PathwayEpisode, on: date) -> str | None:
    """The stage the episode was at on a past date (end of that day), from its history."""
    moment = timezone.make_aware(datetime.combine(on, time.max))
    record = episode.history.filter(history_date__lte=moment).order_by("-history_date").first()
    return record.get_state_display() if record is not None else None


def _latest_agreed(kind: str) -> Exists:
    return Exists(
        EpisodeAgreement.objects.filter(episode=OuterRef("pk"), kind=kind, superseded_by__isnull=True, outcome="agreed")
    )


def _any_agreement(kind: str) -> Exists:
    return Exists(EpisodeAgreement.objects.filter(episode=OuterRef("pk"), kind=kind, superseded_by__isnull=True))


def _with_child(queryset: QuerySet[PathwayEpisode]) -> QuerySet[PathwayEpisode]:
    return queryset.select_related("child", "child__team", "child__allocated_worker").order_by("state_entered_at")


def requests_awaiting_decision(*, user: User) -> QuerySet[TransitionRequest]:
    """Pending requests a team manager may decide: their teams' children, not their own requests."""
    return (
        TransitionRequest.objects.filter(
            status=RequestStatus.PENDING,
            episode__child__team__in=user.teams.all(),
            episode__in=_visible_episodes(user),
        )
        .exclude(requested_by=user)
        .select_related("episode__child", "requested_by")
        .order_by("requested_at")
    )


def requests_made_by(*, user: User) -> QuerySet[TransitionRequest]:
    return (
        TransitionRequest.objects.filter(requested_by=user, episode__in=_visible_episodes(user))
        .filter(Q(status=RequestStatus.PENDING) | Q(decided_at__gte=timezone.now() - timedelta(days=14)))
        .select_related("episode__child", "requested_by", "decided_by")
        .order_by("-requested_at")
    )


def returns_awaiting_deputy_director(*, user: User) -> QuerySet[PathwayEpisode]:
    """Planned returns in the final 60 days without the DD's agreement, and unplanned returns
    the DD has not yet agreed to or explained."""
    children = Child.objects.filter(child_access_q(user))
    return _with_child(returns_awaiting_deputy_director_among(children=children))


def unplanned_returns_awaiting_manager(*, user: User) -> QuerySet[PathwayEpisode]:
    return _with_child(
        _visible_episodes(user)
        .filter(state=Stage.STAGE_3, unplanned_return=True, child__team__in=user.teams.all())
        .exclude(_any_agreement(AgreementKind.MANAGER_UNPLANNED_RETURN))
    )


def unplanned_return_exceptions(*, episode: PathwayEpisode) -> list[str]:
    """For an unplanned return: the agreements a planned return would have had, still missing."""
    if not episode.unplanned_return:
        return []
    missing = []
    if episode.latest_agreement(AgreementKind.MANAGER_UNPLANNED_RETURN) is None:
        missing.append("The team manager has not recorded agreement to, or an explanation of, the return home")
    if episode.latest_agreement(AgreementKind.DEPUTY_DIRECTOR_RETURN) is None:
        missing.append("The Deputy Director has not recorded agreement to, or an explanation of, the return home")
    if not guards.reunification_agreed(episode):
        missing.append(guards.reunification_agreed.reason)
    return missing


def living_away(*, episode: PathwayEpisode) -> bool:
    return episode.state in LIVING_AWAY_STAGES


def missing_for_request(*, transition_request: TransitionRequest) -> list[str]:
    """What a manager would still find missing if they approved this request now."""
    episode = transition_request.episode
    if (
        transition_request.status != RequestStatus.PENDING
        or episode.state not in SOURCES[transition_request.transition]
    ):
        return []
    return guards.missing(episode, transition_request.transition)


def tracker_cohorts(*, children: QuerySet[Child], newly_transferred_since: Any) -> dict[str, list[PathwayEpisode]]:
    """Open episodes of these children, in the tracker meeting's four pathway cohorts."""
    from pathways.guards import plan_horizon

    episodes = list(
        PathwayEpisode.objects.filter(child__in=children, state__in=OPEN_STAGES)
        .select_related("child", "child__team", "child__allocated_worker")
        .order_by("child__family_name")
    )
    horizon = plan_horizon(timezone.localdate())
    byf = [e for e in episodes if e.state == Stage.STAGE_1_BYF]
    return {
        "newly_transferred": [e for e in byf if e.state_entered_at >= newly_transferred_since],
        "post_1_year": [e for e in byf if e.planned_return_date is None or e.planned_return_date > horizon],
        "within_12_months": [e for e in episodes if e.state in (Stage.STAGE_2, Stage.STAGE_2_FINAL_60_DAYS)],
        "returned_home": [e for e in episodes if e.state in (Stage.STAGE_3, Stage.CLOSURE)],
    }


def open_episodes() -> QuerySet[PathwayEpisode]:
    """Open pathway episodes: other apps' clocks (MD supervision) run for these children."""
    return PathwayEpisode.objects.filter(state__in=OPEN_STAGES)


def returns_awaiting_deputy_director_among(*, children: QuerySet[Child]) -> QuerySet[PathwayEpisode]:
    """As returns_awaiting_deputy_director, over a given set of children (the dashboard's scope)."""
    planned = Q(state=Stage.STAGE_2_FINAL_60_DAYS) & ~Q(has_agreed=True)
    unplanned = Q(state=Stage.STAGE_3, unplanned_return=True) & ~Q(has_record=True)
    return (
        PathwayEpisode.objects.filter(child__in=children)
        .annotate(
            has_agreed=_latest_agreed(AgreementKind.DEPUTY_DIRECTOR_RETURN),
            has_record=_any_agreement(AgreementKind.DEPUTY_DIRECTOR_RETURN),
        )
        .filter(planned | unplanned)
    )
