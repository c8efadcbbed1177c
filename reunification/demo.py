"""Demo reunification episodes at every step, reached through the real services."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from caseflow.models import Child, User
from reunification import selectors, services
from reunification.constants import ClassificationKind, DecisionKind, Outcome, RiskLevel, Step, VisitKind
from reunification.models import ReunificationEpisode


def _ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def episode_at(
    step: str,
    *,
    child: Child,
    social_worker: User,
    team_manager: User,
    service_manager: User,
    head_of_service: User | None = None,
    corporate_director: User | None = None,
    rc1: str = RiskLevel.MEDIUM,
    start_days_ago: int = 700,
) -> ReunificationEpisode:
    """An episode for the child at `step`, through the services (dates spread over the past)."""
    d = start_days_ago
    episode = services.episode_identify(child=child, by=social_worker, identified_on=_ago(d))
    if step == Step.IDENTIFIED:
        return episode
    for key in ("sw_qaro_discussion", "supervision_discussion"):
        services.activity_record(episode=episode, by=social_worker, key=key, done_on=_ago(d - 5), note="")
    episode = services.episode_move_on(episode=episode, by=social_worker, move="submit_for_decision_1")
    if step == Step.DECISION_1:
        return episode
    services.decision_record(
        episode=episode,
        by=team_manager,
        kind=DecisionKind.DECISION_1,
        outcome=Outcome.PURSUE,
        rationale="Parents engaging; worth exploring a return home",
        decided_on=_ago(d - 10),
    )
    episode = ReunificationEpisode.objects.get(pk=episode.pk)
    if step == Step.ASSESSMENT:
        return episode
    services.episode_details_update(
        episode=episode,
        by=social_worker,
        fields={
            "assessor": social_worker,
            "chronology_started_on": _ago(d - 12),
            "chronology_completed_on": _ago(d - 40),
            "rha_started_on": _ago(d - 12),
            "rha_due_on": _ago(d - 72),
            "rha_completed_on": _ago(d - 72),
        },
    )
    for person, _check in selectors.police_checks(episode=episode):
        services.police_check_record(
            episode=episode, person=person, by=social_worker, checked_on=_ago(d - 30), result="nothing_found"
        )
    services.classification_record(
        episode=episode,
        by=social_worker,
        kind=ClassificationKind.RC1_RECOMMENDATION,
        level=rc1,
        classified_on=_ago(d - 60),
        rationale="Risk Classification 1 meeting on the draft RHA and chronology",
    )
    episode = services.episode_move_on(episode=episode, by=social_worker, move="submit_for_decision_2")
    if step == Step.DECISION_2:
        return episode
    services.decision_record(
        episode=episode,
        by=service_manager,
        kind=DecisionKind.DECISION_2,
        outcome=Outcome.PROGRESS,
        risk_level=rc1,
        rationale="Level of risk confirmed; progress with reunification",
        decided_on=_ago(d - 70),
    )
    episode = ReunificationEpisode.objects.get(pk=episode.pk)
    if step == Step.PLANNING:
        return episode
    services.decision_record(
        episode=episode,
        by=team_manager,
        kind=DecisionKind.RHA_SIGN_OFF,
        outcome=Outcome.AGREED,
        rationale="Return Home Assessment finalised",
        decided_on=_ago(d - 75),
    )
    for key in ("planning_meeting", "contingency_plan", "reunification_plan"):
        services.activity_record(episode=episode, by=social_worker, key=key, done_on=_ago(d - 80), note="")
    services.goal_add(
        episode=episode,
        by=social_worker,
        what_must_change="Mum attends every contact session on time",
        evidence="Contact records and family time record sheets",
        by_when=_ago(d - 200),
    )
    episode = services.episode_move_on(episode=episode, by=social_worker, move="start_implementation")
    if step == Step.IMPLEMENTATION:
        return episode
    if rc1 in (RiskLevel.MEDIUM, RiskLevel.HIGH):
        services.classification_record(
            episode=episode,
            by=social_worker,
            kind=ClassificationKind.RC2,
            level=RiskLevel.LOW,
            classified_on=_ago(d - 300),
            rationale="Sustained change over the plan",
        )
    episode = services.episode_move_on(episode=episode, by=social_worker, move="submit_for_decision_3")
    if step == Step.DECISION_3:
        return episode
    if head_of_service is None or corporate_director is None:
        raise ValueError("a return home needs the Head of Service and the Corporate Director")
    services.decision_record(
        episode=episode,
        by=service_manager,
        kind=DecisionKind.DECISION_3,
        outcome=Outcome.REUNIFY,
        rationale="Risk Low and sustained: reunify",
        decided_on=_ago(d - 310),
    )
    services.decision_record(
        episode=episode,
        by=head_of_service,
        kind=DecisionKind.RATIFICATION,
        outcome=Outcome.RATIFIED,
        rationale="Ratified",
        decided_on=_ago(d - 312),
    )
    episode = ReunificationEpisode.objects.get(pk=episode.pk)
    if step == Step.TRANSITION_HOME:
        return episode
    services.decision_record(
        episode=episode,
        by=head_of_service,
        kind=DecisionKind.EMERGENCY_PWP,
        outcome=Outcome.AGREED,
        rationale="Overnight stays approved",
        decided_on=_ago(d - 315),
    )
    services.decision_record(
        episode=episode,
        by=service_manager,
        kind=DecisionKind.PWP_CASE_DECISION,
        outcome=Outcome.AGREED,
        rationale="Case decision recorded on the Head of Service's approval",
        decided_on=_ago(d - 316),
    )
    services.episode_details_update(
        episode=episode,
        by=social_worker,
        fields={
            "cpag_on": _ago(d - 320),
            "cpag_recommended": True,
            "cpag_documents_complete": True,
            "pwp_regulations_met": True,
        },
    )
    services.decision_record(
        episode=episode,
        by=corporate_director,
        kind=DecisionKind.CORPORATE_DIRECTOR,
        outcome=Outcome.AGREED,
        rationale="Agreed",
        decided_on=_ago(d - 322),
    )
    episode = services.return_home_record(episode=episode, by=social_worker, returned_on=_ago(d - 330))
    services.activity_record(
        episode=episode, by=social_worker, key="home_visit", done_on=_ago(d - 340), note="Settling in well",
        visit=VisitKind.UNANNOUNCED, seen_alone=True,
    )  # fmt: skip
    return episode


def seed_reunification_demo() -> None:
    """Episodes at every step (waiting for each decision, for tm1, tm2, sm1, hos1 and cd1), and ended
    each way. Safe to run again."""
    names = ("sw1", "sw2", "sw3", "tm1", "tm2", "sm1", "hos1", "cd1")
    users: dict[str, Any] = {user.username: user for user in User.objects.filter(username__in=names)}
    if len(users) < len(names):
        return
    fresh = {c.local_reference: c for c in Child.objects.filter(reunification_episodes__isnull=True)}
    plan = [
        ("LCS-100101", Step.TRANSITION_HOME, "sw1", "tm1", RiskLevel.MEDIUM),  # Amira: the pathway waits on this
        ("LCS-100102", Step.DECISION_1, "sw1", "tm1", RiskLevel.MEDIUM),  # Jayden: tm1 decides
        ("LCS-100104", Step.AT_HOME, "sw2", "tm1", RiskLevel.LOW),  # Siobhán: home, monitored
        ("LCS-100105", Step.IDENTIFIED, "sw2", "tm1", RiskLevel.MEDIUM),  # Kai: just identified
        ("LCS-200201", Step.ASSESSMENT, "sw3", "tm2", RiskLevel.MEDIUM),  # Ellis: police checks to do
        ("LCS-200202", Step.DECISION_2, "sw3", "tm2", RiskLevel.HIGH),  # Maya: sm1 decides
        ("LCS-200204", Step.DECISION_3, "sw3", "tm2", RiskLevel.MEDIUM),  # Freya: sm1 decides
        ("LCS-100108", Step.PLANNING, "sw1", "tm1", RiskLevel.LOW),  # Isla: planning the return
        ("LCS-100109", Step.IMPLEMENTATION, "sw2", "tm1", RiskLevel.HIGH),  # Oscar: High for months, sm1 alerted
        ("LCS-200205", Step.CLOSED, "sw3", "tm2", RiskLevel.MEDIUM),  # Hana: reunification sustained
        ("LCS-200206", Step.ALTERNATIVE_PERMANENCE, "sw3", "tm2", RiskLevel.SEVERE),  # Theo: s20, consider proceedings
        ("LCS-100107", Step.NOT_PURSUED, "sw2", "tm1", RiskLevel.MEDIUM),  # Ruby: not pursued at Decision 1
        ("LCS-200203", Step.EXITED, "sw3", "tm2", RiskLevel.MEDIUM),  # Noah: exited part way during assessment
    ]
    for reference, step, worker, manager, rc1 in plan:
        child = fresh.get(reference)
        if child is None:
            continue
        _seed_one(child, step, users[worker], users[manager], users, rc1)


def _seed_one(child: Child, step: str, worker: User, manager: User, users: dict[str, Any], rc1: str) -> None:
    """Steps that end an episode are reached from the step before them, as users would."""
    before = {
        Step.NOT_PURSUED: Step.DECISION_1,
        Step.ALTERNATIVE_PERMANENCE: Step.DECISION_2,
        Step.CLOSED: Step.AT_HOME,
        Step.EXITED: Step.ASSESSMENT,
    }.get(Step(step), step)
    episode = episode_at(
        before,
        child=child,
        social_worker=worker,
        team_manager=manager,
        service_manager=users["sm1"],
        head_of_service=users["hos1"],
        corporate_director=users["cd1"],
        rc1=rc1,
        start_days_ago=1000 if step == Step.CLOSED else 700,
    )
    today = timezone.localdate()
    if step == Step.NOT_PURSUED:
        services.decision_record(
            episode=episode,
            by=manager,
            kind=DecisionKind.DECISION_1,
            outcome=Outcome.NOT_PURSUE,
            rationale="Mum not ready to engage; revisit at the next CWCF review",
            decided_on=today,
        )
    elif step == Step.ALTERNATIVE_PERMANENCE:
        services.decision_record(
            episode=episode,
            by=users["sm1"],
            kind=DecisionKind.DECISION_2,
            outcome=Outcome.PROGRESS,
            risk_level=RiskLevel.SEVERE,
            rationale="Possibility of harm too high to permit a return home",
            decided_on=today,
        )
    elif step == Step.EXITED:
        services.episode_end(
            episode=episode,
            by=manager,
            how="exit",
            on=today - timedelta(days=500),
            outcome="Exited part way: mum moved out of the area and withdrew from the assessment",
        )
    elif step == Step.CLOSED:
        services.classification_record(
            episode=episode,
            by=worker,
            kind=ClassificationKind.RC3,
            level=RiskLevel.LOW,
            classified_on=today - timedelta(days=400),
            rationale="Risk Classification 3 at six months: Low",
        )
        services.episode_end(
            episode=episode,
            by=manager,
            how="close",
            on=today,
            outcome="Reunification sustained: Low risk for over six months and a year of support at home",
        )
