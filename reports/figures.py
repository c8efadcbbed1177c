"""The POB impact figures (SPEC section 9), each computed as of the end of a month from the
history tables, overall and by team. Each figure has its definition beside it.

Everything here reads; nothing writes. Other apps' records are read through their models'
history, which is the record of what was known at the time.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Count, F, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from caseflow.models import Child, Deadline, DeadlineStatus, Team
from reports.models import MonthEndTeam

OVERALL = "all"


@dataclass
class Row:
    label: str
    values: dict[str, float] = field(default_factory=dict)  # team id (as text) or OVERALL -> value


@dataclass
class Section:
    key: str
    title: str
    definition: str
    unit: str = "children"  # or "%" or "days"
    rows: list[Row] = field(default_factory=list)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The first moment of the month and the first moment of the next, in London time."""
    start = timezone.make_aware(datetime.combine(month.replace(day=1), time.min))
    return start, timezone.make_aware(datetime.combine(month.replace(day=1) + relativedelta(months=1), time.min))


def _latest_rows(history_model: Any, end: datetime, **filters: Any) -> Any:
    """Each record's last historical row before `end` (what was known at the month's end) that
    meets `filters`. Only records with some such row are looked at: a record whose rows never
    met them cannot have a last row that does (so a month's Lifelong Links referrals read the
    rows of those actions, not every action's history)."""
    manager = history_model._default_manager
    before = manager.filter(history_date__lt=end)
    if filters:
        before = before.filter(id__in=before.filter(**filters).values("id"))
    last = before.values("id").annotate(last=Max("history_id")).values("last")
    return manager.filter(history_id__in=last, **filters).exclude(history_type="-")


_TEAMS = MonthEndTeam._meta.db_table


@contextmanager
def month_end_teams(end: datetime) -> Iterator[None]:
    """Each child's team at the month's end, from the child's history, in a temporary table of
    this connection (`MonthEndTeam`) for as long as the figures take: each figure then counts by
    team in the database, where reading a hundred thousand children's teams into Python would not."""
    sql, params = _latest_rows(Child.history.model, end).values("id", "team_id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_TEAMS}")
        cursor.execute(f"CREATE TEMPORARY TABLE {_TEAMS} AS {sql}", params)
        cursor.execute(f"CREATE UNIQUE INDEX {_TEAMS}_child ON {_TEAMS} (id)")
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {_TEAMS}")  # a temporary table has no statistics until asked
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {_TEAMS}")


def _team(child: str = "child") -> str:
    """The path from a record to its child's team at the month's end (None for a child not known then)."""
    return f"{child}__month_end_team__team_id"


def _add(counts: dict[str, Counter[str]], label: str, team: Any, n: int = 1) -> None:
    if team is None:  # a child not known at the month's end is not counted
        return
    counts[label][str(team)] += n
    counts[label][OVERALL] += n


def _counted(rows: Iterable[tuple[Any, ...]], label: Callable[..., str]) -> dict[str, Counter[str]]:
    """label -> team -> count, from rows of (the label's values..., team, count)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for *values, team, n in rows:
        _add(counts, label(*values), team, n)
    return counts


def _count(pairs: Iterable[tuple[str, Any]]) -> dict[str, Counter[str]]:
    """label -> team -> count, from (label, team) pairs."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for label, team in pairs:
        _add(counts, label, team)
    return counts


def _rows(counts: dict[str, Counter[str]], labels: list[str] | None = None) -> list[Row]:
    keys = labels if labels is not None else sorted(counts)
    return [Row(label=label, values=dict(counts.get(label, Counter()))) for label in keys]


@dataclass
class Transition:
    record_id: Any
    team: Any
    before: str | None
    after: str
    at: datetime
    unplanned_return: bool


def transitions(history_model: Any, start: datetime, end: datetime) -> list[Transition]:
    """State changes (including creation) recorded in [start, end), from the history table, each
    with the child's team at the month's end."""
    manager = history_model._default_manager
    touched = manager.filter(history_date__gte=start, history_date__lt=end).values("id")
    rows = (
        manager.filter(id__in=touched, history_date__lt=end)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "state", "history_date", "history_type", "unplanned_return", _team())
    )
    found: list[Transition] = []
    previous: dict[Any, str] = {}
    for record_id, state, at, history_type, unplanned, team in rows.iterator(chunk_size=2000):
        before = previous.get(record_id)
        if at >= start and history_type != "-" and state != before:
            found.append(Transition(record_id, team, before, state, at, unplanned))
        previous[record_id] = state
    return found


def _pathway_figures(start: datetime, end: datetime) -> list[Section]:
    from pathways.constants import Stage
    from pathways.models import PathwayEpisode

    history = PathwayEpisode.history.model
    labels = [stage.label for stage in Stage]
    at_end = _latest_rows(history, end)
    state_counts = _counted(
        at_end.values_list("state", _team()).annotate(n=Count("pk")), lambda state: Stage(state).label
    )

    changes = transitions(history, start, end)
    entries = _count((Stage(t.after).label, t.team) for t in changes)
    exits = _count((Stage(t.before).label, t.team) for t in changes if t.before)
    home = _count(
        ("Unplanned return" if t.unplanned_return else "Planned return", t.team)
        for t in changes
        if t.after == Stage.STAGE_3
    )

    # Counted in the database by the day each stage was entered (London time), so the medians are
    # worked out from a few thousand (day, number) pairs, not a row per child.
    last_day = (end - timedelta(days=1)).date()
    days: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    entered = (
        at_end.exclude(state__in=[Stage.CLOSED, Stage.EXITED])
        .annotate(entered=TruncDate("state_entered_at"))
        .values_list("state", "entered", _team())
        .annotate(n=Count("pk"))
    )
    for state, day, team, n in entered:
        if team is None:
            continue
        stay = [(last_day - day).days] * n
        days[Stage(state).label][str(team)].extend(stay)
        days[Stage(state).label][OVERALL].extend(stay)
    medians = [
        Row(label, {team: float(median(v)) for team, v in days[label].items()}) for label in labels if label in days
    ]

    month_words = f"{start:%B %Y}"
    return [
        Section(
            "pathway_states",
            "Children in each pathway stage at the month's end",
            f"Going Home pathway episodes, counted by the stage recorded at the end of {month_words}.",
            rows=_rows(state_counts, labels),
        ),
        Section(
            "pathway_entries",
            "Entries into each stage",
            f"Episodes that moved into the stage (or started, for stage 1) during {month_words}.",
            rows=_rows(entries, labels),
        ),
        Section(
            "pathway_exits",
            "Exits from each stage",
            f"Episodes that moved out of the stage during {month_words}.",
            rows=_rows(exits, labels),
        ),
        Section(
            "returns_home",
            "Returns home",
            f"Episodes that reached stage 3 (living at home) during {month_words}, planned or unplanned.",
            rows=_rows(home, ["Planned return", "Unplanned return"]),
        ),
        Section(
            "median_days",
            "Median days in each stage",
            f"For the children in each stage at the end of {month_words}: the median number of days from the "
            "day they entered it to the month's last day.",
            unit="days",
            rows=medians,
        ),
    ]


def _reunification_figures(start: datetime, end: datetime) -> list[Section]:
    from reunification.constants import DecisionKind, Outcome, RiskLevel
    from reunification.models import ReunificationDecision, RiskClassification

    first, last = start.date(), (end - timedelta(days=1)).date()
    team = _team("episode__child")
    # A correction recorded by the month's end replaces what it corrects (each is counted once).
    decisions = (
        ReunificationDecision.objects.filter(
            kind__in=[DecisionKind.DECISION_1, DecisionKind.DECISION_2, DecisionKind.DECISION_3],
            decided_on__range=(first, last),
            recorded_at__lt=end,
        )
        .exclude(superseded_by__recorded_at__lt=end)
        .values_list("kind", "outcome", "risk_level", team)
        .annotate(n=Count("pk"))
    )
    decision_counts = _counted(
        decisions,
        lambda kind, outcome, level: (
            f"{DecisionKind(kind).label}: {Outcome(outcome).label}" + (f" ({RiskLevel(level).label})" if level else "")
        ),
    )
    levels = (
        RiskClassification.objects.filter(classified_on__range=(first, last), recorded_at__lt=end)
        .exclude(superseded_by__recorded_at__lt=end)
        .values_list("level", team)
        .annotate(n=Count("pk"))
    )
    level_counts = _counted(levels, lambda level: RiskLevel(level).label)
    month_words = f"{start:%B %Y}"
    return [
        Section(
            "reunification_decisions",
            "Reunification decisions made and their outcomes",
            f"Decisions 1, 2 and 3 dated in {month_words} and recorded by its end, by outcome (and the risk "
            "level a decision confirmed); a decision corrected by then counts as its correction.",
            rows=_rows(decision_counts),
        ),
        Section(
            "risk_levels",
            "Risk classification levels",
            f"Risk classifications dated in {month_words} and recorded by its end, by level; one corrected by "
            "then counts as its correction.",
            rows=_rows(level_counts, [level.label for level in RiskLevel]),
        ),
    ]


def _deadline_figures(start: datetime, end: datetime) -> list[Section]:
    from caseflow.deadlines.registry import rule_for

    last_day = (end - timedelta(days=1)).date()
    # Counted per kind and team in the database (a month's deadlines, and every deadline ever due
    # for those overdue, are many more rows than kinds and teams).
    due = (
        Deadline.objects.filter(due_at__gte=start, due_at__lt=end)
        .exclude(status=DeadlineStatus.CANCELLED)
        .exclude(waived_at__lt=end)
        .annotate(due_day=TruncDate("due_at"))
        .values_list("kind", _team())
        .annotate(n=Count("id"), on_time=Count("id", filter=Q(met_on__lte=F("due_day"))))
    )
    # Not met by the month's last day and not waived by its end.
    overdue = (
        Deadline.objects.filter(due_at__lt=end)
        .exclude(status=DeadlineStatus.CANCELLED)
        .exclude(met_on__lte=last_day)
        .exclude(waived_at__lt=end)
        .values_list("kind", _team())
        .annotate(n=Count("id"))
    )
    labels: dict[str, str] = {}

    def label(kind: str) -> str:
        if kind not in labels:
            rule = rule_for(kind)
            labels[kind] = rule.label if rule else kind
        return labels[kind]

    met: dict[str, Counter[str]] = defaultdict(Counter)
    total: dict[str, Counter[str]] = defaultdict(Counter)
    for kind, team, count, on_time in due:
        _add(total, label(kind), team, count)
        _add(met, label(kind), team, on_time)
    on_time_rows = [
        Row(name, {key: round(100 * met[name][key] / count, 1) for key, count in total[name].items()})
        for name in sorted(total)
    ]
    overdue_counts = _counted(overdue, label)
    month_words = f"{start:%B %Y}"
    return [
        Section(
            "deadlines_on_time",
            "Deadlines met on time (%)",
            f"Of the deadlines due in {month_words} (not waived), the share met on or before the day they fell due.",
            unit="%",
            rows=on_time_rows,
        ),
        Section(
            "deadlines_overdue",
            "Deadlines overdue at the month's end",
            f"Deadlines due before the end of {month_words}, not met and not waived by then.",
            rows=_rows(overdue_counts),
        ),
    ]


def _practice_figures(start: datetime, end: datetime) -> list[Section]:
    from meetings.constants import MeetingType
    from meetings.models import Meeting, MeetingChild
    from pathways.constants import ActionStatus, Stage
    from pathways.models import PathwayAction, PathwayEpisode

    first, last = start.date(), (end - timedelta(days=1)).date()
    referrals = _latest_rows(
        PathwayAction.history.model,
        end,
        key="lifelong_links_referral",
        status=ActionStatus.DONE,
        done_on__range=(first, last),
    ).values_list(_team("episode__child"), flat=True)
    links = _count(("Lifelong Links referrals", team) for team in referrals)
    # As recorded by the month's end: an FGC written up later counts in a later version, and says so.
    held = _latest_rows(
        Meeting.history.model,
        end,
        meeting_type__in=[MeetingType.FGC, MeetingType.REVIEW_FGC],
        held_on__range=(first, last),
    ).values("id")
    fgcs = _latest_rows(MeetingChild.history.model, end, meeting_id__in=held).values_list(_team(), flat=True)
    fgc_counts = _count(("Children with an FGC held", team) for team in fgcs)

    # Back in care within 12 months: a new episode started this month for a child who went home
    # (reached stage 3) in the 12 months before.
    history = PathwayEpisode.history.model
    started = history.objects.filter(history_type="+", history_date__gte=start, history_date__lt=end)
    went_home = history.objects.filter(
        state=Stage.STAGE_3, history_date__lt=end, history_date__gte=start - relativedelta(months=12)
    )
    home_dates = defaultdict(list)
    for child_id, at in went_home.values_list("child_id", "history_date"):
        home_dates[child_id].append(at)
    back = _count(
        ("Came back into care within 12 months of going home", team)
        for child_id, started_at, team in started.values_list("child_id", "history_date", _team())
        if any(at < started_at and at >= started_at - relativedelta(months=12) for at in home_dates.get(child_id, []))
    )
    month_words = f"{start:%B %Y}"
    return [
        Section(
            "lifelong_links",
            "Lifelong Links referrals",
            f"Lifelong Links referrals recorded as done, dated in {month_words}.",
            rows=_rows(links),
        ),
        Section(
            "fgcs",
            "Family Group Conferences held",
            f"Children discussed at a Family Group Conference or review FGC held in {month_words} and recorded "
            "by its end.",
            rows=_rows(fgc_counts),
        ),
        Section(
            "back_in_care",
            "Children who came back into care within 12 months of going home",
            f"Children whose new Going Home pathway started in {month_words}, having gone home (stage 3) in "
            "the 12 months before.",
            rows=_rows(back),
        ),
    ]


STEPS: list[tuple[str, Callable[[datetime, datetime], list[Section]]]] = [
    ("Pathway stages, entries, exits and returns home", _pathway_figures),
    ("Reunification decisions and risk levels", _reunification_figures),
    ("Deadlines", _deadline_figures),
    ("Lifelong Links, FGCs and returns to care", _practice_figures),
]


def compute(month: date, *, progress: Callable[[int, str], None] | None = None) -> list[Section]:
    start, end = month_bounds(month)
    sections: list[Section] = []
    with month_end_teams(end):
        for index, (words, step) in enumerate(STEPS):
            if progress:
                progress(int(100 * index / len(STEPS)), words)
            sections.extend(step(start, end))
    return sections


def team_names() -> dict[str, str]:
    return {str(pk): name for pk, name in Team.objects.values_list("id", "name")}
