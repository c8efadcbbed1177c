"""Pathway episodes for tests, brought to each stage through the real services (pathways.demo)."""

from datetime import timedelta

import factory
from django.utils import timezone

from pathways.demo import episode_at, move, pending_request, ready_for_stage_2, record_actions
from pathways.models import PathwayEpisode

__all__ = ["PathwayEpisodeFactory", "episode_at", "move", "pending_request", "ready_for_stage_2", "record_actions"]


class PathwayEpisodeFactory(factory.django.DjangoModelFactory[PathwayEpisode]):
    """A stage 1 episode. Use `episode_at` to reach a later stage the way users do."""

    class Meta:
        model = PathwayEpisode

    child = factory.SubFactory("tests.caseflow.factories.ChildFactory", looked_after=True)
    activated_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=400))
    state_entered_at = factory.SelfAttribute("activated_at")
    started_by = factory.SubFactory("tests.caseflow.factories.UserFactory")
