"""What the pathway needs to know from other frameworks, asked through their selectors only."""

from uuid import UUID

import reunification.selectors as reunification


def reunification_allows_return(child_id: UUID) -> bool | None:
    """True or False when the child has an open reunification episode and its Decision 3 says so;
    None when there is none to ask about (or reunification cannot answer yet)."""
    check = getattr(reunification, "decision_3_allows_return", None)
    return check(child_id=child_id) if check is not None else None


def reunification_check_available() -> bool:
    return hasattr(reunification, "decision_3_allows_return")
