"""Every change to a pathway episode. One transaction each, with who and why in the history.

The stage changes only here: `transition_approve` (after a team manager's decision),
`unplanned_return_record` (never blocked) and nothing else.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from caseflow import notifications
from caseflow.constants import Role
from caseflow.models import Child, User
from pathways import guards
from pathways.constants import (
    LIVING_AWAY_STAGES,
    OPEN_STAGES,
    ActionStatus,
    AgreementKind,
    RequestStatus,
    Stage,
    Transition,
)
from pathways.models import (
    EpisodeAgreement,
    GoingHomePlan,
    GoingHomePlanReview,
    PathwayAction,
    PathwayEpisode,
    TransferChecklistCompletion,
    TransferChecklistItem,
    TransitionRequest,
)

SOURCES: dict[str, list[str]] = {
    Transition.TRANSFER_TO_BYF: [Stage.STAGE_1],
    Transition.AGREE_GOING_HOME: [Stage.STAGE_1],
    Transition.AGREE_GOING_HOME_FROM_BYF: [Stage.STAGE_1_BYF],
    Transition.START_FINAL_60_DAYS: [Stage.STAGE_2],
    Transition.RETURN_HOME: [Stage.STAGE_2_FINAL_60_DAYS],
    Transition.START_CLOSURE: [Stage.STAGE_3],
    Transition.CLOSE: [Stage.CLOSURE],
    Transition.EXIT: [
        Stage.STAGE_1,
        Stage.STAGE_1_BYF,
        Stage.STAGE_2,
        Stage.STAGE_2_FINAL_60_DAYS,
        Stage.STAGE_3,
        Stage.CLOSURE,
    ],
}


class AlreadyDecided(Exception):
    """Someone decided the request first; nothing was changed."""


def _require(user: User, perm: str, obj: Any) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(f"{user} may not {perm}")


def _save(instance: Any, *, by: User | None, reason: str) -> None:
    instance._history_user = by
    instance._change_reason = reason
    instance.save()


def _locked(episode: PathwayEpisode) -> PathwayEpisode:
    return PathwayEpisode.objects.select_for_update().get(pk=episode.pk)


def _not_in_future(value: date | None, label: str, field: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError({field: f"{label} cannot be in the future"})


@transaction.atomic
def episode_start(*, child: Child, by: User, activated_at: datetime) -> PathwayEpisode:
    """Stage 1 begins when the child starts living away from home."""
    _require(by, "caseflow.change_child", child)
    if activated_at > timezone.now():
        raise ValidationError(
            {"activated_at": "The date and time the child started living away cannot be in the future"}
        )
    Child.objects.select_for_update().get(pk=child.pk)  # one start at a time per child
    if PathwayEpisode.objects.filter(child=child, state__in=OPEN_STAGES).exists():
        raise ValidationError("This child already has an open Going Home pathway")
    episode = PathwayEpisode(child=child, activated_at=activated_at, state_entered_at=activated_at, started_by=by)
    _save(episode, by=by, reason="Pathway started: the child started living away from home")
    return episode


EDITABLE_FACTS = {
    "route",
    "planned_return_date",
    "proceedings_concluded_on",
    "placement_settled",
    "returned_home_on",
    "legal_route",
}


@transaction.atomic
def episode_facts_update(*, episode: PathwayEpisode, by: User, fields: dict[str, Any]) -> PathwayEpisode:
    """The facts that drive the branches: route, planned return, proceedings, return date, legal route."""
    _require(by, "pathways.record", episode)
    unknown = set(fields) - EDITABLE_FACTS
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}")
    episode = _locked(episode)
    _not_in_future(fields.get("proceedings_concluded_on"), "The date proceedings concluded", "proceedings_concluded_on")
    _not_in_future(fields.get("returned_home_on"), "The date the child returned home", "returned_home_on")
    returned = fields.get("returned_home_on")
    if returned is not None and returned < timezone.localtime(episode.activated_at).date():
        raise ValidationError(
            {"returned_home_on": "The child cannot have returned home before they started living away from home"}
        )
    planned = fields.get("planned_return_date")
    if planned is not None and planned < timezone.localtime(episode.activated_at).date():
        raise ValidationError(
            {"planned_return_date": "The planned return date cannot be before the child started living away"}
        )
    for name, value in fields.items():
        setattr(episode, name, value)
    _save(episode, by=by, reason="Pathway details updated")
    transaction.on_commit(lambda: final_60_days_propose(episode_ids=[episode.pk]))
    return episode


@transaction.atomic
def action_record(
    *,
    episode: PathwayEpisode,
    by: User,
    key: str,
    status: str,
    done_by: User | None = None,
    done_on: date | None = None,
    outcome: str = "",
    note: str = "",
    not_applicable_reason: str = "",
) -> PathwayAction:
    _require(by, "pathways.record", episode)
    if status == ActionStatus.DONE and done_on is None:
        raise ValidationError({"done_on": "Enter the date it was done"})
    if status == ActionStatus.NOT_APPLICABLE and not not_applicable_reason.strip():
        raise ValidationError({"not_applicable_reason": "Say why it does not apply"})
    _not_in_future(done_on, "The date it was done", "done_on")
    action = PathwayAction.objects.select_for_update().filter(episode=episode, key=key).first()
    adding = action is None
    action = action or PathwayAction(episode=episode, key=key)
    action.status = status
    action.done_by = (done_by or by) if status == ActionStatus.DONE else None
    action.done_on = done_on if status == ActionStatus.DONE else None
    action.outcome, action.note = outcome, note
    action.not_applicable_reason = not_applicable_reason if status == ActionStatus.NOT_APPLICABLE else ""
    action.recorded_by = by
    _save(action, by=by, reason="Action recorded" if adding else "Action record updated")
    return action


@transaction.atomic
def going_home_plan_save(*, episode: PathwayEpisode, by: User, fields: dict[str, Any]) -> GoingHomePlan:
    _require(by, "pathways.record", episode)
    _not_in_future(fields.get("shared_on"), "The date the plan was shared", "shared_on")
    plan = GoingHomePlan.objects.select_for_update().filter(episode=episode).first() or GoingHomePlan(episode=episode)
    adding = plan.pk is None
    for name, value in fields.items():
        setattr(plan, name, value)
    _save(plan, by=by, reason="Going Home plan recorded" if adding else "Going Home plan revised")
    return plan


@transaction.atomic
def plan_review_record(
    *, episode: PathwayEpisode, by: User, meeting: str, reviewed_on: date, note: str = ""
) -> GoingHomePlanReview:
    _require(by, "pathways.record", episode)
    _not_in_future(reviewed_on, "The review date", "reviewed_on")
    plan = GoingHomePlan.objects.filter(episode=episode).first()
    if plan is None:
        raise ValidationError("Record the Going Home plan before recording a review of it")
    review = GoingHomePlanReview(plan=plan, meeting=meeting, reviewed_on=reviewed_on, note=note, recorded_by=by)
    _save(review, by=by, reason="Going Home plan review recorded")
    return review


@transaction.atomic
def transfer_item_complete(
    *, episode: PathwayEpisode, item: TransferChecklistItem, by: User, completed_on: date, note: str = ""
) -> TransferChecklistCompletion:
    _require(by, "pathways.record", episode)
    _not_in_future(completed_on, "The date it was completed", "completed_on")
    completion = TransferChecklistCompletion.objects.filter(episode=episode, item=item).first()
    if completion is not None:
        raise ValidationError("This checklist item is already complete")
    completion = TransferChecklistCompletion(
        episode=episode, item=item, completed_by=by, completed_on=completed_on, note=note
    )
    _save(completion, by=by, reason="Transfer checklist item completed")
    return completion


def _check_reachable(episode: PathwayEpisode, transition: str) -> None:
    if episode.state not in SOURCES[transition]:
        label = Transition(transition).label
        raise ValidationError(f"'{label}' is not possible from {episode.get_state_display()}")


@transaction.atomic
def transition_request(
    *, episode: PathwayEpisode, transition: str, by: User | None, reason: str, effective_on: date | None = None
) -> TransitionRequest:
    """Ask a team manager to move the episode on. Refused, with what is missing, when guards fail.

    `by` is None only for the 60-day check's own proposals.
    """
    if by is not None:
        _require(by, "pathways.record", episode)
    if transition not in SOURCES:
        raise ValidationError("That is not a stage change CaseFlow knows")
    episode = _locked(episode)
    _check_reachable(episode, transition)
    missing = guards.missing(episode, transition)
    if missing:
        raise ValidationError(["This cannot be requested yet:", *missing])
    if transition == Transition.EXIT:
        if effective_on is None:
            raise ValidationError({"effective_on": "Enter the date the child left the pathway"})
        _not_in_future(effective_on, "The date the child left the pathway", "effective_on")
    if not reason.strip():
        raise ValidationError({"reason": "Say why this change is needed"})
    request = TransitionRequest(
        episode=episode, transition=transition, reason=reason, effective_on=effective_on, requested_by=by
    )
    try:
        with transaction.atomic():
            _save(request, by=by, reason="Stage change requested")
    except IntegrityError:
        raise ValidationError("This change has already been requested and is waiting for a team manager") from None
    child = episode.child
    notifications.notify(
        [manager for manager in notifications.team_managers_of(child) if manager != by],
        notifications.Message(
            key=f"pathway-request:{request.pk}",
            subject=f"{child.full_name}: '{request.get_transition_display()}' is waiting for your decision",
            body=f"Asked by {by or 'the 60-day check'}: {reason}",
            url=reverse("pathway_request_decide", args=[request.pk]),
        ),
    )
    return request


def _tell_deputy_directors(episode: PathwayEpisode) -> None:
    """A return home (planned within 60 days, or already happened) needs the DD's agreement."""
    child = episode.child
    notifications.notify(
        notifications.role_holders_for(child, [Role.DEPUTY_DIRECTOR]),
        notifications.Message(
            key=f"pathway-dd:{episode.pk}:{episode.state}",
            subject=f"{child.full_name}: a return home is waiting for your agreement"
            + (" (the child went home unplanned)" if episode.unplanned_return else ""),
            url=reverse("pathway_episode", args=[episode.pk]),
        ),
    )


def _withdraw_stale_requests(episode: PathwayEpisode, *, by: User | None) -> None:
    for stale in TransitionRequest.objects.select_for_update().filter(episode=episode, status=RequestStatus.PENDING):
        if episode.state not in SOURCES[stale.transition]:
            stale.status = RequestStatus.WITHDRAWN
            stale.decided_at = timezone.now()
            stale.decision_reason = f"The stage changed to {episode.get_state_display()} before a decision"
            _save(stale, by=by, reason="Request no longer applies")


def _locked_pending(request: TransitionRequest) -> TransitionRequest:
    request = TransitionRequest.objects.select_for_update().select_related("episode__child").get(pk=request.pk)
    if request.status != RequestStatus.PENDING:
        decided = f"by {request.decided_by}" if request.decided_by else "already"
        raise AlreadyDecided(f"This request was already decided ({request.get_status_display().lower()} {decided})")
    return request


@transaction.atomic
def transition_approve(*, request: TransitionRequest, by: User, reason: str) -> PathwayEpisode:
    """The team manager's approval: the only way a requested stage change happens."""
    request = _locked_pending(request)
    _require(by, "pathways.decide_request", request)
    if not reason.strip():
        raise ValidationError({"reason": "Say why you approve"})
    episode = _locked(request.episode)
    _check_reachable(episode, request.transition)
    method = getattr(episode, request.transition)
    try:
        if request.transition == Transition.EXIT:
            method(by=by, on=request.effective_on)
        else:
            method(by=by)
    except TransitionNotAllowed:
        raise ValidationError(["This cannot be approved yet:", *guards.missing(episode, request.transition)]) from None
    requester = request.requested_by or "the 60-day check"
    _save(
        episode,
        by=by,
        reason=f"{request.get_transition_display()}: requested by {requester} ({request.reason}); "
        f"approved by {by} ({reason})",
    )
    request.status = RequestStatus.APPROVED
    request.decided_by, request.decided_at, request.decision_reason = by, timezone.now(), reason
    _save(request, by=by, reason="Request approved")
    _withdraw_stale_requests(episode, by=by)
    if episode.state == Stage.STAGE_2_FINAL_60_DAYS:
        _tell_deputy_directors(episode)
    _tell_requester(request, "approved")
    return episode


def _tell_requester(request: TransitionRequest, word: str) -> None:
    if request.requested_by is None:
        return
    notifications.notify(
        [request.requested_by],
        notifications.Message(
            key=f"pathway-request:{request.pk}:{word}",
            subject=f"{request.episode.child.full_name}: '{request.get_transition_display()}' {word} "
            f"by {request.decided_by}",
            body=request.decision_reason,
            url=reverse("pathway_episode", args=[request.episode_id]),
        ),
    )


@transaction.atomic
def transition_refuse(*, request: TransitionRequest, by: User, reason: str) -> TransitionRequest:
    request = _locked_pending(request)
    _require(by, "pathways.decide_request", request)
    if not reason.strip():
        raise ValidationError({"reason": "Say why you refuse, so the social worker knows what to do next"})
    request.status = RequestStatus.REFUSED
    request.decided_by, request.decided_at, request.decision_reason = by, timezone.now(), reason
    _save(request, by=by, reason="Request refused")
    _tell_requester(request, "refused")
    return request


@transaction.atomic
def unplanned_return_record(*, episode: PathwayEpisode, by: User, returned_on: date, note: str) -> PathwayEpisode:
    """A young person has gone home without a plan. Recorded at once, never blocked."""
    _require(by, "pathways.record", episode)
    episode = _locked(episode)
    if episode.state not in LIVING_AWAY_STAGES:
        raise ValidationError(f"An unplanned return can only be recorded while the child lives away from home, "
                              f"not at {episode.get_state_display()}")  # fmt: skip
    _not_in_future(returned_on, "The date the child went home", "returned_on")
    if returned_on < timezone.localtime(episode.activated_at).date():
        raise ValidationError(
            {"returned_on": "The child cannot have gone home before they started living away from home"}
        )
    episode.record_unplanned_return(by=by, on=returned_on)
    _save(episode, by=by, reason=f"Unplanned return home recorded by {by}: {note}" if note else "Unplanned return home")
    _withdraw_stale_requests(episode, by=by)
    _tell_deputy_directors(episode)
    notifications.notify(
        notifications.team_managers_of(episode.child),
        notifications.Message(
            key=f"pathway-unplanned:{episode.pk}",
            subject=f"{episode.child.full_name} has gone home unplanned: record your agreement or an explanation",
            url=reverse("pathway_episode", args=[episode.pk]),
        ),
    )
    return episode


AGREEMENT_PERMS = {
    AgreementKind.DEPUTY_DIRECTOR_RETURN: "pathways.agree_dd_return_home",
    AgreementKind.MANAGER_UNPLANNED_RETURN: "pathways.agree_tm_unplanned_return",
}


@transaction.atomic
def agreement_record(*, episode: PathwayEpisode, by: User, kind: str, outcome: str, rationale: str) -> EpisodeAgreement:
    """Record an agreement; a later one for the same thing supersedes it, and both are kept."""
    _require(by, AGREEMENT_PERMS[AgreementKind(kind)], episode)
    if not rationale.strip():
        raise ValidationError({"rationale": "Give the reasons for the decision"})
    _locked(episode)
    previous = episode.latest_agreement(kind)
    agreement = EpisodeAgreement(
        episode=episode, kind=kind, outcome=outcome, rationale=rationale, recorded_by=by, supersedes=previous
    )
    reason = "Agreement recorded" if previous is None else "Agreement recorded, superseding the earlier one"
    _save(agreement, by=by, reason=reason)
    return agreement


def final_60_days_propose(*, episode_ids: list[Any] | None = None, today: date | None = None) -> int:
    """Propose 'going home within 60 days' for every stage 2 episode whose planned return is that close.

    Run daily by beat and after a planned return date changes. Safe to run twice at once: the
    partial unique constraint allows one pending proposal per episode, and a clash is skipped.
    """
    window_end = guards.final_window_end(today or timezone.localdate())
    candidates = PathwayEpisode.objects.filter(state=Stage.STAGE_2, planned_return_date__lte=window_end).exclude(
        requests__transition=Transition.START_FINAL_60_DAYS, requests__status=RequestStatus.PENDING
    )
    if episode_ids is not None:
        candidates = candidates.filter(pk__in=episode_ids)
    created = 0
    for episode in candidates:
        try:
            transition_request(
                episode=episode,
                transition=Transition.START_FINAL_60_DAYS,
                by=None,
                reason=f"The planned return date, {episode.planned_return_date:%-d %B %Y}, is 60 days away or less",
            )
            created += 1
        except ValidationError:
            continue  # proposed at the same moment by another run, or the episode moved on
    return created
