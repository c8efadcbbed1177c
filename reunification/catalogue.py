"""The seed's steps that are activities to record (dated, with a note), step by step.

Decisions, risk classifications, police checks and the parents' goals have records of their own.
"""

from dataclasses import dataclass

from reunification.constants import Step


@dataclass(frozen=True)
class StepSpec:
    key: str
    step: Step
    label: str


def _steps(step: Step, *items: tuple[str, str]) -> list[StepSpec]:
    return [StepSpec(key=key, step=step, label=label) for key, label in items]


ACTIVITIES: list[StepSpec] = [
    *_steps(
        Step.IDENTIFIED,
        ("sw_qaro_discussion", "Discussion between the social worker and QARO"),
        ("supervision_discussion", "Discussion in supervision (social worker and team manager)"),
    ),
    *_steps(
        Step.ASSESSMENT,
        ("assessment_planning_meeting", "Assessment planning meeting held to set the timetable"),
        ("line_of_sight", "Line of Sight attended to request a Harbour Youth Practitioner (if relevant)"),
        ("meet_child_alone", "Child seen alone; reunification explained with the traffic-light table"),
        ("genogram", "Genogram produced"),
        ("housing_finances_school", "Housing, finances and school checked; issues raised early"),
        ("support_needs", "Support needs identified and referrals made"),
        ("fgc_considered", "Family Group Conference considered"),
        ("mid_point_supervision", "Mid-point supervision on the draft assessment and chronology"),
    ),
    *_steps(
        Step.PLANNING,
        ("confirm_classification", "Risk classification confirmed with the parents, child and care giver"),
        ("planning_meeting", "Reunification planning meeting held"),
        ("contingency_plan", "Contingency permanence plan made and shared with the parents"),
        ("carers_role", "Role of the current care givers identified"),
        ("communication_with_child", "Child's hopes, fears and timing heard; who sees them alone agreed"),
        ("fgc_family_plan", "FGC held as required; the Family Plan is part of the reunification plan"),
        ("reunification_plan", "Reunification plan developed"),
    ),
    *_steps(
        Step.IMPLEMENTATION,
        ("monitor_goals", "Progress on the parents' goals monitored"),
        ("monitor_support", "Support monitored, including the FGC Family Plan"),
    ),
    *_steps(
        Step.TRANSITION_HOME,
        ("communicate_decision", "Risk classification and decision explained to the child, parents and care givers"),
        ("planning_review", "Reunification planning review held"),
        ("fgc_review", "FGC review held as required"),
        ("increase_contact", "Contact increased for a gradual return home; child consulted on timing"),
        ("visits", "Visit to the family home (announced or unannounced)"),
        ("update_reunification_plan", "Reunification plan updated: support in place for the return home"),
        ("cic_review", "CIC review held (adjourned to fit CPAG where needed)"),
    ),
    *_steps(
        Step.AT_HOME,
        ("change_legal_status", "Legal status changed as required"),
        ("home_visit", "Visit at home (announced or unannounced; the child seen alone)"),
        ("tac_meeting", "Team around the Child meeting"),
        ("cic_review_at_home", "CIC / pathway plan review"),
        ("outcomes_tool_sdq", "Outcomes tool and SDQ completed after six months at home"),
        ("rescind_care_order", "Rescinding the care order: timescale, discharge chronology, statement, assessments"),
    ),
]

BY_KEY = {spec.key: spec for spec in ACTIVITIES}
# Visits record whether they were announced and whether the child was seen alone (the seed: the
# child must be seen alone each time once home).
VISITS = frozenset({"visits", "home_visit"})
KEY_CHOICES = [(spec.key, spec.label) for spec in ACTIVITIES]
