"""Demo reunification episodes at every step, reached through the real services."""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from caseflow import demo_timeline
from caseflow.models import Child, User
from reunification import selectors, services
from reunification.constants import ClassificationKind, CpagDocument, DecisionKind, Outcome, RiskLevel, Step, VisitKind
from reunification.models import ReunificationEpisode


def _ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def spread(first: date, *, then: tuple[int, date] | None = None) -> Callable[[int], date]:
    """The day of each step of `episode_at` (numbered in days from identification, 0 to 340) in
    the demo's story: from `first`, a day a step, or stretched so that step `then[0]` falls on
    `then[1]`; never after today."""
    step, last = then or (1, first + timedelta(days=1))

    def on(offset: int) -> date:
        return min(first + timedelta(days=round((last - first).days * offset / step)), timezone.localdate())

    return on


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
    days: Callable[[int], date] | None = None,
) -> ReunificationEpisode:
    """An episode for the child at `step`, through the services (dates spread over the past:
    from `start_days_ago`, or on the demo story's `days`, each written on its day)."""

    def on(offset: int) -> date:
        """The day of this step, where the demo's story marks what follows as written."""
        day = days(offset) if days else _ago(start_days_ago - offset)
        if days:
            demo_timeline.at(day)
        return day

    episode = services.episode_identify(child=child, by=social_worker, identified_on=on(0))
    if step == Step.IDENTIFIED:
        return episode
    discussed_on = on(5)
    for key in ("sw_qaro_discussion", "supervision_discussion"):
        services.activity_record(episode=episode, by=social_worker, key=key, done_on=discussed_on, note="")
    episode = services.episode_move_on(episode=episode, by=social_worker, move="submit_for_decision_1")
    if step == Step.DECISION_1:
        return episode
    services.decision_record(
        episode=episode,
        by=team_manager,
        kind=DecisionKind.DECISION_1,
        outcome=Outcome.PURSUE,
        rationale="Parents engaging; worth exploring a return home",
        decided_on=on(10),
    )
    episode = ReunificationEpisode.objects.get(pk=episode.pk)
    if step == Step.ASSESSMENT:
        return episode
    started_on = on(12)
    services.episode_details_update(
        episode=episode,
        by=social_worker,
        fields={
            "assessor": social_worker,
            "chronology_started_on": started_on,
            "rha_started_on": started_on,
            "rha_due_on": days(72) if days else _ago(start_days_ago - 72),
        },
    )
    checked_on = on(30)
    for person, _check in selectors.police_checks(episode=episode):
        services.police_check_record(
            episode=episode, person=person, by=social_worker, checked_on=checked_on, result="nothing_found"
        )
    services.episode_details_update(episode=episode, by=social_worker, fields={"chronology_completed_on": on(40)})
    # The Return Home Assessment was finished early, before the Risk Classification 1 meeting.
    services.episode_details_update(episode=episode, by=social_worker, fields={"rha_completed_on": on(55)})
    services.classification_record(
        episode=episode,
        by=social_worker,
        kind=ClassificationKind.RC1_RECOMMENDATION,
        level=rc1,
        classified_on=on(60),
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
        decided_on=on(70),
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
        decided_on=on(75),
    )
    planned_on = on(80)
    for key in ("planning_meeting", "contingency_plan", "reunification_plan"):
        services.activity_record(episode=episode, by=social_worker, key=key, done_on=planned_on, note="")
    services.goal_add(
        episode=episode,
        by=social_worker,
        what_must_change="Mum attends every contact session on time",
        evidence="Contact records and family time record sheets",
        by_when=days(200) if days else _ago(start_days_ago - 200),
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
            classified_on=on(300),
            rationale="Sustained change over the plan",
        )
    else:
        on(300)
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
        decided_on=on(310),
    )
    services.decision_record(
        episode=episode,
        by=head_of_service,
        kind=DecisionKind.RATIFICATION,
        outcome=Outcome.RATIFIED,
        rationale="Ratified",
        decided_on=on(312),
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
        decided_on=on(315),
    )
    services.decision_record(
        episode=episode,
        by=service_manager,
        kind=DecisionKind.PWP_CASE_DECISION,
        outcome=Outcome.AGREED,
        rationale="Case decision recorded on the Head of Service's approval",
        decided_on=on(316),
    )
    services.episode_details_update(
        episode=episode,
        by=social_worker,
        fields={
            "cpag_on": on(320),
            "cpag_recommended": True,
            "cpag_documents": list(CpagDocument.values),
            "pwp_regulations_met": True,
        },
    )
    services.decision_record(
        episode=episode,
        by=corporate_director,
        kind=DecisionKind.CORPORATE_DIRECTOR,
        outcome=Outcome.AGREED,
        rationale="Agreed",
        decided_on=on(322),
    )
    episode = services.return_home_record(episode=episode, by=social_worker, returned_on=on(330))
    services.activity_record(
        episode=episode, by=social_worker, key="home_visit", done_on=on(340), note="Settling in well",
        visit=VisitKind.UNANNOUNCED, seen_alone=True,
    )  # fmt: skip
    return episode


# The demo's story (caseflow.demo_timeline days): when each episode was identified and, to spread
# its steps, the day one of them fell on (episode_at numbers them 0 to 340); and the day it ended.
# fmt: off
STORIES: dict[str, tuple[demo_timeline.Day, tuple[int, demo_timeline.Day] | None]] = {
    "LCS-100101": ((10, 3), (310, (1, 10))),  # Amira: Decision 3 last month
    "LCS-100102": (20, (5, 15)),  # Jayden
    "LCS-100104": ((11, 2), (330, (1, 5))),  # Siobhán: home last month, with the pathway
    "LCS-100105": (1, None),  # Kai
    "LCS-200201": ((2, 1), (10, (2, 15))),  # Ellis
    "LCS-200202": ((4, 10), (60, (1, 5))),  # Maya: Risk Classification 1 last month
    "LCS-200204": ((11, 1), (300, (1, 3))),  # Freya: Risk Classification 2 last month
    "LCS-100108": ((4, 2), (70, (1, 12))),  # Isla: Decision 2 last month
    "LCS-100109": ((10, 1), (70, (8, 15))),  # Oscar: Decision 2 at High eight months ago
    "LCS-200205": ((26, 1), (330, (13, 10))),  # Hana: home 13 months ago
    "LCS-200206": ((3, 1), (60, (1, 7))),  # Theo
    "LCS-100107": ((12, 5), (10, (11, 18))),  # Ruby: not pursued
    "LCS-200203": ((14, 10), (10, (13, 1))),  # Noah
}
ENDINGS: dict[str, demo_timeline.Day] = {
    "LCS-200206": (1, 20),  # Theo: Decision 2 at Severe
    "LCS-200203": (12, 15),  # Noah: exited part way
    "LCS-200205": (1, 22),  # Hana: closed
}
HANA_RC3: demo_timeline.Day = (7, 12)
# The step (as numbered in episode_at) of each mid-point supervision on the Return Home Assessment,
# due halfway through its timetable (about step 42): Oscar's was late, Maya's is still to hold.
MID_POINT_SUPERVISIONS = {"LCS-100101": 42, "LCS-100104": 40, "LCS-200204": 41, "LCS-100108": 42, "LCS-100109": 95}
# fmt: on


def days_for(reference: str) -> Callable[[int], date]:
    first, then = STORIES[reference]
    stretch = (then[0], demo_timeline.day(then[1])) if then else None
    return spread(demo_timeline.day(first), then=stretch)


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
    reference = child.local_reference
    days = days_for(reference)
    episode = episode_at(
        before,
        child=child,
        social_worker=worker,
        team_manager=manager,
        service_manager=users["sm1"],
        head_of_service=users["hos1"],
        corporate_director=users["cd1"],
        rc1=rc1,
        days=days,
    )
    if reference in MID_POINT_SUPERVISIONS:
        supervised_on = days(MID_POINT_SUPERVISIONS[reference])
        demo_timeline.at(supervised_on)
        services.activity_record(
            episode=episode, by=worker, key="mid_point_supervision", done_on=supervised_on, note="Assessment on track"
        )
    ended_on = demo_timeline.day(ENDINGS.get(reference, 0))
    if step == Step.NOT_PURSUED:
        demo_timeline.at(days(10))
        services.decision_record(
            episode=episode,
            by=manager,
            kind=DecisionKind.DECISION_1,
            outcome=Outcome.NOT_PURSUE,
            rationale="Mum not ready to engage; revisit at the next CWCF review",
            decided_on=days(10),
        )
    elif step == Step.ALTERNATIVE_PERMANENCE:
        demo_timeline.at(ended_on)
        services.decision_record(
            episode=episode,
            by=users["sm1"],
            kind=DecisionKind.DECISION_2,
            outcome=Outcome.PROGRESS,
            risk_level=RiskLevel.SEVERE,
            rationale="Possibility of harm too high to permit a return home",
            decided_on=ended_on,
        )
    elif step == Step.EXITED:
        demo_timeline.at(ended_on)
        services.episode_end(
            episode=episode,
            by=manager,
            how="exit",
            on=ended_on,
            outcome="Exited part way: mum moved out of the area and withdrew from the assessment",
        )
    elif step == Step.CLOSED:
        classified_on = demo_timeline.day(HANA_RC3)
        demo_timeline.at(classified_on)
        services.classification_record(
            episode=episode,
            by=worker,
            kind=ClassificationKind.RC3,
            level=RiskLevel.LOW,
            classified_on=classified_on,
            rationale="Risk Classification 3 at six months: Low",
        )
        demo_timeline.at(ended_on)
        services.episode_end(
            episode=episode,
            by=manager,
            how="close",
            on=ended_on,
            outcome="Reunification sustained: Low risk for over six months and a year of support at home",
        )
