"""Reads of reunification episodes, for other frameworks (SPEC section 4)."""
