"""Choices for the Going Home & Lifelong Links pathway (SPEC section 3)."""

from django.db import models


class Stage(models.TextChoices):
    STAGE_1 = "stage_1", "Stage 1: living away from home"
    STAGE_1_BYF = "stage_1_byf", "Stage 1: with Building Your Futures"
    STAGE_2 = "stage_2", "Stage 2: active Going Home plan"
    STAGE_2_FINAL_60_DAYS = "stage_2_final_60_days", "Stage 2: going home within 60 days"
    STAGE_3 = "stage_3", "Stage 3: living at home"
    CLOSURE = "closure", "Closure"
    CLOSED = "closed", "Pathway complete"
    EXITED = "exited", "Left the pathway"


OPEN_STAGES = [
    Stage.STAGE_1,
    Stage.STAGE_1_BYF,
    Stage.STAGE_2,
    Stage.STAGE_2_FINAL_60_DAYS,
    Stage.STAGE_3,
    Stage.CLOSURE,
]
LIVING_AWAY_STAGES = [Stage.STAGE_1, Stage.STAGE_1_BYF, Stage.STAGE_2, Stage.STAGE_2_FINAL_60_DAYS]
ENDED_STAGES = [Stage.CLOSED, Stage.EXITED]


class Transition(models.TextChoices):
    """Transitions a social worker requests and a team manager approves (named for the model's methods)."""

    TRANSFER_TO_BYF = "transfer_to_byf", "Transfer to Building Your Futures"
    AGREE_GOING_HOME = "agree_going_home", "Start an active Going Home plan (stage 2)"
    AGREE_GOING_HOME_FROM_BYF = (
        "agree_going_home_from_byf",
        "Active Going Home plan, from Building Your Futures",
    )
    START_FINAL_60_DAYS = "start_final_60_days", "Going home within 60 days"
    RETURN_HOME = "return_home", "Planned return home (stage 3)"
    START_CLOSURE = "start_closure", "Move to closure"
    CLOSE = "close", "Close the pathway"
    EXIT = "exit", "Leave the pathway early"


class Route(models.TextChoices):
    GOING_HOME = "going_home", "Going Home pathway"
    SUPPORT = "support", "Support pathway"


class PlanTimeframe(models.TextChoices):
    WITHIN_6_TO_12_MONTHS = "within_6_12_months", "Within 6 to 12 months"
    WITHIN_1_YEAR = "within_1_year", "Within 1 year"
    POST_1_YEAR = "post_1_year", "Post 1 year"


class LegalRoute(models.TextChoices):
    """Stage 3's legal route, in the flowchart's three branches (plus the discharge once made)."""

    DISCHARGE_IN_PROGRESS = "discharge_in_progress", "Discharge of the care order in progress"
    CARE_ORDER_REMAINS = "care_order_remains", "Care order remains in place"
    ORDER_DISCHARGED = "order_discharged", "Care order discharged"
    NO_LEGAL_STATUS = "no_legal_status", "No legal status (support under CIN)"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a team manager"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "No longer applies"


class AgreementKind(models.TextChoices):
    DEPUTY_DIRECTOR_RETURN = "dd_return_home", "Deputy Director agreement to the return home"
    MANAGER_UNPLANNED_RETURN = "tm_unplanned_return", "Team manager agreement to an unplanned return"


class AgreementOutcome(models.TextChoices):
    AGREED = "agreed", "Agreed"
    NOT_AGREED = "not_agreed", "Not agreed"
    EXPLAINED = "explained", "Not agreed beforehand: explanation recorded"


class ActionStatus(models.TextChoices):
    DONE = "done", "Done"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class PlanReviewMeeting(models.TextChoices):
    CWCF_REVIEW = "cwcf_review", "'Children we care for' review meeting"
    MD_SUPERVISION = "md_supervision", "MD supervision"
    LEGAL_MEETING = "legal_meeting", "Legal meeting"
    TRACKER_MEETING = "tracker_meeting", "Going Home tracker meeting"
    NETWORK_MEETING = "network_meeting", "Going Home network meeting"
    SUPERVISION = "supervision", "Supervision"
    SAF_REVIEW = "saf_review", "SAF review"
