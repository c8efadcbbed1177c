"""The pathway's actions, stage by stage, in the flowchart's words (seeds/going-home-pathway-flowchart.txt).

Each action is recorded once per episode: done (who, when, outcome, note) or not applicable with
a reason. Some are needed before a transition; the guards in `pathways.guards` name those.
"""

from dataclasses import dataclass

from pathways.constants import Stage


@dataclass(frozen=True)
class ActionSpec:
    key: str
    stage: Stage
    group: str
    label: str


def _actions(stage: Stage, group: str, *items: tuple[str, str]) -> list[ActionSpec]:
    return [ActionSpec(key=key, stage=stage, group=group, label=label) for key, label in items]


ACTIONS: list[ActionSpec] = [
    *_actions(
        Stage.STAGE_1,
        "Within 72 hours",
        ("placement_information", "Share placement information"),
        ("placement_planning_meeting", "Hold the placement planning meeting"),
    ),
    *_actions(
        Stage.STAGE_1,
        "Within 20 working days",
        ("cwcf_plan_review", "Review the 'Children we care for' plan"),
    ),
    *_actions(
        Stage.STAGE_1,
        "Critical conversations: confirm the Going Home / Support pathway with",
        ("confirm_pathway_professionals", "Professionals"),
        ("confirm_pathway_birth_parents", "Birth parents"),
        ("confirm_pathway_wider_family", "Wider family network"),
        ("confirm_pathway_foster_carers", "Foster carers"),
        ("confirm_pathway_md_team", "The MD team"),
        ("confirm_pathway_iro", "The IRO"),
    ),
    *_actions(
        Stage.STAGE_1,
        "Build strengths within 60 days: consider",
        ("strengths_fgc", "A Family Group Conference"),
        ("strengths_restorative_circle", "A restorative circle"),
        ("strengths_reflective_space", "Reflective space / Rethink"),
    ),
    *_actions(
        Stage.STAGE_1_BYF,
        "Going Home tracker meeting to review",
        ("byf_review_transfer_checklist", "The transfer checklist"),
        ("byf_review_plans", "The 'Children we care for' plan and placement plan"),
        ("byf_review_family_time_calendar", "The family time calendar"),
        ("byf_consider_lifelong_links", "Lifelong Links"),
    ),
    *_actions(
        Stage.STAGE_1_BYF,
        "Going Home plan within 1 year",
        ("initial_restorative_conversation", "Complete the Going Home Initial Restorative Conversation"),
    ),
    *_actions(
        Stage.STAGE_1_BYF,
        "Maintain",
        ("byf_maintain_critical_conversations", "Critical conversations"),
        ("byf_maintain_lifelong_links", "Lifelong Links and family relationships"),
    ),
    *_actions(
        Stage.STAGE_2,
        "Active Going Home plan: complete",
        ("initial_mdt_meeting", "The Initial MDT decision-making meeting"),
        ("tracker_review", "The Going Home tracker review"),
    ),
    *_actions(
        Stage.STAGE_2,
        "Complete assessments: consider",
        ("assessment_saf", "SAF"),
        ("assessment_reg18", "Reg. 18"),
        ("assessment_capacity_to_care", "Capacity to Care parenting assessment"),
        ("assessment_siblings", "Sibling assessment, together or apart"),
    ),
    *_actions(
        Stage.STAGE_2,
        "Family time: consider",
        ("family_time_increase", "An increase in family time"),
        ("family_time_schedule_review", "Review of the family time schedule in CWCF reviews and family time reviews"),
        ("family_time_record_sheets", "Family time record sheets"),
        ("lifelong_links_referral", "A Lifelong Links referral"),
    ),
    *_actions(
        Stage.STAGE_2,
        "Critical conversations: review the Going Home plan with",
        ("review_plan_child", "The young person or child"),
        ("review_plan_parents", "Parents or carers"),
        ("review_plan_foster_carers", "Foster carers"),
        ("review_plan_wider_family", "Wider family"),
        ("review_plan_professionals", "The professional network"),
    ),
    *_actions(
        Stage.STAGE_2,
        "Build strengths: consider",
        ("s2_restorative_circle", "A restorative circle"),
        ("s2_fgc", "A Family Group Conference"),
        ("s2_reflective_space", "Rethink / reflective space"),
        ("s2_support_groups", "Parent / carer support groups, Homestart (under 5s)"),
        ("network_meetings", "Regular Going Home network meetings"),
    ),
    *_actions(
        Stage.STAGE_2_FINAL_60_DAYS,
        "Going home within 60 days",
        ("final_review_assessments", "Review the parenting assessment / SAF / Reg 18"),
        ("final_discharge_legal_advice", "Consider discharge of the care order with legal advice"),
        ("final_update_tracker", "Update the Going Home tracker"),
        ("final_network_meetings", "Prioritise Going Home network meetings"),
        ("final_contingency_plan", "Agree the contingency plan"),
        ("final_relationship_endings", "Manage relationship endings, including celebrating new beginnings"),
    ),
    *_actions(
        Stage.STAGE_3,
        "Living at home",
        ("s3_review_with_network", "Review progress and the plan with the personal and professional network"),
        ("s3_discharge_legal_advice", "Progress discharge of the care order with legal advice"),
        ("s3_review_plans", "Review the Going Home and 'Children we care for' plan"),
        ("s3_contingency_plan", "Review the contingency plan"),
        ("s3_parent_support", "Support to access parent support groups"),
        ("s3_assessments", "Review assessments"),
        ("s3_post_16", "Post 16: consider care-experienced support and entitlement"),
        ("final_cwcf_review", "Complete the final 'Children we care for' review"),
    ),
    *_actions(
        Stage.CLOSURE,
        "Build strengths: review the contingency and support plan with key partners",
        ("closure_build_strengths", "Restorative circle, Rethink / reflective space or FGC considered"),
    ),
    *_actions(
        Stage.CLOSURE,
        "Step-down and sustainability plan",
        ("closure_lead_professional", "Identify the lead professional"),
        ("closure_handover", "Complete handover meetings or conversations"),
        ("closure_share_plan", "Share the Going Home plan"),
        ("closure_contingency_support", "Agree the contingency and support plan"),
        ("closure_parent_support", "Support to access parent support groups"),
        ("closure_safety_plan", "Record the family's safety plan"),
    ),
]

BY_KEY = {action.key: action for action in ACTIONS}
KEY_CHOICES = [(action.key, action.label) for action in ACTIONS]


def actions_for(stage: Stage) -> list[ActionSpec]:
    return [action for action in ACTIONS if action.stage == stage]


def keys_for(stage: Stage) -> list[str]:
    return [action.key for action in actions_for(stage)]
