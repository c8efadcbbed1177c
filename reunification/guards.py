"""What each reunification step needs (SPEC section 4 and 11), one small predicate per need.

Each guard runs as a django-fsm condition and carries the plain words shown when it fails.
The six-month clocks are computed here and nowhere else.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from reunification import catalogue
from reunification.constants import ClassificationKind, DecisionKind, Outcome, RiskLevel

SIX_MONTHS = relativedelta(months=6)
TWELVE_MONTHS = relativedelta(months=12)
ORDER = {RiskLevel.LOW: 0, RiskLevel.MEDIUM: 1, RiskLevel.HIGH: 2, RiskLevel.SEVERE: 3}
# Reclassifications after Decision 2 that show how risk has moved.
RECLASSIFICATIONS = (ClassificationKind.INTERIM, ClassificationKind.RC2, ClassificationKind.RC3)


class EpisodeFacts(Protocol):
    chronology_completed_on: date | None
    rha_completed_on: date | None
    returned_home_on: date | None
    cpag_recommended: bool | None

    def activity_done(self, key: str) -> bool: ...
    def latest_decision(self, kind: str) -> Any: ...
    def current_classifications(self) -> list[Any]: ...
    def police_checks_missing(self) -> list[str]: ...
    def goals_count(self) -> int: ...


@dataclass(frozen=True)
class Guard:
    reason: Callable[[EpisodeFacts], str] | str
    check: Callable[[EpisodeFacts], bool]

    def __call__(self, episode: EpisodeFacts) -> bool:
        return self.check(episode)

    def words(self, episode: EpisodeFacts) -> str:
        return self.reason(episode) if callable(self.reason) else self.reason


def today() -> date:
    return timezone.localdate()


def _words(day: date) -> str:
    return f"{day:%-d %B %Y}"


# -- the risk facts the rules use --


def rc1_level(episode: EpisodeFacts) -> str | None:
    """Risk Classification 1 as Decision 2 confirmed it."""
    decision = episode.latest_decision(DecisionKind.DECISION_2)
    return decision.risk_level if decision is not None else None


def reclassifications_since_decision_2(episode: EpisodeFacts) -> list[Any]:
    decision = episode.latest_decision(DecisionKind.DECISION_2)
    if decision is None:
        return []
    return [
        c
        for c in episode.current_classifications()
        if c.kind in RECLASSIFICATIONS and c.classified_on >= decision.decided_on
    ]


def medium_or_low_since(episode: EpisodeFacts) -> date | None:
    """The first dated Medium or Low reclassification after Decision 2, if risk has not risen
    above Medium since (SPEC 11: the six months count from there)."""
    later = reclassifications_since_decision_2(episode)
    start = None
    for classification in later:
        if classification.level in (RiskLevel.LOW, RiskLevel.MEDIUM):
            start = start or classification.classified_on
        else:
            start = None  # High or Severe again: the clock starts over at the next Medium or Low
    return start


def sustained_low_since(episode: EpisodeFacts) -> date | None:
    """Low since the later of the return home and the start of the current run of Low."""
    run_start = None
    for classification in episode.current_classifications():
        is_low = classification.level == RiskLevel.LOW
        run_start = (run_start or classification.classified_on) if is_low else None
    if run_start is None or episode.returned_home_on is None:
        return None
    return max(run_start, episode.returned_home_on)


def high_standing_since(episode: EpisodeFacts) -> date | None:
    """When Decision 2 confirmed High and nothing has reclassified it since."""
    decision = episode.latest_decision(DecisionKind.DECISION_2)
    if decision is None or decision.risk_level != RiskLevel.HIGH:
        return None
    if reclassifications_since_decision_2(episode):
        return None
    return decision.decided_on


def risk_increased(episode: EpisodeFacts) -> bool:
    """The latest classification is higher than the one before it (discuss with the SM)."""
    levels = [c.level for c in episode.current_classifications()]
    return len(levels) >= 2 and ORDER[RiskLevel(levels[-1])] > ORDER[RiskLevel(levels[-2])]


# -- the guards --


def activity(key: str) -> Guard:
    label = catalogue.BY_KEY[key].label
    return Guard(reason=f"Not recorded yet: {label[0].lower()}{label[1:]}", check=lambda e: e.activity_done(key))


def _rc1_recorded(episode: EpisodeFacts) -> bool:
    return any(c.kind == ClassificationKind.RC1_RECOMMENDATION for c in episode.current_classifications())


rc1_recorded = Guard(
    reason="The Risk Classification 1 meeting's recommendation has not been recorded", check=_rc1_recorded
)
police_checks_done = Guard(
    reason=lambda e: "Police checks are still needed for: " + ", ".join(e.police_checks_missing()),
    check=lambda e: not e.police_checks_missing(),
)
rha_signed_off = Guard(
    reason="The team manager has not signed off the Return Home Assessment",
    check=lambda e: e.latest_decision(DecisionKind.RHA_SIGN_OFF) is not None,
)
has_goals = Guard(reason="The parental agreement has no SMART goals yet", check=lambda e: e.goals_count() > 0)


def _rc2_if_needed(episode: EpisodeFacts) -> bool:
    if rc1_level(episode) not in (RiskLevel.MEDIUM, RiskLevel.HIGH):
        return True
    return any(c.kind == ClassificationKind.RC2 for c in reclassifications_since_decision_2(episode))


rc2_when_needed = Guard(
    reason=lambda e: f"Risk Classification 2 is needed because Risk Classification 1 was {rc1_level(e)}",
    check=_rc2_if_needed,
)
decision_2_made = Guard(
    reason="Decision 2 has not been made", check=lambda e: e.latest_decision(DecisionKind.DECISION_2) is not None
)


def _high_rule(episode: EpisodeFacts) -> bool:
    if rc1_level(episode) != RiskLevel.HIGH:
        return True
    since = medium_or_low_since(episode)
    return since is not None and since + SIX_MONTHS <= today()


def _high_rule_words(episode: EpisodeFacts) -> str:
    since = medium_or_low_since(episode)
    if since is None:
        return "Risk Classification 1 was High: risk must be reclassified Medium or Low and stay there for six months"
    return (
        f"Risk Classification 1 was High: risk has been Medium or Low since {_words(since)}, so reunification "
        f"is possible from {_words(since + SIX_MONTHS)}"
    )


six_months_medium_or_low_after_high = Guard(reason=_high_rule_words, check=_high_rule)


def _decision_agreed(kind: str) -> Callable[[EpisodeFacts], bool]:
    def check(episode: EpisodeFacts) -> bool:
        decision = episode.latest_decision(kind)
        return decision is not None and decision.outcome == Outcome.AGREED

    return check


emergency_pwp_approved = Guard(
    reason="The Head of Service has not approved Emergency Placed with Parents (needed before any stay at home "
    "over 24 hours)",
    check=_decision_agreed(DecisionKind.EMERGENCY_PWP),
)
pwp_case_decision_recorded = Guard(
    reason="The service manager has not recorded the case decision on Emergency Placed with Parents",
    check=_decision_agreed(DecisionKind.PWP_CASE_DECISION),
)
cpag_recommended = Guard(
    reason="CPAG has not recommended the reunification plan", check=lambda e: e.cpag_recommended is True
)
corporate_director_agreed = Guard(
    reason="The Corporate Director has not agreed the reunification plan",
    check=_decision_agreed(DecisionKind.CORPORATE_DIRECTOR),
)
returned_home_recorded = Guard(
    reason="The date the child returned home has not been recorded", check=lambda e: e.returned_home_on is not None
)


def _low_six_months(episode: EpisodeFacts) -> bool:
    since = sustained_low_since(episode)
    return since is not None and since + SIX_MONTHS <= today()


def _low_words(episode: EpisodeFacts) -> str:
    since = sustained_low_since(episode)
    if since is None:
        return "Risk is not classified Low since the return home"
    return f"Risk has been Low since {_words(since)}: closing is possible from {_words(since + SIX_MONTHS)}"


sustained_low = Guard(reason=_low_words, check=_low_six_months)


def _support_twelve_months(episode: EpisodeFacts) -> bool:
    return episode.returned_home_on is not None and episode.returned_home_on + TWELVE_MONTHS <= today()


support_for_twelve_months = Guard(
    reason=lambda e: (
        "Support continues for at least 12 months after the return home"
        + (f" (until {_words(e.returned_home_on + TWELVE_MONTHS)})" if e.returned_home_on else "")
    ),
    check=_support_twelve_months,
)

GUARDS: dict[str, list[Guard]] = {
    "decision_1": [activity("sw_qaro_discussion"), activity("supervision_discussion")],
    "decision_2": [rc1_recorded, police_checks_done],
    "alternative_permanence": [],
    "implementation": [
        rha_signed_off,
        activity("planning_meeting"),
        has_goals,
        activity("contingency_plan"),
        activity("reunification_plan"),
    ],
    "decision_3": [decision_2_made, rc2_when_needed],
    "reunify": [decision_2_made, rc2_when_needed, six_months_medium_or_low_after_high],
    "return_home": [
        emergency_pwp_approved,
        pwp_case_decision_recorded,
        cpag_recommended,
        corporate_director_agreed,
        returned_home_recorded,
    ],
    "close": [sustained_low, support_for_twelve_months],
}


def missing(episode: EpisodeFacts, name: str) -> list[str]:
    return [guard.words(episode) for guard in GUARDS[name] if not guard(episode)]


def conditions(name: str) -> list[Any]:
    return list(GUARDS[name])
