"""Reads of the core records, always scoped to what the user may see."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from difflib import SequenceMatcher
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from caseflow import record_versions
from caseflow.access import child_access_q
from caseflow.models import Child, LegalStatusPeriod, NetworkPerson, PlacementPeriod, Team, User

SORTS = {
    "name": ("family_name", "given_names"),
    "dob": ("date_of_birth", "family_name"),
    "reference": ("local_reference",),
    "team": ("team__name", "family_name"),
    "worker": ("allocated_worker__last_name", "family_name"),
}


def children_visible_to(*, user: User) -> QuerySet[Child]:
    return Child.objects.filter(child_access_q(user))


def _with_current_status(queryset: QuerySet[Child]) -> QuerySet[Child]:
    current = LegalStatusPeriod.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
    placement = PlacementPeriod.objects.filter(child=OuterRef("pk"), end_date__isnull=True)
    return queryset.select_related("team", "allocated_worker").annotate(
        current_legal_status=Subquery(current.values("status")[:1]),
        current_placement=Subquery(placement.values("placement_type")[:1]),
    )


def parse_search_date(text: str) -> date | None:
    """Read '27/03/2015', '27-3-2015', '27 3 2015' or '2015-03-27' as a date, else None."""
    parts = re.split(r"[\s/.-]+", text.strip())
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return None
    day, month, year = (parts[2], parts[1], parts[0]) if len(parts[0]) == 4 else parts
    try:
        return date(int(year), int(month), int(day))
    except (ValueError, OverflowError):  # 31/02, or numbers too big to be a date at all
        return None


def _name_q(word: str) -> Q:
    return Q(given_names__icontains=word) | Q(family_name__icontains=word) | Q(known_as__icontains=word)


def child_search_q(text: str) -> Q:
    """Names (every word must match), local reference, or a date of birth typed in a common way."""
    born = parse_search_date(text)
    if born is not None:
        return Q(date_of_birth=born)
    every_word = Q()
    for word in text.split():
        every_word &= _name_q(word)
    return Q(local_reference__iexact=text) | every_word


def child_list_for_user(
    *,
    user: User,
    search: str = "",
    team: Team | None = None,
    legal_status: str = "",
    allocated_worker: User | int | None = None,
    sort: str = "name",
    descending: bool = False,
) -> QuerySet[Child]:
    queryset = children_visible_to(user=user)
    if search.strip():
        queryset = queryset.filter(child_search_q(search.strip()))
    if team is not None:
        queryset = queryset.filter(team=team)
    if legal_status:
        # EXISTS on the current period (one per child, indexed), not a filter on the annotation,
        # which would run its subquery for every child in scope.
        current = LegalStatusPeriod.objects.filter(child=OuterRef("pk"), end_date__isnull=True, status=legal_status)
        queryset = queryset.filter(Exists(current))
    if allocated_worker is not None:
        queryset = queryset.filter(allocated_worker=allocated_worker)
    order = SORTS.get(sort, SORTS["name"])
    return queryset.order_by(*(f"-{field}" if descending else field for field in order), "pk")


def with_current_status(children: Iterable[Child]) -> list[Child]:
    """A page of children again, with team, worker, current legal status and placement: one query
    for the page's rows, so a deep page pays for 25 rows, not for every row it skips."""
    ids = [child.pk for child in children]
    rows = {child.pk: child for child in _with_current_status(Child.objects.filter(pk__in=ids))}
    return [rows[pk] for pk in ids if pk in rows]


def _visible_or_404(queryset: QuerySet[Child], user: User) -> Child:
    child = queryset.first()
    if child is None:
        raise Http404("No child found")
    child.__dict__["_visible_to"] = {user.pk: True}  # what `rules.can_see_child` would ask again
    return child


def child_get_for_user(*, user: User, child_id: UUID) -> Child:
    """The child, if this user may see them; otherwise 404, never 403 (SPEC section 1)."""
    return _visible_or_404(_with_current_status(children_visible_to(user=user)).filter(pk=child_id), user)


def child_get_for_page(*, user: User, child_id: UUID) -> Child:
    """As `child_get_for_user`, with the child's record version and nothing joined: the child page
    takes the rest from what it keeps under that version (caseflow.child_page)."""
    visible = children_visible_to(user=user).filter(pk=child_id).order_by()
    return _visible_or_404(visible.annotate(record_version=record_versions.version_of(OuterRef("pk"))), user)


def children_allocated_to(*, user: User) -> QuerySet[Child]:
    return _with_current_status(children_visible_to(user=user).filter(allocated_worker=user)).order_by(
        "family_name", "given_names"
    )


@dataclass(frozen=True)
class PossibleDuplicate:
    child: Child
    visible: bool


def _similar(a: str, b: str) -> bool:
    a, b = a.casefold().strip(), b.casefold().strip()
    return bool(a and b) and (a == b or SequenceMatcher(None, a, b).ratio() >= 0.8)


def possible_duplicates(
    *, user: User, given_names: str, family_name: str, date_of_birth: date, exclude: UUID | None = None
) -> list[PossibleDuplicate]:
    """Children born the same day with a similar name, across the whole council.

    The check looks beyond the user's access, because a duplicate record is a safeguarding risk;
    children the user may not see are reported without their details.
    """
    same_day = Child.objects.filter(date_of_birth=date_of_birth)
    if exclude is not None:
        same_day = same_day.exclude(pk=exclude)
    visible_ids = set(children_visible_to(user=user).filter(date_of_birth=date_of_birth).values_list("pk", flat=True))
    matches = []
    for child in same_day:
        names_match = _similar(child.family_name, family_name) or _similar(child.given_names, given_names)
        full_match = _similar(child.full_name, f"{given_names} {family_name}")
        if names_match or full_match:
            matches.append(PossibleDuplicate(child=child, visible=child.pk in visible_ids))
    return matches


def workers_visible_to(*, user: User) -> QuerySet[User]:
    """Allocated workers of the children this user sees (for the list filter). EXISTS rather than a
    join made distinct: the database stops at each worker's first child."""
    return User.objects.filter(Exists(children_visible_to(user=user).filter(allocated_worker=OuterRef("pk"))))


def worker_options(*, user: User) -> list[tuple[str, str]]:
    """The list filter's options, (id, name) as text: a director's scope has thousands of workers,
    and a model object (and a localised number) per option cost more than the rest of the page."""
    rows = workers_visible_to(user=user).values_list("pk", "first_name", "last_name", "username")
    return [(str(pk), f"{first} {last}".strip() or username) for pk, first, last, username in rows]


def teams_visible_to(*, user: User) -> QuerySet[Team]:
    return Team.objects.filter(Exists(children_visible_to(user=user).filter(team=OuterRef("pk"))))


@dataclass(frozen=True)
class ChildAsItWas:
    """The child's core records as they stood at the end of a London day, from their history."""

    on: date
    child: Child | None  # None: not yet recorded in CaseFlow on that day
    legal_statuses: list[LegalStatusPeriod]
    placements: list[PlacementPeriod]
    network: list[NetworkPerson]


def child_as_it_was(*, child: Child, on: date) -> ChildAsItWas:
    moment = timezone.make_aware(datetime.combine(on, time.max))
    before = {"history_date__lte": moment}
    record = child.history.filter(**before).order_by("-history_date", "-history_id").first()
    if record is None or record.history_type == "-":
        return ChildAsItWas(on=on, child=None, legal_statuses=[], placements=[], network=[])

    def as_of(model: type[Any]) -> list[Any]:
        # Filtered to this child before taking the latest row of each record, so the history
        # tables are read through their child index, not scanned.
        rows = model.history.filter(child_id=child.pk, **before).latest_of_each().as_instances()
        return list(rows)

    statuses = sorted(as_of(LegalStatusPeriod), key=lambda p: (p.start_date, p.pk), reverse=True)
    placements = sorted(as_of(PlacementPeriod), key=lambda p: (p.start_date, p.pk), reverse=True)
    network = sorted(as_of(NetworkPerson), key=lambda p: (p.name.casefold(), p.pk))
    return ChildAsItWas(on=on, child=record.instance, legal_statuses=statuses, placements=placements, network=network)
