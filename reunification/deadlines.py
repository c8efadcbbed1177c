"""The reunification framework's deadlines (SPEC sections 4 and 7), registered with the engine."""

from datetime import timedelta
from typing import Any

from django.db.models import DateField, F, Max, Min, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest, Least
from django.urls import reverse

from caseflow.deadlines import expressions as ex
from caseflow.deadlines.periods import Unit, end_of_day
from caseflow.deadlines.registry import DeadlineRule, register_deadline_rule
from reunification.constants import OPEN_STEPS, ClassificationKind, DecisionKind, RiskLevel, Step
from reunification.guards import RECLASSIFICATIONS
from reunification.models import ActivityRecord, ReunificationDecision, ReunificationEpisode, RiskClassification


def _open() -> Any:
    return ReunificationEpisode.objects.filter(state__in=OPEN_STEPS)


def _activity_since_clock(*keys: str) -> Any:
    def met_on() -> Any:
        records = ActivityRecord.objects.filter(episode_id=ex.EPISODE, key__in=keys, done_on__gte=ex.CLOCK_DAY)
        return Subquery(records.order_by("done_on").values("done_on")[:1])

    return met_on


def _review_held() -> Any:
    """Met by the review recorded on the episode, or by a reunification planning review meeting."""
    import meetings.selectors as meetings
    from meetings.constants import MeetingType

    activity = _activity_since_clock("planning_review")()
    return Coalesce(activity, meetings.held_since_clock(MeetingType.REUNIFICATION_REVIEW))


def _from_return() -> Any:
    episodes = _open().filter(returned_home_on__isnull=False, state=Step.AT_HOME)
    return ex.clocks(episodes, child="child_id", start="returned_home_on", key_parts=("id",), episode="id")


# After the return home, CIC / pathway plan reviews are every six months and a Team around the
# Child meeting falls three months after each: both clocks restart at the last review, whether
# recorded on the episode or as a CWCF review meeting.
REVIEW_ACTIVITY = "cic_review_at_home"


def _since_last_review() -> Any:
    import meetings.selectors as meetings
    from meetings.constants import MeetingType

    last_activity = (
        ActivityRecord.objects.filter(episode=OuterRef("pk"), key=REVIEW_ACTIVITY)
        .values("episode")
        .annotate(last=Max("done_on"))
        .values("last")
    )
    last_meeting = meetings.last_held(MeetingType.CWCF_REVIEW, child=OuterRef("child_id"))
    returned = F("returned_home_on")
    episodes = _open().filter(returned_home_on__isnull=False, state=Step.AT_HOME)
    episodes = episodes.annotate(
        review_clock_on=Greatest(
            returned,
            Coalesce(Subquery(last_activity, output_field=DateField()), returned),
            Coalesce(last_meeting, returned),
        )
    )
    return ex.clocks(
        episodes, child="child_id", start="review_clock_on", key_parts=("id", "review_clock_on"), episode="id"
    )


def _held_after_clock(activity_key: str, meeting_type: str) -> Any:
    """The first record of it after the clock's day, on the episode or as a meeting (the one that
    restarts a recurring clock does not meet the clock it starts)."""

    def met_on() -> Any:
        import meetings.selectors as meetings

        records = ActivityRecord.objects.filter(episode_id=ex.EPISODE, key=activity_key, done_on__gt=ex.CLOCK_DAY)
        activity = Subquery(records.order_by("done_on").values("done_on")[:1])
        meeting = meetings.held_since_clock(meeting_type, strictly_after=True)
        return Least(Coalesce(activity, meeting), Coalesce(meeting, activity))

    return met_on


def _mid_point_clocks() -> Any:
    episodes = _open().filter(rha_started_on__isnull=False, rha_due_on__isnull=False)
    return ex.clocks(
        episodes, child="child_id", start="rha_started_on", key_parts=("id", "rha_started_on", "rha_due_on"),
        episode="id",
    ).annotate(cf_end=F("rha_due_on"))  # fmt: skip


def _halfway(clock: dict[str, Any]) -> Any:
    start, end = clock["cf_start"], clock["cf_end"]
    return end_of_day(start + timedelta(days=(end - start).days // 2))


def _planning_meeting_clocks() -> Any:
    first_meeting = (
        ActivityRecord.objects.filter(episode=OuterRef("pk"), key="planning_meeting")
        .values("episode")
        .annotate(first=Min("done_on"))
        .values("first")
    )
    episodes = _open().annotate(planning_meeting_on=Subquery(first_meeting)).filter(planning_meeting_on__isnull=False)
    return ex.clocks(
        episodes, child="child_id", start="planning_meeting_on", key_parts=("id", "planning_meeting_on"), episode="id"
    )


def _rc3() -> Any:
    classifications = RiskClassification.objects.filter(
        episode_id=ex.EPISODE, kind=ClassificationKind.RC3, superseded_by__isnull=True
    )
    return Subquery(classifications.order_by("classified_on").values("classified_on")[:1])


def _high_at_decision_2() -> Any:
    latest_d2 = ReunificationDecision.objects.filter(
        episode=OuterRef("pk"), kind=DecisionKind.DECISION_2, superseded_by__isnull=True
    ).order_by("-decided_on", "-recorded_at")
    episodes = _open().annotate(
        d2_level=Subquery(latest_d2.values("risk_level")[:1]), d2_on=Subquery(latest_d2.values("decided_on")[:1])
    )
    episodes = episodes.filter(d2_level=RiskLevel.HIGH)
    return ex.clocks(episodes, child="child_id", start="d2_on", key_parts=("id", "d2_on"), episode="id")


def _reclassified() -> Any:
    later = RiskClassification.objects.filter(
        episode_id=ex.EPISODE, kind__in=RECLASSIFICATIONS, classified_on__gte=ex.CLOCK_DAY, superseded_by__isnull=True
    )
    return Subquery(later.order_by("classified_on").values("classified_on")[:1])


def _tac_held() -> Any:
    from meetings.constants import MeetingType

    return _held_after_clock("tac_meeting", MeetingType.TAC)()


def _review_after_return_held() -> Any:
    from meetings.constants import MeetingType

    return _held_after_clock(REVIEW_ACTIVITY, MeetingType.CWCF_REVIEW)()


def _url(deadline: Any) -> str:
    return reverse("reunification_episode", args=[deadline.episode_id]) if deadline.episode_id else ""


RULES = [
    DeadlineRule(
        kind="reunification_mid_point_supervision",
        label="Mid-point supervision on the Return Home Assessment",
        clock="halfway through the RHA timetable",
        amount=0,
        unit=Unit.DAYS,
        clocks=_mid_point_clocks,
        due=_halfway,
        extra_fields=("cf_end",),
        met_on=_activity_since_clock("mid_point_supervision"),
        met_by="Mid-point supervision recorded",
        url=_url,
    ),
    DeadlineRule(
        kind="reunification_planning_review",
        label="Reunification planning review",
        clock="the reunification planning meeting",
        amount=3,
        unit=Unit.MONTHS,
        clocks=_planning_meeting_clocks,
        met_on=_review_held,
        met_by="Reunification planning review held",
        url=_url,
    ),
    DeadlineRule(
        kind="reunification_rc3",
        label="Risk Classification 3",
        clock="the return home",
        amount=6,
        unit=Unit.MONTHS,
        clocks=_from_return,
        met_on=_rc3,
        met_by="Risk Classification 3 recorded",
        url=_url,
    ),
    DeadlineRule(
        kind="reunification_outcomes_sdq",
        label="Outcomes tool and SDQ",
        clock="the return home",
        amount=6,
        unit=Unit.MONTHS,
        clocks=_from_return,
        met_on=_activity_since_clock("outcomes_tool_sdq"),
        met_by="Outcomes tool and SDQ recorded",
        url=_url,
    ),
    DeadlineRule(
        kind="reunification_tac_meeting",
        label="Team around the Child meeting between reviews",
        clock="the return home, then each CIC / pathway plan review",
        amount=3,
        unit=Unit.MONTHS,
        clocks=_since_last_review,
        met_on=_tac_held,
        met_by="Team around the Child meeting held",
        url=_url,
    ),
    DeadlineRule(
        kind="reunification_review_after_return",
        label="CIC / pathway plan review after the return home",
        clock="the return home, then the last review (every six months)",
        amount=6,
        unit=Unit.MONTHS,
        clocks=_since_last_review,
        met_on=_review_after_return_held,
        met_by="Review held",
        url=_url,
    ),
    DeadlineRule(
        kind="reunification_high_risk_standing",
        label="High risk for six months: reclassify it (Severe?)",
        clock="Decision 2 at High",
        amount=6,
        unit=Unit.MONTHS,
        clocks=_high_at_decision_2,
        met_on=_reclassified,
        met_by="Risk reclassified",
        tell_roles=("service_manager",),
        url=_url,
    ),
]


def register() -> None:
    for rule in RULES:
        register_deadline_rule(rule)
