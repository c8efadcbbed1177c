"""The tracker dashboard: live counts over the children a viewer may see, each with the list of
children behind it. A fixed number of queries, whatever the number of children."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from caseflow.access import child_access_q
from caseflow.constants import Role
from caseflow.deadlines.registry import rule_for
from caseflow.models import Child, Deadline, DeadlineStatus, Team, User


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


def _grouped(queryset: QuerySet[Any], key: str) -> dict[str, int]:
    return dict(queryset.values_list(key).annotate(n=Count("pk")).values_list(key, "n"))


def panels(*, children: QuerySet[Child]) -> list[Panel]:
    import pathways.selectors as pathway_selectors
    from pathways.constants import OPEN_STAGES, Stage
    from pathways.models import PathwayEpisode
    from reunification.constants import OPEN_STEPS, RiskLevel, Step
    from reunification.models import ReunificationEpisode, RiskClassification

    stages = _grouped(PathwayEpisode.objects.filter(child__in=children, state__in=OPEN_STAGES), "state")
    steps = _grouped(ReunificationEpisode.objects.filter(child__in=children, state__in=OPEN_STEPS), "state")
    overdue = _grouped(Deadline.objects.filter(child__in=children, status=DeadlineStatus.OVERDUE), "kind")
    awaiting = pathway_selectors.returns_awaiting_deputy_director_among(children=children).count()
    latest_level = (
        RiskClassification.objects.filter(episode=OuterRef("pk"), superseded_by__isnull=True)
        .order_by("-classified_on", "-recorded_at")
        .values("level")[:1]
    )
    levels = dict(
        ReunificationEpisode.objects.filter(child__in=children, state__in=OPEN_STEPS)
        .annotate(level=Subquery(latest_level))
        .values_list("level")
        .annotate(n=Count("pk"))
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


def trends(*, children: QuerySet[Child], start: date, end: date) -> list[Trend]:
    """Per month: pathway entries (stage 1 starts), returns home (moves into stage 3) and exits
    (moves to closed or left early), from the pathway's history."""
    from pathways.constants import Stage
    from pathways.models import PathwayEpisode

    model = PathwayEpisode.history.model
    before = model.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
        "-history_date", "-history_id"
    )
    # The state before each change ('' for the first row), to count moves into a state, not saves in it.
    history = model.objects.filter(child_id__in=children.values("pk")).annotate(
        previous_state=Coalesce(Subquery(before.values("state")[:1]), Value(""))
    )

    def per_month(queryset: Any) -> dict[date, int]:
        in_range = queryset.filter(history_date__date__gte=start, history_date__date__lte=end)
        rows = in_range.annotate(month=TruncMonth("history_date")).values("month").annotate(n=Count("history_id"))
        return {_as_date(row["month"]): row["n"] for row in rows}

    ended = [Stage.CLOSED, Stage.EXITED]
    entries = per_month(history.filter(history_type="+"))
    home = per_month(history.filter(state=Stage.STAGE_3).exclude(previous_state=Stage.STAGE_3))
    exits = per_month(history.filter(state__in=ended).exclude(previous_state__in=ended))
    months, cursor = [], start.replace(day=1)
    while cursor <= end:
        months.append(Trend(cursor, entries.get(cursor, 0), home.get(cursor, 0), exits.get(cursor, 0)))
        cursor += relativedelta(months=1)
    return months


def _as_date(value: Any) -> date:
    return value.date() if hasattr(value, "date") else value


def default_range() -> tuple[date, date]:
    today = timezone.localdate()
    return (today.replace(day=1) - relativedelta(months=11)), today


def drill_down(*, children: QuerySet[Child], metric: str, value: str) -> QuerySet[Child]:
    """The children behind a number."""
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
