"""Reads for meetings, care planning, family time and the tracker meeting, scoped to access."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from caseflow.access import child_access_q
from caseflow.constants import AREA_SCOPED_ROLES
from caseflow.models import Child, User
from meetings.constants import CARE_PLANNING_AGENDA
from meetings.models import ChildCriterion, CourtHearing, FamilyTimeSession, Meeting

CONTINUOUS_STAY_HOURS = 24


def _visible_children(user: User) -> QuerySet[Child]:
    return Child.objects.filter(child_access_q(user))


def meeting_get_for_user(*, user: User, meeting_id: UUID) -> Meeting:
    """A meeting is visible to anyone who may see one of the children discussed at it."""
    meeting = (
        Meeting.objects.filter(pk=meeting_id, discussed__child__in=_visible_children(user))
        .select_related("chair")
        .distinct()
        .first()
    )
    if meeting is None:
        raise Http404("No meeting found")
    return meeting


def children_discussed(*, meeting: Meeting, user: User) -> list[Any]:
    """The children discussed, with their outcomes; those outside the user's access are not shown."""
    return list(
        meeting.discussed.filter(child__in=_visible_children(user))
        .select_related("child")
        .order_by("child__family_name")
    )


def meetings_for_child(*, child: Child, limit: int = 20) -> list[Meeting]:
    return list(Meeting.objects.filter(discussed__child=child).select_related("chair").order_by("-held_on")[:limit])


def agenda(*, meeting: Meeting) -> list[tuple[str, str, Any]]:
    points = {point.key: point for point in meeting.agenda.all()}
    return [(key, words, points.get(key)) for key, words in CARE_PLANNING_AGENDA if key in points]


def care_planning_reasons(*, child: Child) -> list[ChildCriterion]:
    """Why the child needs a care planning meeting (empty when no criterion applies)."""
    return list(child.care_planning_criteria.filter(ended_on__isnull=True).select_related("criterion"))


def hearings(*, child: Child) -> list[CourtHearing]:
    return list(child.court_hearings.all())


@dataclass
class FamilyTimeRow:
    session: FamilyTimeSession
    flagged: bool  # a continuous stay over 24 hours without Emergency Placed with Parents approval


def family_time(*, child: Child) -> list[FamilyTimeRow]:
    """Family time sessions; a continuous stay over 24 hours for a child on a reunification plan
    without Emergency Placed with Parents approval is flagged (SPEC sections 4 and 6)."""
    import reunification.selectors as reunification

    sessions = list(child.family_time.prefetch_related("with_whom"))
    long_stays = [s for s in sessions if s.hours > CONTINUOUS_STAY_HOURS]
    plan = reunification.emergency_pwp_approval(child_id=child.pk) if long_stays else None

    def flagged(session: FamilyTimeSession) -> bool:
        """A stay over 24 hours, begun while on the plan and before any approval stood."""
        if plan is None or session.hours <= CONTINUOUS_STAY_HOURS:
            return False
        began = timezone.localtime(session.starts_at).date()
        return began >= plan.on_plan_since and (plan.approved_on is None or began < plan.approved_on)

    return [FamilyTimeRow(session=s, flagged=flagged(s)) for s in sessions]


@dataclass
class Cohort:
    title: str
    rows: list[tuple[Child, str]]  # the child and a few words on where they are


def tracker_cohorts(*, user: User) -> list[Cohort]:
    """The weekly Going Home tracker meeting's five cohorts (SPEC section 6), for the chair's
    teams (a team manager) or service area (managers above)."""
    import pathways.selectors as pathways

    children = _visible_children(user)
    if user.role not in AREA_SCOPED_ROLES:
        children = children.filter(team__in=user.teams.all())
    episodes = pathways.tracker_cohorts(children=children, newly_transferred_since=timezone.now() - timedelta(days=28))
    unplanned = children.filter(may_return_unplanned=True).select_related("team", "allocated_worker")

    def rows(name: str) -> list[tuple[Child, str]]:
        return [(e.child, _where(e)) for e in episodes[name]]

    return [
        Cohort("Families newly transferred to Building Your Futures", rows("newly_transferred")),
        Cohort("Going Home plans post 1 year", rows("post_1_year")),
        Cohort("Plans to go home within 12 months", rows("within_12_months")),
        Cohort("Children and young people who have returned home", rows("returned_home")),
        Cohort(
            "Young people who may return home in an unplanned way",
            [(child, "Flagged on the child's record") for child in unplanned],
        ),
    ]


def _where(episode: Any) -> str:
    words = episode.get_state_display()
    if episode.returned_home_on:
        return f"{words}; home since {episode.returned_home_on:%-d %B %Y}"
    if episode.planned_return_date:
        return f"{words}; planned return {episode.planned_return_date:%-d %B %Y}"
    return words


def my_actions(*, user: User) -> QuerySet[Any]:
    from meetings.models import MeetingAction

    return (
        MeetingAction.objects.filter(owner=user, done_on__isnull=True)
        .select_related("meeting", "child")
        .order_by("due_on")
    )


def held_since_clock(meeting_type: str, *, strictly_after: bool = False) -> Any:
    """For another app's deadline rule: the date a meeting of this type was first held for the
    deadline's child on or after its clock started (or, for a recurring clock that restarts at the
    meeting, after that day), as an SQL expression over a Deadline row."""
    from django.db.models import OuterRef, Subquery

    from meetings.models import MeetingChild

    since = "held_on__gt" if strictly_after else "held_on__gte"
    held = MeetingChild.objects.filter(
        child_id=OuterRef("child_id"), meeting_type=meeting_type, **{since: OuterRef("starts_at__date")}
    )
    return Subquery(held.order_by("held_on").values("held_on")[:1])


def last_held(meeting_type: str, *, child: Any) -> Any:
    """For another app's clock: the date a meeting of this type was last held for the child
    (`child` is an expression giving the child's id), as an SQL expression."""
    from django.db.models import DateField, Subquery

    from meetings.models import MeetingChild

    held = MeetingChild.objects.filter(child_id=child, meeting_type=meeting_type, held_on__isnull=False)
    # The latest by the (child, type, date) index, read backwards.
    return Subquery(held.order_by("-held_on").values("held_on")[:1], output_field=DateField())
