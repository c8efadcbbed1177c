"""Meetings, review cadences and care planning meetings (SPEC sections 5 and 6)."""
