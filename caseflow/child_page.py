"""The child page's parts: the identity bar, the child's details, network, periods, the episodes
section that framework apps add panels to (pathway, reunification...), the deadlines and the
latest of the timeline.

They are built only from records on the child's timeline, the child's deadlines, today's date and
a few of the viewer's permissions, so they are kept under exactly those (the child's record
version, the date, the answers): a change to the child's records, and the scan's or a manager's
change to a deadline, raises the version (caseflow.record_versions) in the same transaction, and
the next page is built afresh. Who may open the page, the access log and the page's header stay
live in the view.
"""

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
from caseflow.models import Child, User

logger = logging.getLogger(__name__)
CACHE_DOWN = (RedisError, OSError)  # a cache that stops answering slows the page; it never breaks it
TIMELINE_ENTRIES = 10
# What the record may show differently by viewer (links to record, start or identify); panels
# name theirs when they register. Nothing else about the viewer reaches the cached record.
_permissions: list[str] = ["caseflow.change_child", "caseflow.waive_deadline"]


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
        "deadlines": deadline_selectors.for_child(child=child),
        "can_waive": viewer.can("caseflow.waive_deadline"),
    }
    return {
        "identity": render_to_string("includes/identity_bar.html", context),
        "record": render_to_string("caseflow/includes/child_record.html", context),
        "deadlines": render_to_string("caseflow/includes/child_deadlines.html", context),
        "timeline": render_to_string("caseflow/includes/child_timeline.html", context),
    }


def _kept(key: str, build: Callable[[], dict[str, str]]) -> dict[str, str]:
    """What is kept under `key`, or built and kept: a cache that does not answer only means building."""
    cache = caches["child_pages"]
    try:
        found: dict[str, str] | None = cache.get(key)
    except CACHE_DOWN:
        logger.warning("child page cache did not answer; building the page", exc_info=True)
        return build()
    if found is not None:
        return found
    built = build()
    try:
        cache.set(key, built)
    except CACHE_DOWN:
        logger.warning("child page cache did not answer; page not kept", exc_info=True)
    return built


def child_page_parts(*, child: Child, viewer: Viewer, today: date) -> dict[str, str]:
    """The page's HTML: "identity" (the bar), "record" (above the deadlines), "deadlines" and
    "timeline". `child` comes from `selectors.child_get_for_page` (with its record version), and
    the parts are kept under that version, the date and the viewer's answers."""
    version: int = child.record_version  # type: ignore[attr-defined]  # annotated by child_get_for_page
    answers = "|".join(sorted(viewer.allowed))
    key = f"child-page:{child.pk}:{version}:{today.isoformat()}:{answers}"
    return _kept(key, lambda: _build(child, viewer, today))
