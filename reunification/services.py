"""Every change to a reunification episode: one transaction each, who and why in the history.

The step changes only here. Decisions move it (Decision 1, 2, the ratified Decision 3); the
social worker moves it on between decisions when what the next one needs is recorded.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from caseflow import notifications
from caseflow.constants import Role
from caseflow.models import Child, NetworkPerson, User
from reunification import catalogue, guards
from reunification.constants import (
    OPEN_STEPS,
    OUTCOMES_FOR,
    ClassificationKind,
    DecisionKind,
    Outcome,
    RiskLevel,
    Step,
    VisitKind,
)
from reunification.models import (
    ActivityRecord,
    GoalProgress,
    ParentalGoal,
    PoliceCheck,
    ReunificationDecision,
    ReunificationEpisode,
    RiskClassification,
)


def _require(user: User, perm: str, obj: Any) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(f"{user} may not {perm}")


def _save(instance: Any, *, by: User, reason: str) -> None:
    instance._history_user = by
    instance._change_reason = reason
    instance.save()


def _locked(episode: ReunificationEpisode) -> ReunificationEpisode:
    return ReunificationEpisode.objects.select_for_update().select_related("child").get(pk=episode.pk)


def _happened(day: date | None, label: str, field: str, episode: ReunificationEpisode | None = None) -> None:
    """A date for something that has happened: not in the future, not before the episode."""
    if day is None:
        return
    if day > timezone.localdate():
        raise ValidationError({field: f"{label} cannot be in the future"})
    if episode is not None and day < episode.identified_on:
        raise ValidationError(
            {field: f"{label} cannot be before the child was identified, on {episode.identified_on:%-d %B %Y}"}
        )


def _apply(episode: ReunificationEpisode, method: str, guard_name: str | None, *, by: User, **kwargs: Any) -> None:
    try:
        getattr(episode, method)(by=by, **kwargs)
    except TransitionNotAllowed:
        missing = guards.missing(episode, guard_name) if guard_name else []
        raise ValidationError(missing or [f"This is not possible at '{episode.get_state_display()}'"]) from None


@transaction.atomic
def episode_identify(*, child: Child, by: User, identified_on: date) -> ReunificationEpisode:
    _require(by, "reunification.identify", child)
    _happened(identified_on, "The date the child was identified", "identified_on")
    Child.objects.select_for_update().get(pk=child.pk)
    if ReunificationEpisode.objects.filter(child=child, state__in=OPEN_STEPS).exists():
        raise ValidationError("This child already has an open reunification episode")
    episode = ReunificationEpisode(
        child=child, identified_on=identified_on, identified_by=by, state_entered_at=timezone.now()
    )
    _save(episode, by=by, reason="Identified as a candidate for reunification")
    return episode


@transaction.atomic
def activity_record(
    *,
    episode: ReunificationEpisode,
    by: User,
    key: str,
    done_on: date,
    note: str,
    visit: str = "",
    seen_alone: bool | None = None,
) -> ActivityRecord:
    perm = "reunification.identify" if key in ("sw_qaro_discussion",) else "reunification.record"
    _require(by, perm, episode.child if perm == "reunification.identify" else episode)
    _happened(done_on, "The date", "done_on", episode)
    if key in catalogue.VISITS:
        if visit not in VisitKind.values:
            raise ValidationError({"visit": "Choose whether the visit was announced or unannounced"})
        if seen_alone is None:
            raise ValidationError({"seen_alone": "Say whether the child was seen alone"})
        if key == "home_visit" and not seen_alone and not note.strip():
            raise ValidationError({"note": "The child must be seen alone each time: say in the note why not"})
    else:
        visit, seen_alone = "", None
    record = ActivityRecord(
        episode=episode, key=key, done_on=done_on, note=note, visit=visit, seen_alone=seen_alone, recorded_by=by
    )
    _save(record, by=by, reason="Activity recorded")
    return record


ASSESSMENT_FIELDS = {
    "assessor",
    "chronologist",
    "harbour_practitioner",
    "assessment_timetable",
    "chronology_started_on",
    "chronology_completed_on",
    "rha_started_on",
    "rha_due_on",
    "rha_completed_on",
    "trusted_adult",
}
CPAG_FIELDS = {"cpag_on", "cpag_recommended", "cpag_documents", "pwp_regulations_met"}


@transaction.atomic
def episode_details_update(*, episode: ReunificationEpisode, by: User, fields: dict[str, Any]) -> ReunificationEpisode:
    """The assessment plan (who, timetable, dates, Trusted Adult) and the CPAG record."""
    _require(by, "reunification.record", episode)
    unknown = set(fields) - ASSESSMENT_FIELDS - CPAG_FIELDS
    if unknown:
        raise ValidationError(f"These cannot be changed here: {', '.join(sorted(unknown))}")
    episode = _locked(episode)
    for name in ("chronology_started_on", "chronology_completed_on", "rha_started_on", "rha_completed_on", "cpag_on"):
        _happened(fields.get(name), "This date", name, episode)
    pairs = [
        ("chronology_started_on", "chronology_completed_on"),
        ("rha_started_on", "rha_completed_on"),
        ("rha_started_on", "rha_due_on"),
    ]
    for start, end in pairs:
        began = fields.get(start, getattr(episode, start))
        ended = fields.get(end, getattr(episode, end))
        if began and ended and ended < began:
            raise ValidationError({end: "This cannot be before the start date"})
    adult = fields.get("trusted_adult")
    if adult is not None and adult.child_id != episode.child_id:
        raise ValidationError({"trusted_adult": "Choose someone from the child's network"})
    newly_recommended = fields.get("cpag_recommended") is True and episode.cpag_recommended is not True
    rha_finished = fields.get("rha_completed_on") is not None and episode.rha_completed_on is None
    for name, value in fields.items():
        setattr(episode, name, value)
    _save(episode, by=by, reason="Assessment plan or CPAG updated")
    if newly_recommended:
        _tell(episode, Role.CORPORATE_DIRECTOR, "Agreement to the reunification plan CPAG recommended", "cpag")
    if rha_finished and episode.latest_decision(DecisionKind.RHA_SIGN_OFF) is None:
        _tell(episode, Role.TEAM_MANAGER, "Signing off the Return Home Assessment", "rha_sign_off")
    return episode


@transaction.atomic
def police_check_record(
    *, episode: ReunificationEpisode, person: NetworkPerson, by: User, checked_on: date, result: str, note: str = ""
) -> PoliceCheck:
    _require(by, "reunification.record", episode)
    if person.child_id != episode.child_id:
        raise ValidationError("That person is not in this child's network")
    _happened(checked_on, "The date of the check", "checked_on")
    check = PoliceCheck(episode=episode, person=person, checked_on=checked_on, result=result, note=note, recorded_by=by)
    try:
        with transaction.atomic():
            _save(check, by=by, reason="Police check recorded")
    except IntegrityError:
        raise ValidationError(f"A police check is already recorded for {person.name}") from None
    return check


@transaction.atomic
def goal_add(
    *, episode: ReunificationEpisode, by: User, what_must_change: str, evidence: str, by_when: date | None
) -> ParentalGoal:
    _require(by, "reunification.record", episode)
    if by_when is None:
        raise ValidationError({"by_when": "A SMART goal needs a timescale: enter the date it should be met by"})
    goal = ParentalGoal(
        episode=episode, what_must_change=what_must_change, evidence=evidence, by_when=by_when, recorded_by=by
    )
    _save(goal, by=by, reason="Parental agreement goal set")
    return goal


@transaction.atomic
def goal_progress_record(
    *, goal: ParentalGoal, by: User, recorded_on: date, progress: str, on_track: bool
) -> GoalProgress:
    _require(by, "reunification.record", goal.episode)
    _happened(recorded_on, "The date", "recorded_on", goal.episode)
    entry = GoalProgress(goal=goal, recorded_on=recorded_on, progress=progress, on_track=on_track, recorded_by=by)
    _save(entry, by=by, reason="Progress on a goal recorded")
    return entry


@transaction.atomic
def classification_record(
    *,
    episode: ReunificationEpisode,
    by: User,
    kind: str,
    level: str,
    classified_on: date,
    rationale: str,
    supersedes: RiskClassification | None = None,
) -> RiskClassification:
    perm = "reunification.identify" if kind == ClassificationKind.QUICK else "reunification.record"
    _require(by, perm, episode.child if kind == ClassificationKind.QUICK else episode)
    if level not in RiskLevel.values:
        raise ValidationError({"level": "Choose Low, Medium, High or Severe"})
    _happened(classified_on, "The classification date", "classified_on", episode)
    episode = _locked(episode)
    if kind == ClassificationKind.RC1_RECOMMENDATION and episode.chronology_completed_on is None:
        raise ValidationError("Risk Classification 1 needs the chronology completed: record its completion date first")
    if kind == ClassificationKind.RC3 and episode.returned_home_on is None:
        raise ValidationError("Risk Classification 3 is made after the child has returned home")
    if supersedes is not None:
        if supersedes.episode_id != episode.pk:
            raise ValidationError("That classification belongs to another episode")
        if supersedes.kind != kind:
            raise ValidationError("A correction is of the same kind as the classification it corrects")
        if RiskClassification.objects.filter(supersedes=supersedes).exists():
            raise ValidationError("This classification has already been corrected: correct the latest record instead")
    classification = RiskClassification(
        episode=episode,
        kind=kind,
        level=level,
        classified_on=classified_on,
        rationale=rationale,
        recorded_by=by,
        supersedes=supersedes,
    )
    try:
        with transaction.atomic():
            _save(
                classification,
                by=by,
                reason="Risk classified" if supersedes is None else "Risk classification corrected",
            )
    except IntegrityError:  # corrected by someone else a moment ago
        raise ValidationError(
            "This classification has already been corrected: correct the latest record instead"
        ) from None
    return classification


# Which step each decision is made at, and who makes it.
DECISION_STEP = {
    DecisionKind.DECISION_1: [Step.DECISION_1],
    DecisionKind.DECISION_2: [Step.DECISION_2],
    DecisionKind.RHA_SIGN_OFF: [Step.ASSESSMENT, Step.DECISION_2, Step.PLANNING],
    DecisionKind.DECISION_3: [Step.DECISION_3],
    DecisionKind.RATIFICATION: [Step.DECISION_3],
    DecisionKind.EMERGENCY_PWP: [Step.TRANSITION_HOME],
    DecisionKind.PWP_CASE_DECISION: [Step.TRANSITION_HOME],
    DecisionKind.CORPORATE_DIRECTOR: [Step.TRANSITION_HOME],
}


def decision_waiting(episode: ReunificationEpisode, kind: str, *, by: User | None = None) -> str | None:
    """Why this decision cannot be recorded now (by this person), or None if it can."""
    label = DecisionKind(kind).label
    if episode.state not in DECISION_STEP[DecisionKind(kind)]:
        return f"{label} is not waiting to be made: the episode is at '{episode.get_state_display()}'"
    latest_d3 = episode.latest_decision(DecisionKind.DECISION_3)
    unratified = latest_d3 is not None and not latest_d3.responses.filter(superseded_by__isnull=True).exists()
    if kind == DecisionKind.DECISION_3 and unratified:
        return "Decision 3 is recorded and waiting for the Head of Service to ratify it"
    if kind == DecisionKind.RATIFICATION and not unratified:
        return "There is no Decision 3 waiting to be ratified"
    if (
        kind == DecisionKind.RATIFICATION
        and by is not None
        and latest_d3 is not None
        and latest_d3.decided_by_id == by.pk
    ):
        return "You recorded this Decision 3: another Head of Service must ratify it"
    if kind == DecisionKind.RHA_SIGN_OFF:
        if episode.latest_decision(DecisionKind.RHA_SIGN_OFF) is not None:
            return "The Return Home Assessment is already signed off"
        if episode.rha_completed_on is None:
            return "The Return Home Assessment is signed off once it is finalised: record the date it was completed"
    if kind == DecisionKind.PWP_CASE_DECISION:
        approval = episode.latest_decision(DecisionKind.EMERGENCY_PWP)
        if approval is None or approval.outcome != Outcome.AGREED:
            return "The Head of Service has not approved Emergency Placed with Parents: the case decision follows it"
        if episode.latest_decision(DecisionKind.PWP_CASE_DECISION) is not None:
            return "The case decision on Emergency Placed with Parents is already recorded"
    if kind == DecisionKind.CORPORATE_DIRECTOR and episode.cpag_recommended is not True:
        return "The Corporate Director agrees a plan CPAG has recommended: CPAG's recommendation is not recorded"
    return None


@transaction.atomic
def decision_record(
    *,
    episode: ReunificationEpisode,
    by: User,
    kind: str,
    outcome: str,
    rationale: str,
    decided_on: date,
    risk_level: str = "",
    significant_change: bool = False,
) -> ReunificationDecision:
    """Record a decision by the role the seed names, and move the episode on when it does."""
    kind = DecisionKind(kind)
    _require(by, f"reunification.decide_{kind.value}", episode)
    episode = _locked(episode)
    why_not = decision_waiting(episode, kind, by=by)
    if why_not:
        raise ValidationError(why_not)
    if outcome not in OUTCOMES_FOR[kind]:
        raise ValidationError({"outcome": "Choose one of the decisions offered"})
    if not rationale.strip():
        raise ValidationError({"rationale": "Give the reasons for the decision"})
    _happened(decided_on, "The decision date", "decided_on", episode)
    if kind == DecisionKind.DECISION_2:
        if risk_level not in RiskLevel.values:
            raise ValidationError({"risk_level": "Confirm the level of risk: Low, Medium, High or Severe"})
        _refuse_if_missing(episode, "decision_2")
    if kind == DecisionKind.DECISION_3 and outcome == Outcome.REUNIFY:
        _refuse_if_missing(episode, "reunify")
    responds_to = episode.latest_decision(DecisionKind.DECISION_3) if kind == DecisionKind.RATIFICATION else None
    previous = episode.latest_decision(kind) if kind not in (DecisionKind.RATIFICATION,) else None
    decision = ReunificationDecision(
        episode=episode,
        kind=kind,
        outcome=outcome,
        risk_level=risk_level if kind in (DecisionKind.DECISION_2, DecisionKind.DECISION_3) else "",
        rationale=rationale,
        decided_on=decided_on,
        decided_by=by,
        decided_by_role=by.get_role_display(),
        significant_change=significant_change if kind == DecisionKind.DECISION_3 else False,
        responds_to=responds_to,
        supersedes=previous if kind in (DecisionKind.EMERGENCY_PWP, DecisionKind.CORPORATE_DIRECTOR) else None,
    )
    _save(decision, by=by, reason=f"{kind.label} recorded")
    if kind == DecisionKind.DECISION_1:
        _copy_decision_1(episode, decision)
    if kind == DecisionKind.DECISION_3:
        _tell(episode, Role.HEAD_OF_SERVICE, "Ratification of Decision 3", f"ratify:{decision.pk}")
    if kind == DecisionKind.EMERGENCY_PWP and outcome == Outcome.AGREED:
        _tell(episode, Role.SERVICE_MANAGER, "The case decision on Emergency Placed with Parents", f"pwp:{decision.pk}")
    episode.forget_cached_facts()
    _move_after(episode, decision, by=by)
    return decision


def correction_refused(decision: ReunificationDecision) -> str | None:
    """Why this decision cannot be corrected, or None if it can."""
    if ReunificationDecision.objects.filter(supersedes=decision).exists():
        return "This decision has already been corrected: correct the latest record instead"
    if decision.kind == DecisionKind.DECISION_3 and decision.responses.exists():
        return "The Head of Service has responded to this Decision 3: record a new Decision 3 instead"
    return None


@transaction.atomic
def decision_correct(
    *,
    decision: ReunificationDecision,
    by: User,
    rationale: str,
    decided_on: date,
    risk_level: str = "",
    significant_change: bool = False,
) -> ReunificationDecision:
    """Correct a decision's date, reasons or confirmed risk level: a new record supersedes it and
    both are kept. The outcome stays, because the episode has already moved on with it; a
    different decision is made again at its own step."""
    kind = DecisionKind(decision.kind)
    _require(by, f"reunification.decide_{kind.value}", decision.episode)
    episode = _locked(decision.episode)
    original = ReunificationDecision.objects.get(pk=decision.pk)
    why_not = correction_refused(original)
    answering = original.responds_to if kind == DecisionKind.RATIFICATION else None
    if answering is not None and answering.decided_by_id == by.pk:
        why_not = why_not or "You recorded this Decision 3: another Head of Service ratifies it"
    if why_not:
        raise ValidationError(why_not)
    if not rationale.strip():
        raise ValidationError({"rationale": "Give the reasons for the decision"})
    _happened(decided_on, "The decision date", "decided_on", episode)
    if kind == DecisionKind.DECISION_2:
        if risk_level not in RiskLevel.values:
            raise ValidationError({"risk_level": "Confirm the level of risk: Low, Medium, High or Severe"})
        if RiskLevel.SEVERE in (risk_level, original.risk_level) and risk_level != original.risk_level:
            raise ValidationError(
                {"risk_level": "Severe ends the reunification plan: a change to or from Severe is a new decision, "
                 "not a correction"}
            )  # fmt: skip
    elif kind == DecisionKind.DECISION_3 and risk_level and risk_level not in RiskLevel.values:
        raise ValidationError({"risk_level": "Choose Low, Medium, High or Severe"})
    correction = ReunificationDecision(
        episode=episode,
        kind=kind,
        outcome=original.outcome,
        risk_level=risk_level if kind in (DecisionKind.DECISION_2, DecisionKind.DECISION_3) else "",
        rationale=rationale,
        decided_on=decided_on,
        decided_by=by,
        decided_by_role=by.get_role_display(),
        significant_change=significant_change if kind == DecisionKind.DECISION_3 else False,
        responds_to=original.responds_to,
        supersedes=original,
    )
    try:
        with transaction.atomic():
            _save(correction, by=by, reason=f"{kind.label} corrected")
    except IntegrityError:
        raise ValidationError("This decision has already been corrected: correct the latest record instead") from None
    episode.forget_cached_facts()
    return correction


WHO_DECIDES = {
    Step.DECISION_1: (Role.TEAM_MANAGER, "Decision 1"),
    Step.DECISION_2: (Role.SERVICE_MANAGER, "Decision 2"),
    Step.DECISION_3: (Role.SERVICE_MANAGER, "Decision 3"),
    Step.TRANSITION_HOME: (Role.HEAD_OF_SERVICE, "Emergency Placed with Parents approval"),
}


def _tell(episode: ReunificationEpisode, role: str, what: str, key: str) -> None:
    child = episode.child
    holders = (
        notifications.team_managers_of(child)
        if role == Role.TEAM_MANAGER
        else notifications.role_holders_for(child, [role])
    )
    notifications.notify(
        holders,
        notifications.Message(
            key=f"reunification:{episode.pk}:{key}",
            subject=f"{child.full_name}: {what} is waiting for you",
            url=reverse("reunification_episode", args=[episode.pk]),
        ),
    )


def _copy_decision_1(episode: ReunificationEpisode, decision: ReunificationDecision) -> None:
    """The seed: Decision 1 is copied to the social worker, the advanced practitioner and the SM."""
    child = episode.child
    people = list(notifications.role_holders_for(child, [Role.ADVANCED_PRACTITIONER, Role.SERVICE_MANAGER]))
    if child.allocated_worker_id:
        people.append(child.allocated_worker)  # type: ignore[arg-type]
    notifications.notify(
        [person for person in people if person.pk != decision.decided_by_id],
        notifications.Message(
            key=f"reunification:{episode.pk}:decision_1:{decision.pk}",
            subject=f"{child.full_name}: Decision 1 by {decision.decided_by}: {decision.get_outcome_display()}",
            body=decision.rationale,
            url=reverse("reunification_episode", args=[episode.pk]),
        ),
    )


def _tell_who_decides(episode: ReunificationEpisode) -> None:
    """Once per pending decision: the role that must act is told when the episode reaches it."""
    if episode.state in WHO_DECIDES:
        role, what = WHO_DECIDES[Step(episode.state)]
        _tell(episode, role, what, f"{episode.state}:{episode.state_entered_at:%Y%m%d%H%M%S}")


def _refuse_if_missing(episode: ReunificationEpisode, guard_name: str) -> None:
    missing = guards.missing(episode, guard_name)
    if missing:
        raise ValidationError(missing)


def _move_after(episode: ReunificationEpisode, decision: ReunificationDecision, *, by: User) -> None:
    on = decision.decided_on
    reason = f"{decision}: {decision.decided_by} ({decision.decided_by_role}), {decision.rationale}"
    moves = {
        (DecisionKind.DECISION_1, Outcome.PURSUE): ("pursue", None, {}),
        (DecisionKind.DECISION_1, Outcome.NOT_PURSUE): ("not_pursue", None, {"on": on}),
        (DecisionKind.DECISION_2, Outcome.PROGRESS): ("progress", "decision_2", {}),
        (DecisionKind.DECISION_2, Outcome.NOT_PROGRESS): ("not_progress", "decision_2", {"on": on}),
    }
    if decision.kind == DecisionKind.DECISION_2 and decision.risk_level == RiskLevel.SEVERE:
        move: tuple[str, str | None, dict[str, Any]] | None = ("plan_alternative_permanence", None, {"on": on})
    elif decision.kind == DecisionKind.RATIFICATION and decision.outcome == Outcome.RATIFIED:
        ratified = decision.responds_to
        if ratified is None:
            raise ValidationError("There is no Decision 3 to ratify")
        move = {
            Outcome.REUNIFY: ("reunify", "reunify", {}),
            Outcome.NOT_YET: ("continue_plan", None, {}),
            Outcome.ALTERNATIVE_PERMANENCE: ("plan_alternative_permanence", None, {"on": on}),
        }[Outcome(ratified.outcome)]
    else:
        move = moves.get((DecisionKind(decision.kind), Outcome(decision.outcome)))
    if move is None:
        return
    method, guard_name, kwargs = move
    _apply(episode, method, guard_name, by=by, **kwargs)
    _save(episode, by=by, reason=reason)
    _tell_who_decides(episode)


MOVES = {
    "submit_for_decision_1": ("decision_1", "Ready for Decision 1"),
    "submit_for_decision_2": ("decision_2", "Ready for Decision 2"),
    "start_implementation": ("implementation", "Reunification plan in place: implementation started"),
    "submit_for_decision_3": ("decision_3", "Ready for Decision 3"),
}


@transaction.atomic
def episode_move_on(*, episode: ReunificationEpisode, by: User, move: str) -> ReunificationEpisode:
    """The social worker moves the episode on when what the next step needs is recorded."""
    if move not in MOVES:
        raise ValidationError("That is not a step CaseFlow knows")
    _require(by, "reunification.record", episode)
    episode = _locked(episode)
    guard_name, reason = MOVES[move]
    _apply(episode, move, guard_name, by=by)
    _save(episode, by=by, reason=reason)
    _tell_who_decides(episode)
    return episode


@transaction.atomic
def return_home_record(*, episode: ReunificationEpisode, by: User, returned_on: date) -> ReunificationEpisode:
    _require(by, "reunification.record", episode)
    episode = _locked(episode)
    _happened(returned_on, "The date the child returned home", "returned_on", episode)
    episode.returned_home_on = returned_on
    _apply(episode, "record_return_home", "return_home", by=by)
    _save(episode, by=by, reason="The child returned home")
    return episode


@transaction.atomic
def episode_end(*, episode: ReunificationEpisode, by: User, how: str, outcome: str, on: date) -> ReunificationEpisode:
    """Close (when the rules allow) or exit part way; either way the outcome is recorded."""
    _require(by, "reunification.end", episode)
    if not outcome.strip():
        raise ValidationError({"outcome": "Record the outcome of the reunification activity"})
    episode = _locked(episode)
    _happened(on, "The date", "on", episode)
    episode.outcome = outcome
    if how == "close":
        _apply(episode, "close", "close", by=by, on=on)
    elif how == "exit":
        _apply(episode, "exit", None, by=by, on=on)
    else:
        raise ValidationError("Choose whether the episode closes or exits part way")
    _save(episode, by=by, reason="Episode closed" if how == "close" else "Episode exited part way")
    return episode
