"""Reunification episodes: Decisions 1-3 and Risk Classifications 1-3 (SPEC section 4)."""
