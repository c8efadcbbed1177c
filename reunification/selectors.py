"""Reads of reunification episodes, scoped to what the user may see; and what other
frameworks may ask (the Going Home pathway asks about Decision 3)."""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from caseflow import selectors as core_selectors
from caseflow.access import child_access_q
from caseflow.constants import NetworkCircle
from caseflow.models import Child, NetworkPerson, User, age_on
from reunification import catalogue, guards
from reunification.constants import OPEN_STEPS, DecisionKind, Outcome, Step
from reunification.models import PoliceCheck, ReunificationDecision, ReunificationEpisode

CHECKED_CIRCLES = [NetworkCircle.HOUSEHOLD, NetworkCircle.EXTENDED_FAMILY, NetworkCircle.REGULAR_VISITOR]


def _visible(user: User) -> QuerySet[ReunificationEpisode]:
    return ReunificationEpisode.objects.filter(child__in=Child.objects.filter(child_access_q(user)))


def episode_get_for_user(*, user: User, episode_id: UUID) -> ReunificationEpisode:
    episode = (
        _visible(user)
        .select_related("child", "child__team", "child__allocated_worker", "assessor", "chronologist", "trusted_adult")
        .filter(pk=episode_id)
        .first()
    )
    if episode is None:
        raise Http404("No reunification episode found")
    # The identity bar needs the child's current legal status and placement.
    episode.child = core_selectors.child_get_for_user(user=user, child_id=episode.child_id)
    return episode


def episodes_for_child(*, child: Child) -> list[ReunificationEpisode]:
    return list(ReunificationEpisode.objects.filter(child=child).order_by("-identified_on"))


def police_checks(*, episode: ReunificationEpisode) -> list[tuple[NetworkPerson, PoliceCheck | None]]:
    """Everyone who needs a police check (16 or over, or age unknown, in the household, extended
    family or regular visitors), with their check if recorded. Someone added later joins the list."""
    today = timezone.localdate()
    checks = {check.person_id: check for check in episode.police_checks.all()}
    people = NetworkPerson.objects.filter(child_id=episode.child_id, circle__in=CHECKED_CIRCLES).order_by("name")
    return [
        (person, checks.get(person.pk))
        for person in people
        if person.date_of_birth is None or age_on(person.date_of_birth, today) >= 16
    ]


def decision_3_allows_return(*, child_id: UUID) -> bool | None:
    """For the Going Home pathway: None when the child has no open reunification episode;
    otherwise whether its latest Decision 3 is 'reunify', ratified."""
    episode = ReunificationEpisode.objects.filter(child_id=child_id, state__in=OPEN_STEPS).first()
    if episode is None:
        return None
    decision = episode.latest_decision(DecisionKind.DECISION_3)
    return decision is not None and decision.outcome == Outcome.REUNIFY and decision.is_ratified


@dataclass
class NextStep:
    """What the episode is waiting for, and what is still missing for it."""

    label: str
    missing: list[str]
    move: str | None = None  # a move the social worker makes
    decision: str | None = None  # or a decision a manager records


NEXT = {
    Step.IDENTIFIED: NextStep("Ask the team manager for Decision 1", [], move="submit_for_decision_1"),
    Step.DECISION_1: NextStep("Decision 1 (team manager)", [], decision=DecisionKind.DECISION_1),
    Step.ASSESSMENT: NextStep("Ask the service manager for Decision 2", [], move="submit_for_decision_2"),
    Step.DECISION_2: NextStep("Decision 2 (service manager)", [], decision=DecisionKind.DECISION_2),
    Step.PLANNING: NextStep("Start implementing the reunification plan", [], move="start_implementation"),
    Step.IMPLEMENTATION: NextStep("Ask the service manager for Decision 3", [], move="submit_for_decision_3"),
    Step.DECISION_3: NextStep(
        "Decision 3 (service manager), ratified by the Head of Service", [], decision=DecisionKind.DECISION_3
    ),
    Step.TRANSITION_HOME: NextStep("Record the return home", []),
    Step.AT_HOME: NextStep("Close the episode", []),
}
GUARD_FOR = {
    Step.IDENTIFIED: "decision_1",
    Step.ASSESSMENT: "decision_2",
    Step.DECISION_2: "decision_2",
    Step.PLANNING: "implementation",
    Step.IMPLEMENTATION: "decision_3",
    Step.DECISION_3: "decision_3",
    Step.TRANSITION_HOME: "return_home",
    Step.AT_HOME: "close",
}


def next_step(*, episode: ReunificationEpisode) -> NextStep | None:
    template = NEXT.get(Step(episode.state))
    if template is None:
        return None
    guard_name = GUARD_FOR.get(Step(episode.state))
    missing = guards.missing(episode, guard_name) if guard_name else []
    if episode.state == Step.TRANSITION_HOME:
        missing = [m for m in missing if "date the child returned home" not in m]
    return NextStep(template.label, missing, move=template.move, decision=template.decision)


def activities_by_step(*, episode: ReunificationEpisode) -> list[tuple[Step, list[tuple[Any, list[Any]]]]]:
    records: dict[str, list[Any]] = {}
    for record in episode.activities.select_related("recorded_by"):
        records.setdefault(record.key, []).append(record)
    steps: list[tuple[Step, list[tuple[Any, list[Any]]]]] = []
    for spec in catalogue.ACTIVITIES:
        if not steps or steps[-1][0] != spec.step:
            steps.append((spec.step, []))
        steps[-1][1].append((spec, records.get(spec.key, [])))
    return steps


@dataclass
class RiskPoint:
    on: Any
    what: str
    level: str
    label: str
    by: Any
    superseded: bool  # corrected later: shown, but no longer counts
    correction: bool = False  # this record corrects an earlier one
    classification_id: int | None = None  # a classification (which can be corrected), not a decision


def risk_history(*, episode: ReunificationEpisode) -> list[RiskPoint]:
    """Every classification and every level a decision confirmed, corrections and what they
    corrected included, oldest first."""
    classifications = list(episode.classifications.select_related("recorded_by"))
    replaced = {c.supersedes_id for c in classifications if c.supersedes_id}
    points = [
        RiskPoint(
            c.classified_on,
            c.get_kind_display(),
            c.level,
            c.get_level_display(),
            c.recorded_by,
            c.pk in replaced,
            correction=c.supersedes_id is not None,
            classification_id=c.pk,
        )
        for c in classifications
    ]
    decisions = list(episode.decisions.select_related("decided_by"))
    replaced_decisions = {d.supersedes_id for d in decisions if d.supersedes_id}
    points += [
        RiskPoint(
            d.decided_on,
            f"{d.get_kind_display()} confirmed",
            d.risk_level,
            d.get_risk_level_display(),
            d.decided_by,
            d.pk in replaced_decisions,
            correction=d.supersedes_id is not None,
        )
        for d in decisions
        if d.risk_level
    ]
    return sorted(points, key=lambda point: point.on)


def superseded_ids(decisions: list[ReunificationDecision]) -> set[Any]:
    return {decision.supersedes_id for decision in decisions if decision.supersedes_id}


def correctable_decision_ids(
    *, episode: ReunificationEpisode, decisions: list[ReunificationDecision], user: User
) -> set[Any]:
    """The current decisions this user's role may correct (a Decision 3 the Head of Service has
    answered is decided again, not corrected)."""
    replaced = superseded_ids(decisions)
    answered = {decision.responds_to_id for decision in decisions if decision.responds_to_id}
    return {
        decision.pk
        for decision in decisions
        if decision.pk not in replaced
        and not (decision.kind == DecisionKind.DECISION_3 and decision.pk in answered)
        and user.has_perm(f"reunification.decide_{decision.kind}", episode)
    }


def alerts(*, episode: ReunificationEpisode) -> list[str]:
    """The rule-based alerts SPEC section 4 names."""
    found = []
    high_since = guards.high_standing_since(episode)
    if high_since is not None and high_since + guards.SIX_MONTHS <= timezone.localdate():
        found.append(f"Risk has been High since {high_since:%-d %B %Y} (six months or more): reclassify it as Severe")
    if episode.state == Step.AT_HOME and guards.risk_increased(episode):
        found.append("Risk has increased since the last classification: discuss with the service manager")
    return found


def decisions_waiting_for(*, user: User) -> QuerySet[ReunificationEpisode]:
    """Episodes waiting for a decision this user's role makes, among the children they see."""
    from django.db.models import Exists, OuterRef

    from caseflow.constants import Role

    def current(kind: str, **filters: Any) -> Exists:
        return Exists(
            ReunificationDecision.objects.filter(
                episode=OuterRef("pk"), kind=kind, superseded_by__isnull=True, **filters
            )
        )

    d3_unanswered = current(DecisionKind.DECISION_3, responses__isnull=True)
    pwp_agreed = current(DecisionKind.EMERGENCY_PWP, outcome=Outcome.AGREED)
    rha_waiting = Q(
        state__in=[Step.ASSESSMENT, Step.DECISION_2, Step.PLANNING], rha_completed_on__isnull=False
    ) & ~current(DecisionKind.RHA_SIGN_OFF)
    # For each role: what it is waiting for, in words, and when an episode is waiting for it.
    by_role: dict[str, list[tuple[str, Any]]] = {
        Role.TEAM_MANAGER: [
            ("Decision 1", Q(state=Step.DECISION_1)),
            ("Return Home Assessment sign-off", rha_waiting),
        ],
        Role.SERVICE_MANAGER: [
            ("Decision 2", Q(state=Step.DECISION_2)),
            ("Decision 3", Q(state=Step.DECISION_3) & ~d3_unanswered),
            (
                "Case decision on Emergency Placed with Parents",
                Q(state=Step.TRANSITION_HOME) & pwp_agreed & ~current(DecisionKind.PWP_CASE_DECISION),
            ),
        ],
        Role.HEAD_OF_SERVICE: [
            ("Ratification of Decision 3", Q(state=Step.DECISION_3) & d3_unanswered),
            ("Emergency Placed with Parents approval", Q(state=Step.TRANSITION_HOME) & ~pwp_agreed),
        ],
        Role.CORPORATE_DIRECTOR: [
            (
                "Corporate Director agreement",
                Q(state=Step.TRANSITION_HOME, cpag_recommended=True)
                & ~current(DecisionKind.CORPORATE_DIRECTOR, outcome=Outcome.AGREED),
            )
        ],
    }
    waits = by_role.get(user.role, [])
    if not waits:
        return ReunificationEpisode.objects.none()
    episodes = _visible(user)
    if user.role == Role.TEAM_MANAGER:  # the child's own team manager decides
        episodes = episodes.filter(child__team__in=user.teams.all())
    any_wait = waits[0][1]
    for _, condition in waits[1:]:
        any_wait |= condition
    waiting_for = Case(*[When(condition, then=Value(words)) for words, condition in waits], output_field=CharField())
    return (
        episodes.filter(any_wait).annotate(waiting_for=waiting_for).select_related("child").order_by("state_entered_at")
    )


def all_decisions(*, episode: ReunificationEpisode) -> list[ReunificationDecision]:
    """Every decision, superseded ones included, oldest first."""
    decisions = episode.decisions.select_related("decided_by", "supersedes", "responds_to")
    return list(decisions.order_by("decided_on", "recorded_at"))


def high_risk_standing_six_months(*, user: User) -> QuerySet[ReunificationEpisode]:
    """Open episodes where Decision 2 confirmed High six months ago or more and nothing has
    reclassified it since: the service manager is alerted to reclassify as Severe."""
    from django.db.models import Exists, OuterRef

    from reunification.constants import RiskLevel
    from reunification.guards import RECLASSIFICATIONS, SIX_MONTHS
    from reunification.models import RiskClassification

    cutoff = timezone.localdate() - SIX_MONTHS
    high_decision = ReunificationDecision.objects.filter(
        episode=OuterRef("pk"),
        kind=DecisionKind.DECISION_2,
        risk_level=RiskLevel.HIGH,
        decided_on__lte=cutoff,
        superseded_by__isnull=True,
    )
    later = RiskClassification.objects.filter(
        episode=OuterRef("pk"), kind__in=RECLASSIFICATIONS, superseded_by__isnull=True
    )
    return (
        _visible(user)
        .filter(state__in=OPEN_STEPS)
        .filter(Exists(high_decision))
        .exclude(Exists(later))
        .select_related("child")
    )


def review_chair(*, episode: ReunificationEpisode) -> str | None:
    """Who chairs the next CIC / pathway plan review after the return home (the seed's rule):
    the QARO for a child on a care order; for a child formerly under s20, the QARO chairs the
    first review after the return, then the team manager or social worker."""
    if episode.returned_home_on is None:
        return None
    statuses = episode.child.legal_statuses.filter(start_date__lte=episode.returned_home_on).order_by(
        "-start_date", "-id"
    )
    status_at_return = statuses.values_list("status", flat=True).first()
    if status_at_return in ("care_order", "interim_care_order", "placement_order"):
        return "The QARO (the child is on a care order)"
    reviews_since = episode.activities.filter(key="cic_review_at_home", done_on__gte=episode.returned_home_on)
    if status_at_return == "s20" and not reviews_since.exists():
        return "The QARO chairs the first review after the return home"
    return "The team manager or social worker, as part of the Child in Need plan"


@dataclass
class PlacedWithParents:
    """For family time: since when the child has been on a reunification plan, and since when the
    Head of Service's Emergency Placed with Parents approval has stood (None: not approved)."""

    on_plan_since: Any
    approved_on: Any


def emergency_pwp_approval(*, child_id: UUID) -> PlacedWithParents | None:
    """None when the child has no open reunification episode (a stay over 24 hours needs the
    approval only for a child on a reunification plan)."""
    episode = ReunificationEpisode.objects.filter(child_id=child_id, state__in=OPEN_STEPS).first()
    if episode is None:
        return None
    approval = episode.latest_decision(DecisionKind.EMERGENCY_PWP)
    approved = approval is not None and approval.outcome == Outcome.AGREED
    return PlacedWithParents(episode.identified_on, approval.decided_on if approved and approval else None)


def current_risk_level(*, child_id: UUID) -> RiskPoint | None:
    """The child's latest risk level (a classification or a level a decision confirmed), from the
    open reunification episode or else the latest one."""
    episode = (
        ReunificationEpisode.objects.filter(child_id=child_id, state__in=OPEN_STEPS).first()
        or ReunificationEpisode.objects.filter(child_id=child_id).order_by("-identified_on").first()
    )
    if episode is None:
        return None
    points = [point for point in risk_history(episode=episode) if not point.superseded]
    return points[-1] if points else None
