"""Reads for Signs of Safety: the child's framework, mappings, scaling series, safety plans and
the child-friendly outputs."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from caseflow.access import child_access_q
from caseflow.models import Child, User
from meetings.constants import MeetingType
from meetings.models import Mapping, MappingStatus, Meeting, NextStep, SafetyPlan, Score, Statement, WordingChoice
from meetings.wording import WORDING, Framework, Wording, default_framework


def legal_status(child: Child) -> str | None:
    current = getattr(child, "current_legal_status", None)
    if current is not None:
        return str(current)
    return child.legal_statuses.filter(end_date__isnull=True).values_list("status", flat=True).first()


def current_framework(child: Child) -> tuple[Framework, WordingChoice | None]:
    """The child's framework: the latest recorded choice, else the handbook's default."""
    choice = child.wording_choices.first()
    if choice is not None:
        return Framework(choice.framework), choice
    return default_framework(
        area_of_work=child.area_of_work, legal_status=legal_status(child), safeguarding=False
    ), None


def wording_for(mapping: Mapping) -> Wording:
    return WORDING[Framework(mapping.framework)]


def latest_mapping(child: Child, *, final_only: bool = False) -> Mapping | None:
    mappings = child.mappings.order_by("-mapped_on", "-finalised_at")
    if final_only:
        mappings = mappings.filter(status=MappingStatus.FINAL)
    return mappings.first()


def _visible(user: User) -> QuerySet[Child]:
    return Child.objects.filter(child_access_q(user))


def mapping_get_for_user(*, user: User, mapping_id: UUID) -> Mapping:
    mapping = Mapping.objects.filter(pk=mapping_id, child__in=_visible(user)).select_related("child").first()
    if mapping is None:
        raise Http404("No mapping found")
    return mapping


def statement_get_for_user(*, user: User, statement_id: int) -> Statement:
    statement = (
        Statement.objects.filter(pk=statement_id, mapping__child__in=_visible(user))
        .select_related("mapping", "mapping__child")
        .first()
    )
    if statement is None:
        raise Http404("No statement found")
    return statement


def plan_get_for_user(*, user: User, plan_id: int) -> SafetyPlan:
    plan = SafetyPlan.objects.filter(pk=plan_id, child__in=_visible(user)).select_related("child").first()
    if plan is None:
        raise Http404("No safety plan found")
    return plan


def statements_side_by_side(
    *, before: Mapping | None, after: Mapping
) -> list[tuple[Statement | None, Statement | None]]:
    """Each statement beside its earlier self (a copy shares its thread); new and dropped ones alone."""
    earlier = {s.thread: s for s in before.statements.all()} if before else {}
    pairs: list[tuple[Statement | None, Statement | None]] = []
    for statement in after.statements.all():
        pairs.append((earlier.pop(statement.thread, None), statement))
    return [*pairs, *((old, None) for old in earlier.values())]


# -- scaling over time --

# Keep in step with CHART in meetings.registrations (the template draws the axes from it).
CHART_WIDTH, CHART_HEIGHT, PAD = 560, 240, 36
PALETTE = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#5694ca", "#912b88", "#28a197"]


@dataclass
class Line:
    scorer: str
    colour: str
    points: list[tuple[date, int]]
    svg_points: str = ""


@dataclass
class Series:
    """One statement's scores over time: a line per person, and the same numbers as a table."""

    statement: Statement
    lines: list[Line]
    dates: list[date]
    table: list[tuple[date, list[int | None]]] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)


def _geometry(series: Series) -> None:
    dates = series.dates
    span = max((dates[-1] - dates[0]).days, 1) if dates else 1
    inner_w, inner_h = CHART_WIDTH - 2 * PAD, CHART_HEIGHT - 2 * PAD

    def x(day: date) -> float:
        return PAD + inner_w * ((day - dates[0]).days / span if len(dates) > 1 else 0.5)

    def y(score: int) -> float:
        return PAD + inner_h * (1 - score / 10)

    for line in series.lines:
        line.svg_points = " ".join(f"{x(day):.1f},{y(score):.1f}" for day, score in line.points)
    series.x_labels = [(x(day), f"{day:%-d %b %Y}") for day in dates]


def scaling_series(*, child: Child) -> list[Series]:
    """For each statement (followed across mappings by its thread), every score by every person."""
    statements = list(Statement.objects.filter(mapping__child=child).select_related("mapping").order_by("id"))
    latest_by_thread: dict[Any, Statement] = {}
    for statement in statements:
        latest_by_thread[statement.thread] = statement
    scores = Score.objects.filter(statement__mapping__child=child).select_related("by_user", "by_person", "statement")
    by_thread: dict[Any, dict[str, list[tuple[date, int]]]] = defaultdict(lambda: defaultdict(list))
    for score in scores.order_by("scored_on", "id"):
        by_thread[score.statement.thread][score.scorer].append((score.scored_on, score.score))
    result = []
    for thread, statement in latest_by_thread.items():
        people = by_thread.get(thread, {})
        if not people:
            continue
        lines = [
            Line(scorer=scorer, colour=PALETTE[index % len(PALETTE)], points=points)
            for index, (scorer, points) in enumerate(sorted(people.items()))
        ]
        dates = sorted({day for line in lines for day, _ in line.points})
        table = [(day, [dict(line.points).get(day) for line in lines]) for day in dates]
        series = Series(statement=statement, lines=lines, dates=dates, table=table)
        _geometry(series)
        result.append(series)
    return result


def plan_mapping(child: Child) -> Mapping | None:
    """The mapping a safety plan answers: the latest finalised one, else the draft in progress."""
    return latest_mapping(child, final_only=True) or latest_mapping(child)


def family_network_meetings(child: Child) -> QuerySet[Meeting]:
    """The family network meetings (rapid ones too) held about this child, latest first."""
    return Meeting.objects.filter(
        discussed__child=child, meeting_type__in=[MeetingType.FAMILY_NETWORK, MeetingType.RAPID_FAMILY_NETWORK]
    ).order_by("-held_on")


def uncovered_statements(*, plan: SafetyPlan) -> list[Statement]:
    """Statements of the mapping the plan answers that no rule of this plan addresses."""
    mapping = plan_mapping(plan.child)
    if mapping is None:
        return []
    addressed_threads = set(Statement.objects.filter(plan_rules__plan=plan).values_list("thread", flat=True))
    return [s for s in mapping.statements.all() if s.thread not in addressed_threads]


def open_next_steps(*, user: User) -> QuerySet[NextStep]:
    return NextStep.objects.filter(owner=user, done_on__isnull=True).select_related("child").order_by("due_on")


@dataclass
class YoungPersonsReport:
    child: Child
    worries: list[str]
    going_well: list[str]
    next_steps: list[NextStep]
    trusted_adult: str | None
    wording: Wording | None


def _trusted_adult(child: Child) -> Any:
    """The Trusted Adult named in the reunification assessment, else the one marked in the network."""
    import reunification.selectors as reunification

    for episode in reunification.episodes_for_child(child=child):
        if episode.trusted_adult_id is not None:
            return episode.trusted_adult
    return child.network.filter(is_trusted_adult=True).first()


def young_persons_report(*, child: Child) -> YoungPersonsReport:
    mapping = latest_mapping(child, final_only=True) or latest_mapping(child)
    worries = [s.worry for s in mapping.statements.all()] if mapping else []
    going_well = [text for text in (mapping.existing_strengths, mapping.existing_safety) if text] if mapping else []
    adult = _trusted_adult(child)
    return YoungPersonsReport(
        child=child,
        worries=worries,
        going_well=going_well,
        next_steps=list(child.next_steps.filter(done_on__isnull=True).select_related("owner")),
        trusted_adult=adult.name if adult else None,
        wording=wording_for(mapping) if mapping else None,
    )
