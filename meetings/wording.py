"""Signs of Safety, Wellbeing or Success: the handbook's 'Signs of...?' tables, in one place.

The framework follows the child's area of work, not their team; wherever there are safeguarding
concerns it is Signs of Safety.
"""

from dataclasses import dataclass

from django.db import models

from caseflow.constants import AreaOfWork, LegalStatus


class Framework(models.TextChoices):
    SAFETY = "safety", "Signs of Safety"
    WELLBEING = "wellbeing", "Signs of Wellbeing"
    SUCCESS = "success", "Signs of Success"
    STABILITY = "stability", "Signs of Stability"
    INDEPENDENCE = "independence", "Signs of Independence"
    BELONGING = "belonging", "Signs of Belonging"


DOMAINS = ["harm", "danger", "complicating_factors", "existing_strengths", "existing_safety", "goals", "next_steps"]


@dataclass(frozen=True)
class Wording:
    harm: str
    danger: str
    complicating_factors: str
    existing_strengths: str
    existing_safety: str
    goals: str
    next_steps: str
    statement: str  # what a danger/worry statement is called
    goal: str  # what its paired goal is called

    def heading(self, domain: str) -> str:
        return str(getattr(self, domain))


def _success_like(word: str) -> Wording:
    """Success and the alternatives the handbook allows (Stability, Independence, Belonging)."""
    return Wording("Worrying Behaviour (past)", "Critical Worries (future)", "Complicating Factors",
                   "Existing Strengths", f"Existing {word}", f"{word} Goals", "Next Steps",
                   "Worry statement", f"{word} goal")  # fmt: skip


WORDING = {
    Framework.SAFETY: Wording(
        "Harm",
        "Danger",
        "Complicating Factors",
        "Existing Strengths",
        "Existing Safety",
        "Safety Goals",
        "Next Steps",
        "Danger statement",
        "Safety goal",
    ),  # fmt: skip
    Framework.WELLBEING: Wording(
        "Wellbeing Concerns (past)",
        "Critical Worries (future)",
        "Complicating Factors",
        "Existing Strengths",
        "Existing Wellbeing",
        "Wellbeing Goals",
        "Next Steps",
        "Worry statement",
        "Wellbeing goal",
    ),  # fmt: skip
    Framework.SUCCESS: _success_like("Success"),
    Framework.STABILITY: _success_like("Stability"),
    Framework.INDEPENDENCE: _success_like("Independence"),
    Framework.BELONGING: _success_like("Belonging"),
}

# Area of work -> the framework, and the alternatives the handbook allows there.
BY_AREA: dict[str, tuple[Framework, tuple[Framework, ...]]] = {
    AreaOfWork.EARLY_HELP: (Framework.WELLBEING, ()),
    AreaOfWork.CHILD_IN_NEED: (Framework.WELLBEING, ()),
    AreaOfWork.CHILD_PROTECTION: (Framework.SAFETY, ()),
    AreaOfWork.LOOKED_AFTER: (Framework.SUCCESS, ()),
    AreaOfWork.ADOPTION: (Framework.SUCCESS, ()),
    AreaOfWork.LEAVING_CARE: (Framework.SUCCESS, (Framework.STABILITY, Framework.INDEPENDENCE)),
    AreaOfWork.FOSTERING: (Framework.SUCCESS, (Framework.BELONGING, Framework.STABILITY)),
}
LOOKED_AFTER_STATUSES = {LegalStatus.S20, LegalStatus.INTERIM_CARE_ORDER, LegalStatus.CARE_ORDER,
                         LegalStatus.PLACEMENT_ORDER}  # fmt: skip


def default_framework(*, area_of_work: str, legal_status: str | None, safeguarding: bool) -> Framework:
    """The handbook's table; a disabled child by the plan they are on; Safety wherever there are
    safeguarding concerns (a child protection plan counts as one)."""
    if safeguarding or legal_status == LegalStatus.CP_PLAN:
        return Framework.SAFETY
    if area_of_work == AreaOfWork.DISABLED_CHILDREN:
        return Framework.SUCCESS if legal_status in LOOKED_AFTER_STATUSES else Framework.WELLBEING
    return BY_AREA.get(area_of_work, (Framework.WELLBEING, ()))[0]


def allowed(*, area_of_work: str, legal_status: str | None, safeguarding: bool) -> list[Framework]:
    default = default_framework(area_of_work=area_of_work, legal_status=legal_status, safeguarding=safeguarding)
    if default == Framework.SAFETY:
        return [Framework.SAFETY]
    return [default, *BY_AREA.get(area_of_work, (default, ()))[1]]
