"""Small helpers rules use to describe their clocks and what meets them in SQL."""

from typing import Any

from django.db.models import CharField, F, OuterRef, QuerySet, UUIDField, Value
from django.db.models.functions import Cast, Concat


def key(*parts: Any) -> Any:
    """A clock key from fields (or values), as text: the same clock always gives the same key."""
    pieces: list[Any] = []
    for part in parts:
        if pieces:
            pieces.append(Value(":"))
        pieces.append(Cast(F(part), CharField()) if isinstance(part, str) else part)
    return Concat(*pieces, output_field=CharField()) if len(pieces) > 1 else pieces[0]


def clocks(queryset: QuerySet[Any], *, child: str, start: Any, key_parts: tuple[Any, ...], episode: str | None) -> Any:
    """Annotate a queryset with the four clock fields the scan reads."""
    return queryset.annotate(
        cf_child=F(child),
        cf_start=start if not isinstance(start, str) else F(start),
        cf_key=key(*key_parts),
        cf_episode=F(episode) if episode else Value(None, output_field=UUIDField()),
    )


EPISODE = OuterRef("episode_id")
CLOCK_DAY = OuterRef("starts_at__date")
