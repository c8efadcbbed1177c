"""What each pathway transition needs (SPEC section 3), one small predicate per need.

Each guard is a callable django-fsm runs as a transition condition, and it carries the words a
social worker reads when it fails. The page lists the failing guards before anyone asks; the
model refuses the transition when any fails, whoever calls it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.utils import timezone

from pathways import catalogue
from pathways.constants import ActionStatus, AgreementKind, AgreementOutcome, LegalRoute, Route, Stage


class EpisodeFacts(Protocol):
    """What the guards read of an episode (PathwayEpisode provides it)."""

    child_id: Any
    route: str
    planned_return_date: date | None
    proceedings_concluded_on: date | None
    placement_settled: bool
    returned_home_on: date | None
    legal_route: str

    def action_statuses(self) -> dict[str, str]: ...
    def transfer_checklist_outstanding(self) -> int: ...
    def has_going_home_plan(self) -> bool: ...
    def latest_agreement(self, kind: str) -> Any: ...


@dataclass(frozen=True)
class Guard:
    reason: str  # what is missing, in a social worker's words
    check: Callable[[EpisodeFacts], bool]

    def __call__(self, episode: EpisodeFacts) -> bool:
        return self.check(episode)


def today() -> date:
    return timezone.localdate()


def plan_horizon(on: date) -> date:
    """The end of the 'within 12 months' window (configurable) from a date."""
    return on + relativedelta(months=settings.CASEFLOW_PATHWAY_PLAN_HORIZON_MONTHS)


def final_window_end(on: date) -> date:
    """A planned return on or before this day is 'within 60 days' (configurable) of `on`."""
    return on + relativedelta(days=settings.CASEFLOW_PATHWAY_FINAL_WINDOW_DAYS)


def _action_status(episode: EpisodeFacts, key: str) -> str | None:
    return episode.action_statuses().get(key)


def action_done(key: str) -> Guard:
    label = catalogue.BY_KEY[key].label
    return Guard(
        reason=f"'{label}' has not been recorded as done",
        check=lambda episode: _action_status(episode, key) == ActionStatus.DONE,
    )


def actions_settled(stage: Stage, *, exclude: tuple[str, ...] = ()) -> list[Guard]:
    """Every action of a stage recorded, as done or as not applicable with a reason."""
    return [_action_recorded(action) for action in catalogue.actions_for(stage) if action.key not in exclude]


def _action_recorded(action: catalogue.ActionSpec) -> Guard:
    def check(episode: EpisodeFacts) -> bool:
        return _action_status(episode, action.key) is not None

    return Guard(reason=f"'{action.label}' is not recorded yet (if it does not apply, say why)", check=check)


def _latest_agreement_agreed(episode: EpisodeFacts, kind: str) -> bool:
    latest = episode.latest_agreement(kind)
    return latest is not None and latest.outcome == AgreementOutcome.AGREED


route_confirmed = Guard(
    reason="The route (Going Home or Support pathway) has not been confirmed with the family and network",
    check=lambda episode: bool(episode.route),
)
route_is_going_home = Guard(
    reason="The route confirmed with the family is not the Going Home pathway",
    check=lambda episode: episode.route == Route.GOING_HOME,
)
planned_return_recorded = Guard(
    reason="There is no planned return date",
    check=lambda episode: episode.planned_return_date is not None,
)
planned_return_within_horizon = Guard(
    reason="The planned return date is more than 12 months away",
    check=lambda episode: (
        # No date at all is reported once, by planned_return_recorded.
        episode.planned_return_date is None or episode.planned_return_date <= plan_horizon(today())
    ),
)
going_home_beyond_horizon = Guard(
    reason="The plan is not to go home after 12 months or more (or to follow the Support pathway)",
    check=lambda episode: (
        episode.route == Route.SUPPORT
        or (episode.planned_return_date is not None and episode.planned_return_date > plan_horizon(today()))
    ),
)
proceedings_concluded = Guard(
    reason="Care proceedings have not been recorded as concluded",
    check=lambda episode: episode.proceedings_concluded_on is not None,
)
placement_settled = Guard(
    reason="The placement has not been confirmed as settled",
    check=lambda episode: episode.placement_settled,
)
transfer_checklist_complete = Guard(
    reason="The transfer checklist to Building Your Futures is not complete",
    check=lambda episode: episode.transfer_checklist_outstanding() == 0,
)
going_home_plan_recorded = Guard(
    reason="The Going Home plan has not been recorded",
    check=lambda episode: episode.has_going_home_plan(),
)
within_final_window = Guard(
    reason="The planned return date is more than 60 days away",
    check=lambda episode: (
        episode.planned_return_date is None or episode.planned_return_date <= final_window_end(today())
    ),
)
deputy_director_agreed = Guard(
    reason="The Deputy Director has not recorded agreement to the return home",
    check=lambda episode: _latest_agreement_agreed(episode, AgreementKind.DEPUTY_DIRECTOR_RETURN),
)
returned_home_date_recorded = Guard(
    reason="The date the child returned home has not been recorded",
    check=lambda episode: episode.returned_home_on is not None,
)
order_discharged_or_no_status = Guard(
    reason="The care order has not been discharged (closure waits while a care order remains)",
    check=lambda episode: episode.legal_route in (LegalRoute.ORDER_DISCHARGED, LegalRoute.NO_LEGAL_STATUS),
)


def reunification_decision_3(episode: EpisodeFacts) -> bool:
    """When the child has an open reunification episode, its Decision 3 must be 'reunify', ratified."""
    from pathways import integrations

    return integrations.reunification_allows_return(episode.child_id) is not False


reunification_agreed = Guard(
    reason="The child's reunification episode has no ratified Decision 3 to reunify",
    check=reunification_decision_3,
)

GUARDS: dict[str, list[Guard]] = {
    "transfer_to_byf": [
        route_confirmed,
        going_home_beyond_horizon,
        proceedings_concluded,
        placement_settled,
        transfer_checklist_complete,
    ],
    "agree_going_home": [
        route_is_going_home,
        planned_return_recorded,
        planned_return_within_horizon,
        action_done("initial_mdt_meeting"),
        going_home_plan_recorded,
    ],
    "agree_going_home_from_byf": [
        route_is_going_home,
        action_done("initial_restorative_conversation"),
        planned_return_recorded,
        planned_return_within_horizon,
        action_done("initial_mdt_meeting"),
        going_home_plan_recorded,
    ],
    "start_final_60_days": [planned_return_recorded, within_final_window],
    "return_home": [
        *actions_settled(Stage.STAGE_2_FINAL_60_DAYS),
        deputy_director_agreed,
        returned_home_date_recorded,
        reunification_agreed,
    ],
    "start_closure": [order_discharged_or_no_status, action_done("final_cwcf_review")],
    "close": actions_settled(Stage.CLOSURE),
    "exit": [],
}


def missing(episode: EpisodeFacts, transition: str) -> list[str]:
    """What is still missing for a transition, in words; empty when it may go ahead."""
    return [guard.reason for guard in GUARDS[transition] if not guard(episode)]


def conditions(transition: str) -> list[Any]:
    return list(GUARDS[transition])
