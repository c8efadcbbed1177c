"""Deadlines met by meetings and the handbook's events (SPEC section 7), registered with the engine."""

from datetime import timedelta
from typing import Any

from django.db.models import DateField, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse

from caseflow.deadlines import expressions as ex
from caseflow.deadlines.periods import Unit
from caseflow.deadlines.registry import DeadlineRule, register_deadline_rule
from meetings.constants import MeetingType
from meetings.models import ChildEvent, CourtHearing, EventKind, MeetingChild

CHILD = OuterRef("child_id")


def _held(meeting_type: str, *, since_clock: bool = True, by_due: bool = False, after_clock: bool = False) -> Any:
    """Met on the date a meeting of this type was held for the child (after the clock started,
    or for a deadline counted back from a hearing, on or before the day it fell due)."""

    def met_on() -> Any:
        held = MeetingChild.objects.filter(child_id=CHILD, meeting_type=meeting_type)
        if after_clock:  # a recurring clock restarts at the meeting, which must not meet its own successor
            held = held.filter(held_on__gt=ex.CLOCK_DAY)
        elif since_clock:
            held = held.filter(held_on__gte=ex.CLOCK_DAY)
        if by_due:
            held = held.filter(held_on__lte=OuterRef("due_at__date"))
        return Subquery(held.order_by("held_on").values("held_on")[:1])

    return met_on


def _event(kind: str, *, before: bool = False, from_clock_day: bool = False) -> Any:
    """Met on the date of an event of this kind after the clock started (or, for a deadline counted
    back from an appointment, in the month before it). A clock that starts on a day, not at a
    moment, is met by an event any time on that day (`from_clock_day`): its clock is stamped at the
    day's end, and a plan agreed that morning must count."""

    def met_on() -> Any:
        events = ChildEvent.objects.filter(child_id=CHILD, kind=kind)
        if before:
            window = OuterRef("starts_at") - timedelta(days=31)
            events = events.filter(happened_at__lte=OuterRef("starts_at"), happened_at__gte=window)
        elif from_clock_day:
            events = events.filter(happened_at__date__gte=ex.CLOCK_DAY)
        else:
            events = events.filter(happened_at__gte=OuterRef("starts_at"))
        return Subquery(events.order_by("happened_at").annotate(on=TruncDate("happened_at")).values("on")[:1])

    return met_on


def _since_last(meeting_type: str) -> Any:
    """For children on the Going Home pathway: a clock from the last meeting of this type for the
    child, the first from stage 1 activation (MD supervision, and the pathway's cadence meetings)."""

    def clocks() -> Any:
        import pathways.selectors as pathways

        # The latest by the (child, type, date) index, read backwards: one entry per episode.
        held = MeetingChild.objects.filter(child=OuterRef("child_id"), meeting_type=meeting_type, held_on__isnull=False)
        last = held.order_by("-held_on").values("held_on")[:1]
        episodes = pathways.open_episodes().annotate(
            clock_on=Coalesce(Subquery(last, output_field=DateField()), TruncDate("activated_at"))
        )
        return ex.clocks(episodes, child="child_id", start="clock_on", key_parts=("id", "clock_on"), episode="id")

    return clocks


def _cadence(kind: str, label: str, meeting_type: str, amount: int, unit: Unit) -> DeadlineRule:
    return DeadlineRule(
        kind=kind,
        label=label,
        clock=f"the last {MeetingType(meeting_type).label} for the child (the first: stage 1 activation)",
        amount=amount,
        unit=unit,
        clocks=_since_last(meeting_type),
        met_on=_held(meeting_type, after_clock=True),
        met_by=f"{MeetingType(meeting_type).label} held",
        url=_child_url,
    )


def _looked_after_clocks() -> Any:
    """From the start of the current looked-after legal status."""
    from caseflow.constants import LegalStatus
    from caseflow.models import LegalStatusPeriod

    looked_after = [
        LegalStatus.S20,
        LegalStatus.INTERIM_CARE_ORDER,
        LegalStatus.CARE_ORDER,
        LegalStatus.PLACEMENT_ORDER,
    ]
    periods = LegalStatusPeriod.objects.filter(end_date__isnull=True, status__in=looked_after)
    return ex.clocks(periods, child="child_id", start="start_date", key_parts=("id",), episode=None)


def _second_review(clock: dict[str, Any]) -> Any:
    """The second CWCF review: the first within 20 working days, the second 3 months after it."""
    from caseflow.deadlines.periods import add_working_days, end_of_day

    first = add_working_days(clock["cf_start"], 20)
    from dateutil.relativedelta import relativedelta

    return end_of_day(first + relativedelta(months=3))


def _final_hearings(*, contested: bool) -> Any:
    hearings = CourtHearing.objects.filter(is_final=True, likely_contested=contested)
    return ex.clocks(hearings, child="child_id", start="hearing_on", key_parts=("id", "hearing_on"), episode=None)


def _events(kind: str, **filters: Any) -> Any:
    events = ChildEvent.objects.filter(kind=kind, **filters)
    return ex.clocks(events, child="child_id", start="happened_at", key_parts=("id",), episode=None)


def _cin_review_clocks() -> Any:
    """From each reviewed child's last Child in Need review (only children with a review are looked
    at: most children have none)."""
    from caseflow.models import Child

    reviews = MeetingChild.objects.filter(meeting_type=MeetingType.CIN_REVIEW)
    last = reviews.filter(child=OuterRef("pk"), held_on__isnull=False).order_by("-held_on").values("held_on")[:1]
    reviewed = Child.objects.filter(pk__in=reviews.values("child_id")).annotate(last_review=Subquery(last))
    return ex.clocks(reviewed, child="id", start="last_review", key_parts=("id", "last_review"), episode=None)


def _next_step_clocks() -> Any:
    from meetings.models import NextStep

    return ex.clocks(NextStep.objects.all(), child="child_id", start="due_on", key_parts=("id",), episode=None)


def _next_step_done() -> Any:
    from django.db.models import IntegerField
    from django.db.models.functions import Cast

    from meetings.models import NextStep

    steps = NextStep.objects.filter(pk=Cast(OuterRef("clock_key"), IntegerField()), done_on__isnull=False)
    return Subquery(steps.values("done_on")[:1])


def _child_url(deadline: Any) -> str:
    return reverse("child_meetings", args=[deadline.child_id])


RULES = [
    DeadlineRule(
        kind="next_step",
        label="Next step from a mapping or safety plan",
        clock="the date the next step was agreed for",
        amount=0,
        unit=Unit.DAYS,
        clocks=_next_step_clocks,
        met_on=_next_step_done,
        met_by="Next step done",
        url=lambda deadline: reverse("safety_overview", args=[deadline.child_id]),
    ),
    _cadence("md_supervision", "MD supervision", MeetingType.MD_SUPERVISION, 8, Unit.WEEKS),
    _cadence("tracker_review", "Review at the Going Home tracker meeting", MeetingType.TRACKER, 1, Unit.WEEKS),
    _cadence("support_meeting", "Going Home support meeting", MeetingType.SUPPORT, 1, Unit.MONTHS),
    _cadence("dd_meeting", "Going Home Deputy Director meeting", MeetingType.DD_MEETING, 1, Unit.MONTHS),
    _cadence(
        "lifelong_links_tracker", "Lifelong Links tracker meeting", MeetingType.LIFELONG_LINKS_TRACKER, 1, Unit.MONTHS
    ),  # fmt: skip
    DeadlineRule(
        kind="permanence_plan",
        label="Permanence plan",
        clock="becoming looked after (due by the second CWCF review)",
        amount=0,
        unit=Unit.DAYS,
        clocks=_looked_after_clocks,
        due=_second_review,
        met_on=_event(EventKind.PERMANENCE_PLAN, from_clock_day=True),
        met_by="Permanence plan agreed",
        url=_child_url,
    ),
    DeadlineRule(
        kind="care_planning_meeting",
        label="Care planning meeting before the final hearing",
        clock="the final court hearing",
        amount=3,
        unit=Unit.WEEKS,
        before=True,
        clocks=lambda: _final_hearings(contested=False),
        met_on=_held(MeetingType.CARE_PLANNING, since_clock=False, by_due=True),
        met_by="Care planning meeting held",
        tell_roles=("service_manager",),
        url=_child_url,
    ),
    DeadlineRule(
        kind="care_planning_meeting_contested",
        label="Care planning meeting before a contested final hearing",
        clock="the final court hearing, likely contested",
        amount=5,
        unit=Unit.WEEKS,
        before=True,
        clocks=lambda: _final_hearings(contested=True),
        met_on=_held(MeetingType.CARE_PLANNING, since_clock=False, by_due=True),
        met_by="Care planning meeting held",
        tell_roles=("service_manager",),
        url=_child_url,
    ),
    DeadlineRule(
        kind="first_visit",
        label="First visit to the family",
        clock="the referral",
        amount=5,
        unit=Unit.WORKING_DAYS,
        clocks=lambda: _events(EventKind.REFERRAL),
        met_on=_event(EventKind.FIRST_VISIT),
        met_by="First visit recorded",
        url=_child_url,
    ),
    DeadlineRule(
        kind="family_network_meeting",
        label="Family network meeting",
        clock="the assessment start, where the initial visit confirmed worries about safety",
        amount=10,
        unit=Unit.DAYS,
        clocks=lambda: _events(EventKind.ASSESSMENT_STARTED, safety_worries=True),
        met_on=_held(MeetingType.FAMILY_NETWORK),
        met_by="Family network meeting held",
        url=_child_url,
    ),
    DeadlineRule(
        kind="taf_meeting",
        label="Team around the family meeting",
        clock="allocation to a family worker",
        amount=6,
        unit=Unit.DAYS,
        clocks=lambda: _events(EventKind.ALLOCATED_FAMILY_WORKER),
        met_on=_held(MeetingType.TAF),
        met_by="Team around the family meeting held",
        url=_child_url,
    ),
    DeadlineRule(
        kind="conference_reports_shared",
        label="Reports shared with the family before the child protection conference",
        clock="the child protection conference",
        amount=3,
        unit=Unit.DAYS,
        before=True,
        clocks=lambda: _events(EventKind.CP_CONFERENCE_BOOKED),
        met_on=_event(EventKind.REPORTS_SHARED, before=True),
        met_by="Reports shared",
        url=_child_url,
    ),
    DeadlineRule(
        kind="cin_review",
        label="Child in Need review",
        clock="the last Child in Need review",
        amount=3,
        unit=Unit.MONTHS,
        clocks=_cin_review_clocks,
        met_on=_held(MeetingType.CIN_REVIEW, after_clock=True),
        met_by="Child in Need review held",
        url=_child_url,
    ),
    DeadlineRule(
        kind="call_returned",
        label="Family's call returned",
        clock="the family's call",
        amount=24,
        unit=Unit.HOURS,
        clocks=lambda: _events(EventKind.FAMILY_CALL),
        met_on=_event(EventKind.CALL_RETURNED),
        met_by="Call returned",
        url=_child_url,
    ),
]


def register() -> None:
    for rule in RULES:
        register_deadline_rule(rule)
