"""Reunification episodes for tests, brought to each step through the real services."""

from reunification.demo import episode_at

__all__ = ["episode_at"]
