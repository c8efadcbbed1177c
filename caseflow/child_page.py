"""The child page's parts: the identity bar, the child's details, network, periods, the episodes
section that framework apps add panels to (pathway, reunification...), the deadlines and the
latest of the timeline.

All but the deadlines are built only from records on the child's timeline, today's date and a few
of the viewer's permissions, so they are kept under exactly those (the child's record version, the
date, the answers): a change to the child's records raises the version (caseflow.record_versions)
and the next page is built afresh. The deadlines section is kept under its rows' own shown values,
read in one small query on every page, so a deadline the scan has just marked overdue shows at
once. Who may open the page, the access log and the page's header stay live in the view.
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.cache import caches
from django.template.loader import render_to_string
from redis.exceptions import RedisError

from caseflow import selectors, timeline
from caseflow.deadlines import selectors as deadline_selectors
from caseflow.models import Child, Deadline, DeadlineStatus, User

logger = logging.getLogger(__name__)
CACHE_DOWN = (RedisError, OSError)  # a cache that stops answering slows the page; it never breaks it
TIMELINE_ENTRIES = 10
# What the record may show differently by viewer (links to record, start or identify); panels
# name theirs when they register. Nothing else about the viewer reaches the cached record.
_permissions: list[str] = ["caseflow.change_child", "caseflow.waive_deadline"]
# Everything the deadlines section shows of a deadline (a rule's url reads only the row).
_DEADLINE_SHOWN = ("id", "kind", "status", "due_at", "met_on", "met_by", "waived_by_id", "waived_reason",
                   "episode_id")  # fmt: skip


@dataclass(frozen=True)
class Viewer:
    """The answers the record depends on, asked live for each page."""

    allowed: frozenset[str]

    @classmethod
    def of(cls, user: User, child: Child) -> "Viewer":
        return cls(frozenset(name for name in _permissions if user.has_perm(name, child)))

    def can(self, permission: str) -> bool:
        if permission not in _permissions:
            raise ValueError(f"{permission} is not a child page permission: name it in register_child_panel")
        return permission in self.allowed


@dataclass
class ChildPanel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelProvider = Callable[[Child, Viewer], ChildPanel | None]
_providers: list[PanelProvider] = []


def register_child_panel(provider: PanelProvider, *, permissions: tuple[str, ...] = ()) -> PanelProvider:
    """`provider(child, viewer)` builds a panel from the child's timeline records only (the record
    is cached by their version) and asks the viewer only the `permissions` named here."""
    _providers.append(provider)
    _permissions.extend(name for name in permissions if name not in _permissions)
    return provider


def panels_for(*, child: Child, viewer: Viewer) -> list[ChildPanel]:
    return [panel for provider in _providers if (panel := provider(child, viewer)) is not None]


def _build(child: Child, viewer: Viewer, today: date) -> dict[str, str]:
    child = selectors.with_current_status([child])[0]  # with team, worker, legal status, placement
    entries, has_more = timeline.child_timeline(child=child, limit=TIMELINE_ENTRIES)
    context = {
        "child": child,
        "today": today,
        "can_record": viewer.can("caseflow.change_child"),
        "network": list(child.network.all()),
        "legal_statuses": list(child.legal_statuses.all()),
        "placements": list(child.placements.all()),
        "panels": panels_for(child=child, viewer=viewer),
        "entries": entries,
        "more_history": has_more,
    }
    return {
        "identity": render_to_string("includes/identity_bar.html", context),
        "record": render_to_string("caseflow/includes/child_record.html", context),
        "timeline": render_to_string("caseflow/includes/child_timeline.html", context),
    }


def _deadlines(child: Child, can_waive: bool) -> str:
    context = {"deadlines": deadline_selectors.for_child(child=child), "can_waive": can_waive}
    return render_to_string("caseflow/includes/child_deadlines.html", context)


def _kept(builders: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Each key's value from the cache (one round trip for all), building and keeping any missing."""
    cache = caches["child_pages"]
    try:
        found = cache.get_many(list(builders))
    except CACHE_DOWN:
        logger.warning("child page cache did not answer; building the page", exc_info=True)
        return {key: build() for key, build in builders.items()}
    built = {key: build() for key, build in builders.items() if key not in found}
    if built:
        try:
            cache.set_many(built)
        except CACHE_DOWN:
            logger.warning("child page cache did not answer; page not kept", exc_info=True)
    return {**found, **built}


def child_page_parts(*, child: Child, viewer: Viewer, today: date) -> dict[str, str]:
    """The page's HTML: "identity" (the bar), "record" (above the deadlines), "deadlines" and
    "timeline". `child` comes from `selectors.child_get_for_page` (with its record version).

    The record parts are kept under the child's record version, the date and the viewer's answers;
    the deadlines under everything the section shows of them, read in one small query each time,
    so a deadline the scan has just marked overdue shows at once."""
    shown = list(
        Deadline.objects.filter(child=child)
        .exclude(status=DeadlineStatus.CANCELLED)
        .order_by("pk")
        .values_list(*_DEADLINE_SHOWN)
    )
    can_waive = viewer.can("caseflow.waive_deadline")
    version: int = child.record_version  # type: ignore[attr-defined]  # annotated by child_get_for_page
    answers = "|".join(sorted(viewer.allowed))
    record_key = f"child-record:{child.pk}:{version}:{today.isoformat()}:{answers}"
    digest = hashlib.sha256(repr(shown).encode()).hexdigest()
    deadlines_key = f"child-deadlines:{child.pk}:{digest}:{int(can_waive)}"
    kept = _kept(
        {record_key: lambda: _build(child, viewer, today), deadlines_key: lambda: _deadlines(child, can_waive)}
    )
    return {**kept[record_key], "deadlines": kept[deadlines_key]}
