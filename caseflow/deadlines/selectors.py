"""Reads of deadlines, scoped to the children the user may see."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from caseflow.access import child_access_q
from caseflow.deadlines.registry import rule_for
from caseflow.models import Child, Deadline, DeadlineStatus, User

LIVE = [DeadlineStatus.OPEN, DeadlineStatus.OVERDUE]
DUE_SOON = timedelta(days=14)


def label(kind: str) -> str:
    rule = rule_for(kind)
    return rule.label if rule else kind.replace("_", " ")


@dataclass
class DeadlineRow:
    deadline: Deadline
    label: str
    url: str


def _rows(queryset: QuerySet[Deadline]) -> list[DeadlineRow]:
    rows = []
    for deadline in queryset:
        rule = rule_for(deadline.kind)
        url = rule.url(deadline) if rule and rule.url else ""
        rows.append(DeadlineRow(deadline=deadline, label=label(deadline.kind), url=url or ""))
    return rows


def _overdue_first(queryset: QuerySet[Deadline]) -> QuerySet[Deadline]:
    order = Case(When(status=DeadlineStatus.OVERDUE, then=Value(0)), default=Value(1), output_field=IntegerField())
    return queryset.annotate(overdue_first=order).order_by("overdue_first", "due_at")


def my_deadlines(*, user: User, limit: int = 50) -> list[DeadlineRow]:
    """Live deadlines for the children allocated to me: overdue first, then due within two weeks."""
    soon = timezone.now() + DUE_SOON
    mine = Deadline.objects.filter(
        child__allocated_worker=user, child__in=Child.objects.filter(child_access_q(user)), status__in=LIVE
    ).filter(due_at__lte=soon)
    return _rows(_overdue_first(mine).select_related("child")[:limit])


def team_overdue(*, user: User, limit: int = 100) -> list[DeadlineRow]:
    """For a team manager: every overdue deadline of their teams' children."""
    overdue = Deadline.objects.filter(
        child__team__in=user.teams.all(),
        child__in=Child.objects.filter(child_access_q(user)),
        status=DeadlineStatus.OVERDUE,
    )
    return _rows(overdue.select_related("child", "child__allocated_worker").order_by("due_at")[:limit])


def for_child(*, child: Child) -> list[DeadlineRow]:
    """The child's deadlines, live ones first by due date, then the rest most recent first."""
    deadlines = Deadline.objects.filter(child=child).exclude(status=DeadlineStatus.CANCELLED)
    return _rows(_overdue_first(deadlines).select_related("waived_by"))


def deadline_get_for_user(*, user: User, deadline_id: int) -> Deadline:
    from django.http import Http404

    deadline = (
        Deadline.objects.filter(child__in=Child.objects.filter(child_access_q(user)), pk=deadline_id)
        .select_related("child")
        .first()
    )
    if deadline is None:
        raise Http404("No deadline found")
    return deadline
