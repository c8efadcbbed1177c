"""Choices for the reunification framework (SPEC section 4, seeds/reunification-process.txt)."""

from django.db import models


class Step(models.TextChoices):
    """States in the seed's order. Each 'decision_N' is 'waiting for Decision N'."""

    IDENTIFIED = "identified", "Identified as a candidate"
    DECISION_1 = "decision_1", "Waiting for Decision 1"
    ASSESSMENT = "assessment", "Assessment"
    DECISION_2 = "decision_2", "Waiting for Decision 2"
    PLANNING = "planning", "Planning"
    IMPLEMENTATION = "implementation", "Implementing the reunification plan"
    DECISION_3 = "decision_3", "Waiting for Decision 3"
    TRANSITION_HOME = "transition_home", "Transition home"
    AT_HOME = "at_home", "Living at home"
    CLOSED = "closed", "Closed"
    NOT_PURSUED = "not_pursued", "Not pursued"
    ALTERNATIVE_PERMANENCE = "alternative_permanence", "Alternative permanence"
    EXITED = "exited", "Exited part way"


ENDED_STEPS = [Step.CLOSED, Step.NOT_PURSUED, Step.ALTERNATIVE_PERMANENCE, Step.EXITED]
OPEN_STEPS = [step for step in Step if step not in ENDED_STEPS]


class RiskLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    SEVERE = "severe", "Severe"


# What each level means, in the seed's words (the accessible traffic-light table uses these too).
RISK_MEANING = {
    RiskLevel.LOW: "Actively consider reunification",
    RiskLevel.MEDIUM: "Reunification should be considered; look for sustained change and reclassify the risk",
    RiskLevel.HIGH: "Further interventions and evidence of change needed before reunification considered",
    RiskLevel.SEVERE: "Possibility of abuse or neglect too high to permit a return home",
}


class ClassificationKind(models.TextChoices):
    QUICK = "quick", "Quick classification (SW and QARO discussion)"
    RC1_RECOMMENDATION = "rc1", "Risk Classification 1 meeting recommendation"
    INTERIM = "interim", "Reclassification"
    RC2 = "rc2", "Risk Classification 2"
    RC3 = "rc3", "Risk Classification 3"


class DecisionKind(models.TextChoices):
    DECISION_1 = "decision_1", "Decision 1"
    DECISION_2 = "decision_2", "Decision 2"
    RHA_SIGN_OFF = "rha_sign_off", "Return Home Assessment signed off"
    DECISION_3 = "decision_3", "Decision 3"
    RATIFICATION = "ratification", "Ratification of Decision 3"
    EMERGENCY_PWP = "emergency_pwp", "Emergency Placed with Parents approval"
    PWP_CASE_DECISION = "pwp_case_decision", "Case decision on Emergency Placed with Parents"
    CORPORATE_DIRECTOR = "corporate_director", "Corporate Director agreement"


class Outcome(models.TextChoices):
    PURSUE = "pursue", "Pursue reunification"
    NOT_PURSUE = "not_pursue", "Do not pursue reunification"
    PROGRESS = "progress", "Progress with reunification"
    NOT_PROGRESS = "not_progress", "Do not progress with reunification"
    REUNIFY = "reunify", "Reunify"
    NOT_YET = "not_yet", "Not yet: continue the plan"
    ALTERNATIVE_PERMANENCE = "alternative_permanence", "Alternative plan for permanence"
    AGREED = "agreed", "Agreed"
    NOT_AGREED = "not_agreed", "Not agreed"
    RATIFIED = "ratified", "Ratified"
    NOT_RATIFIED = "not_ratified", "Not ratified: the Service Manager decides again"


OUTCOMES_FOR = {
    DecisionKind.DECISION_1: [Outcome.PURSUE, Outcome.NOT_PURSUE],
    DecisionKind.DECISION_2: [Outcome.PROGRESS, Outcome.NOT_PROGRESS],
    DecisionKind.RHA_SIGN_OFF: [Outcome.AGREED],
    DecisionKind.DECISION_3: [Outcome.REUNIFY, Outcome.NOT_YET, Outcome.ALTERNATIVE_PERMANENCE],
    DecisionKind.RATIFICATION: [Outcome.RATIFIED, Outcome.NOT_RATIFIED],
    DecisionKind.EMERGENCY_PWP: [Outcome.AGREED, Outcome.NOT_AGREED],
    DecisionKind.PWP_CASE_DECISION: [Outcome.AGREED],
    DecisionKind.CORPORATE_DIRECTOR: [Outcome.AGREED, Outcome.NOT_AGREED],
}


class VisitKind(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    UNANNOUNCED = "unannounced", "Unannounced"


class CpagDocument(models.TextChoices):
    """The documents the seed says are presented at CPAG."""

    RHA = "rha", "Return Home Assessment"
    CHRONOLOGY = "chronology", "Chronology"
    CLA_REVIEW = "cla_review_decisions", "Decisions from the last CLA review"
    PARENTAL_AGREEMENT = "parental_agreement", "Parental agreement"
    REUNIFICATION_PLAN = "reunification_plan", "Reunification plan"
    PWP_FRONT_SHEET = "pwp_front_sheet", "Placed with Parents front sheet"


class CheckResult(models.TextChoices):
    NOTHING_FOUND = "nothing_found", "Nothing of concern"
    INFORMATION_FOUND = "information_found", "Information found: considered in the assessment"


class ReviewChair(models.TextChoices):
    QARO = "qaro", "QARO"
    TEAM_MANAGER = "team_manager", "Team manager"
    SOCIAL_WORKER = "social_worker", "Social worker"
