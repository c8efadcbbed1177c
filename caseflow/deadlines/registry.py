"""Deadline rules, declared once each by the app whose records start and meet them.

A rule names its kind, its default period, where its clock starts (a queryset of clocks with
the fields below annotated), and what meets it (an SQL expression giving the date it was met).
Periods are configuration: `DeadlinePeriod` rows an administrator sees and edits.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from caseflow.deadlines.periods import Unit

# A rule's clocks queryset annotates these four names:
#   cf_child (the child's id), cf_key (unique per clock for that child), cf_start (a date or
#   datetime the clock starts), cf_episode (the episode's id, or None).


@dataclass(frozen=True)
class DeadlineRule:
    kind: str
    label: str  # what is due, in words: "Placement planning meeting"
    clock: str  # where the clock starts, in words: "stage 1 activation"
    amount: int
    unit: Unit
    clocks: Callable[[], QuerySet[Any]]
    # An expression over a Deadline row (OuterRef("episode_id"), OuterRef("child_id"),
    # OuterRef("starts_at")) giving the date the deadline was met, or NULL.
    met_on: Callable[[], Any] | None = None
    met_by: str = ""  # what met it, in words
    before: bool = False  # counts back from the clock (60 days before a planned return)
    tell_roles: tuple[str, ...] = field(default=())  # roles told besides the SW and their TM
    # For a period that is not fixed (half of an assessment's timetable): due from a clock row.
    due: Callable[[dict[str, Any]], Any] | None = None
    extra_fields: tuple[str, ...] = ()  # further annotations `due` reads
    # The page where it is met, from the deadline row alone (the child page caches its deadlines
    # section by the rows' values).
    url: Callable[[Any], str] | None = None


_rules: dict[str, DeadlineRule] = {}


def register_deadline_rule(rule: DeadlineRule) -> DeadlineRule:
    _rules[rule.kind] = rule
    return rule


def rules() -> list[DeadlineRule]:
    return list(_rules.values())


def rule_for(kind: str) -> DeadlineRule | None:
    return _rules.get(kind)
