"""Meeting types and the rules about who attends (SPEC sections 5 and 6)."""

from django.db import models


class MeetingType(models.TextChoices):
    CWCF_REVIEW = "cwcf_review", "'Children we care for' review"
    TRACKER = "tracker", "Going Home tracker meeting"
    SUPPORT = "support", "Going Home support meeting"
    MD_SUPERVISION = "md_supervision", "MD supervision"
    DD_MEETING = "dd_meeting", "Going Home Deputy Director meeting"
    LIFELONG_LINKS_TRACKER = "lifelong_links_tracker", "Lifelong Links tracker meeting"
    INITIAL_MDT = "initial_mdt", "Initial MDT decision-making meeting"
    LEGAL_MEETING = "legal_meeting", "Legal meeting"
    LEGAL_PLANNING = "legal_planning", "Legal planning meeting"
    NETWORK_MEETING = "network_meeting", "Going Home network meeting"
    CARE_PLANNING = "care_planning", "Care planning meeting"
    FGC = "fgc", "Family Group Conference"
    REVIEW_FGC = "review_fgc", "Review Family Group Conference"
    FAMILY_NETWORK = "family_network", "Family network meeting"
    RAPID_FAMILY_NETWORK = "rapid_family_network", "Rapid family network meeting"
    RESTORATIVE_CIRCLE = "restorative_circle", "Restorative circle"
    REFLECTIVE_SPACE = "reflective_space", "Reflective space / Rethink"
    CRITICAL_CONVERSATION = "critical_conversation", "Critical conversation"
    ASSESSMENT_PLANNING = "assessment_planning", "Assessment planning meeting"
    LINE_OF_SIGHT = "line_of_sight", "Line of Sight"
    RISK_CLASSIFICATION = "risk_classification", "Risk classification meeting"
    REUNIFICATION_PLANNING = "reunification_planning", "Reunification planning meeting"
    REUNIFICATION_REVIEW = "reunification_review", "Reunification planning review"
    CPAG = "cpag", "CPAG"
    TAC = "tac", "Team around the Child meeting"
    HANDOVER = "handover", "Handover meeting"
    TRANSFER = "transfer", "Transfer meeting"
    STRATEGY = "strategy", "Strategy meeting"
    LEGAL_GATEWAY = "legal_gateway", "Legal gateway panel"
    INITIAL_CP_CONFERENCE = "initial_cp_conference", "Initial child protection conference"
    REVIEW_CP_CONFERENCE = "review_cp_conference", "Review child protection conference"
    CORE_GROUP = "core_group", "Core group"
    TAF = "taf", "Team around the family meeting"
    FAMILY_TIME_REVIEW = "family_time_review", "Family time review meeting"
    CIN_REVIEW = "cin_review", "Child in Need review"


# The handbook: families attend every meeting about their child except these.
WITHOUT_FAMILY = frozenset({MeetingType.STRATEGY, MeetingType.LEGAL_PLANNING})
# 'A family led decision making meeting, whether through a Family Group Conference or otherwise'.
FAMILY_LED = frozenset(
    {MeetingType.FGC, MeetingType.REVIEW_FGC, MeetingType.FAMILY_NETWORK, MeetingType.RAPID_FAMILY_NETWORK}
)


class CriteriaList(models.TextChoices):
    SAFEGUARDING = "safeguarding", "Child supported within SAT / Operational / CWDT"
    CARED_FOR = "cared_for", "Child supported within Cared For / Care Experienced / CWDT"


# The seed's agenda points for a care planning meeting.
CARE_PLANNING_AGENDA = [
    ("proposed_plan", "What is the proposed plan, and is it the right plan for this child?"),
    ("timetable", "Review of the Court or PLO timetable, directions and assessments"),
    ("evidence_gaps", "Are there gaps in evidence?"),
    ("barriers", "Barriers to timely and appropriate permanence plans, and the action to address them"),
    ("disputes", "Is there ongoing dispute about the plans?"),
    ("fgc", "Has an FGC taken place: safety nets, exit and permanence plans?"),
    ("guardian", "Dispute resolution or conflicting views of the Children's Guardian: how is it addressed?"),
    ("funding", "Are there any funding issues?"),
    ("timeframe", "Is permanence planning progressing within the child's timeframe?"),
    ("actions", "Agreed actions"),
]
