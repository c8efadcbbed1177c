"""The tracker dashboard: live counts over the children a viewer may see, each with the list of
children behind it. A fixed number of queries, whatever the number of children."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from caseflow.access import child_access_q
from caseflow.constants import Role
from caseflow.deadlines.registry import rule_for
from caseflow.models import Child, Deadline, DeadlineStatus, Team, User
from pathways.constants import ENDED_STAGES, Stage
from reports.services import parse_month


@dataclass
class Bar:
    label: str
    count: int
    metric: str
    value: str
    width: int = 0


@dataclass
class Panel:
    title: str
    bars: list[Bar] = field(default_factory=list)

    def scale(self) -> "Panel":
        top = max([bar.count for bar in self.bars] + [1])
        for bar in self.bars:
            bar.width = round(300 * bar.count / top)
        return self


@dataclass
class Trend:
    month: date
    entries: int
    returns_home: int
    exits: int


def scope(*, user: User, team: Team | None = None) -> QuerySet[Child]:
    """The children the dashboard counts: the viewer's access (a performance officer counts every
    child, but sees no names), narrowed to a team if chosen."""
    children = (
        Child.objects.all() if user.role == Role.PERFORMANCE_OFFICER else Child.objects.filter(child_access_q(user))
    )
    return children.filter(team=team) if team is not None else children


def teams_in(children: QuerySet[Child]) -> QuerySet[Team]:
    """The teams the dashboard may filter by: those with a child in scope (EXISTS stops at each
    team's first child, where a join made distinct would read every child)."""
    return Team.objects.filter(Exists(children.filter(team=OuterRef("pk")))).order_by("name")


def _among(queryset: QuerySet[Any], children: QuerySet[Child], field: str = "child") -> QuerySet[Any]:
    """Rows of these children only; no filter at all when the scope is every child (a director who
    sees every area, a performance officer), which spares reading every child for each count."""
    return queryset.filter(**{f"{field}__in": children}) if children.query.has_filters() else queryset


def _grouped(queryset: QuerySet[Any], key: str) -> dict[str, int]:
    """Children per value of `key`: each number is the length of the list of children behind it."""
    return dict(queryset.values_list(key).annotate(n=Count("child_id", distinct=True)).values_list(key, "n"))


def panels(*, children: QuerySet[Child]) -> list[Panel]:
    import pathways.selectors as pathway_selectors
    from pathways.constants import OPEN_STAGES, Stage
    from pathways.models import PathwayEpisode
    from reunification.constants import OPEN_STEPS, RiskLevel, Step
    from reunification.models import ReunificationEpisode, RiskClassification

    stages = _grouped(_among(PathwayEpisode.objects.filter(state__in=OPEN_STAGES), children), "state")
    steps = _grouped(_among(ReunificationEpisode.objects.filter(state__in=OPEN_STEPS), children), "state")
    overdue = _grouped(_among(Deadline.objects.filter(status=DeadlineStatus.OVERDUE), children), "kind")
    awaiting = (
        pathway_selectors.returns_awaiting_deputy_director_among(children=children)
        .values("child_id")
        .distinct()
        .count()
    )
    latest_level = (
        RiskClassification.objects.filter(episode=OuterRef("pk"), superseded_by__isnull=True)
        .order_by("-classified_on", "-recorded_at")
        .values("level")[:1]
    )
    levels = dict(
        _among(ReunificationEpisode.objects.filter(state__in=OPEN_STEPS), children)
        .annotate(level=Subquery(latest_level))
        .values_list("level")
        .annotate(n=Count("child_id", distinct=True))
        .values_list("level", "n")
    )
    return [
        Panel(
            "Children by Going Home pathway stage",
            [Bar(Stage(s).label, stages.get(s, 0), "pathway", s) for s in OPEN_STAGES],
        ).scale(),
        Panel(
            "Children by reunification step",
            [Bar(Step(s).label, steps.get(s, 0), "reunification", s) for s in OPEN_STEPS],
        ).scale(),
        Panel(
            "Overdue deadlines by kind",
            [
                Bar(rule_for(k).label if rule_for(k) else k, n, "overdue", k)  # type: ignore[union-attr]
                for k, n in sorted(overdue.items(), key=lambda item: -item[1])
            ],
        ).scale(),
        Panel(
            "Returns home waiting for the Deputy Director's agreement", [Bar("Waiting", awaiting, "awaiting_dd", "yes")]
        ).scale(),
        Panel(
            "Risk classification mix (open reunification episodes)",
            [Bar(RiskLevel(level).label, levels.get(level, 0), "risk", level) for level in RiskLevel]
            + [Bar("Not classified yet", levels.get(None, 0), "risk", "none")],
        ).scale(),
    ]


TREND_KINDS = {"entries": "Going Home pathway entries", "returns_home": "Returns home", "exits": "Exits"}
MOVES = {
    "entries": Q(history_type="+"),
    "returns_home": Q(state=Stage.STAGE_3) & ~Q(previous_state=Stage.STAGE_3),
    "exits": Q(state__in=ENDED_STAGES) & ~Q(previous_state__in=ENDED_STAGES),
}


def _moves(children: QuerySet[Child], kind: str | None = None) -> Any:
    """Pathway history rows that are a move of this kind: a start (entries), a move into stage 3
    (returns home) or into closed / left early (exits); a save within a state is not a move. Each
    row keeps the stage before it, so a move is found from the row alone."""
    from pathways.models import PathwayEpisode

    history = _among(PathwayEpisode.history.model.objects.all(), children, "child_id")
    return history.filter(MOVES[kind]) if kind else history


def _range(queryset: Any, start: date, end: date) -> Any:
    """Rows recorded from the first London day to the end of the last (on the history_date index)."""
    first = timezone.make_aware(datetime.combine(start, time.min))
    after = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return queryset.filter(history_date__gte=first, history_date__lt=after)


def trends(*, children: QuerySet[Child], start: date, end: date) -> list[Trend]:
    """Per month: the children with a pathway entry, return home or exit, from the pathway's history
    (one query for the three)."""
    counts = {kind: Count("child_id", distinct=True, filter=condition) for kind, condition in MOVES.items()}
    rows = _range(_moves(children), start, end).annotate(month=TruncMonth("history_date")).values("month")
    found = {_as_date(row["month"]): row for row in rows.annotate(**counts)}
    months, cursor = [], start.replace(day=1)
    while cursor <= end:
        row = found.get(cursor, {})
        months.append(Trend(cursor, row.get("entries", 0), row.get("returns_home", 0), row.get("exits", 0)))
        cursor += relativedelta(months=1)
    return months


def trend_children(*, children: QuerySet[Child], kind: str, month: date, start: date, end: date) -> QuerySet[Child]:
    """The children behind one month's trend number (within the dashboard's date range)."""
    first = max(month.replace(day=1), start)
    last = min(month.replace(day=1) + relativedelta(months=1) - timedelta(days=1), end)
    moves = _range(_moves(children, kind), first, last)
    return children.filter(pk__in=moves.values("child_id"))


def _as_date(value: Any) -> date:
    return value.date() if hasattr(value, "date") else value


def default_range() -> tuple[date, date]:
    today = timezone.localdate()
    return (today.replace(day=1) - relativedelta(months=11)), today


def drill_down(
    *, children: QuerySet[Child], metric: str, value: str, start: date | None = None, end: date | None = None
) -> QuerySet[Child]:
    """The children behind a number. A trend's value is '<kind>:<YYYY-MM>'."""
    import pathways.selectors as pathway_selectors
    from pathways.constants import OPEN_STAGES
    from reunification.constants import OPEN_STEPS

    if metric == "pathway" and value in OPEN_STAGES:
        return children.filter(pathway_episodes__state=value).distinct()
    if metric == "reunification" and value in OPEN_STEPS:
        return children.filter(reunification_episodes__state=value).distinct()
    if metric == "overdue":
        return children.filter(deadlines__kind=value, deadlines__status=DeadlineStatus.OVERDUE).distinct()
    if metric == "awaiting_dd":
        episodes = pathway_selectors.returns_awaiting_deputy_director_among(children=children)
        return children.filter(pk__in=episodes.values("child_id"))
    if metric == "risk":
        return _risk_children(children, value)
    if metric == "trend":
        kind, _, month_text = value.partition(":")
        first = parse_month(month_text)
        if kind in TREND_KINDS and first is not None:
            default_start, default_end = default_range()
            return trend_children(
                children=children, kind=kind, month=first, start=start or default_start, end=end or default_end
            )
    return children.none()


def _risk_children(children: QuerySet[Child], value: str) -> QuerySet[Child]:
    from reunification.constants import OPEN_STEPS
    from reunification.models import ReunificationEpisode, RiskClassification

    latest_level = (
        RiskClassification.objects.filter(episode=OuterRef("pk"), superseded_by__isnull=True)
        .order_by("-classified_on", "-recorded_at")
        .values("level")[:1]
    )
    episodes = ReunificationEpisode.objects.filter(child__in=children, state__in=OPEN_STEPS).annotate(
        level=Subquery(latest_level)
    )
    episodes = episodes.filter(level__isnull=True) if value == "none" else episodes.filter(level=value)
    return children.filter(pk__in=episodes.values("child_id"))


def within(start: date, end: date) -> tuple[date, date]:
    """A sane date range: at most three years, ending no later than today."""
    end = min(end, timezone.localdate())
    start = max(min(start, end), end - timedelta(days=3 * 366))
    return start, end
