"""'My work' sections that framework apps add (tasks, deadlines, approvals awaiting me).

Each registered provider returns a section for the user, or None when it has nothing to say
to this role. Core shows the sections in registration order, each with its own empty state.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from caseflow.models import User


@dataclass
class WorkSection:
    title: str
    empty_text: str
    template: str
    items: list[Any] = field(default_factory=list)


SectionProvider = Callable[[User], WorkSection | None]
_providers: list[SectionProvider] = []


def register_section(provider: SectionProvider) -> SectionProvider:
    _providers.append(provider)
    return provider


def sections_for(*, user: User) -> list[WorkSection]:
    return [section for provider in _providers if (section := provider(user)) is not None]
