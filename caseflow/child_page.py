"""Panels framework apps add to the child page's 'Episodes' section (pathway, reunification...)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from caseflow.models import Child, User


@dataclass
class ChildPanel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelProvider = Callable[[Child, User], ChildPanel | None]
_providers: list[PanelProvider] = []


def register_child_panel(provider: PanelProvider) -> PanelProvider:
    _providers.append(provider)
    return provider


def panels_for(*, child: Child, user: User) -> list[ChildPanel]:
    return [panel for provider in _providers if (panel := provider(child, user)) is not None]
