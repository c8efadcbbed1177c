"""Input for the reunification framework."""

from typing import Any

from django import forms

from caseflow.constants import RECORDING_ROLES
from caseflow.form_fields import GovukCheckboxes, GovukDateField, GovukFormMixin, GovukRadios
from caseflow.models import NetworkPerson, User
from reunification.constants import (
    OUTCOMES_FOR,
    CheckResult,
    ClassificationKind,
    CpagDocument,
    DecisionKind,
    RiskLevel,
    VisitKind,
)
from reunification.models import ReunificationEpisode

TEXT_LIMIT = 5000


def _text(label: str, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}",
            "max_length": f"{label} must be {TEXT_LIMIT} characters or fewer",
        },
    )


def _happened(label: str, *, required: bool = True) -> GovukDateField:
    return GovukDateField(label=label, required=required, not_in_future=True)


class IdentifyForm(GovukFormMixin, forms.Form):
    identified_on = _happened("Date identified as a candidate")


def _same_words(message: str) -> dict[str, str]:
    """No answer and an answer not offered get the same plain words."""
    return {"required": message, "invalid_choice": message}


def _choose(label: str, choices: Any, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=GovukRadios, error_messages=_same_words(message))


def _yes_or_no(label: str, **kwargs: Any) -> forms.TypedChoiceField:
    """A Yes / No question as radios, read as True or False."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("True", "Yes"), ("False", "No")],
        coerce=lambda value: value == "True",
        widget=GovukRadios,
        **kwargs,
    )


class ActivityForm(GovukFormMixin, forms.Form):
    done_on = _happened("Date")
    visit = _choose(
        "Was the visit announced?", VisitKind.choices, "Choose whether the visit was announced or unannounced"
    )
    seen_alone = _yes_or_no(
        "Was the child seen alone?", error_messages=_same_words("Say whether the child was seen alone")
    )
    note = _text("Note", required=False)

    def __init__(self, *args: Any, is_visit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_visit:
            del self.fields["visit"]
            del self.fields["seen_alone"]


class AssessmentPlanForm(GovukFormMixin, forms.ModelForm):
    chronology_started_on = _happened("Chronology started", required=False)
    chronology_completed_on = _happened("Chronology completed", required=False)
    rha_started_on = _happened("Return Home Assessment started", required=False)
    rha_due_on = GovukDateField(
        label="Return Home Assessment due",
        required=False,
        help_text="The end of the timetable: the mid-point supervision falls halfway",
    )
    rha_completed_on = _happened("Return Home Assessment completed", required=False)

    class Meta:
        model = ReunificationEpisode
        fields = [
            "assessor",
            "chronologist",
            "harbour_practitioner",
            "assessment_timetable",
            "chronology_started_on",
            "chronology_completed_on",
            "rha_started_on",
            "rha_due_on",
            "rha_completed_on",
            "trusted_adult",
        ]
        labels = {
            "assessor": "Who carries out the Return Home Assessment",
            "chronologist": "Chronologist",
            "assessment_timetable": "Timetable agreed at the assessment planning meeting",
            "trusted_adult": "The child's Trusted Adult",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(is_active=True, role__in=RECORDING_ROLES)
        self.fields["assessor"].queryset = staff  # type: ignore[attr-defined]
        self.fields["chronologist"].queryset = staff  # type: ignore[attr-defined]
        self.fields["trusted_adult"].queryset = NetworkPerson.objects.filter(  # type: ignore[attr-defined]
            child_id=self.instance.child_id
        )


class CpagForm(GovukFormMixin, forms.ModelForm):
    cpag_on = _happened("CPAG panel date", required=False)
    cpag_recommended = _yes_or_no("Did CPAG recommend the reunification plan?", empty_value=None, required=False)
    pwp_regulations_met = _yes_or_no(
        "Have the Placement with Parents regulations been adhered to?", empty_value=None, required=False
    )
    cpag_documents = forms.TypedMultipleChoiceField(
        label="Which documents were presented at CPAG?",
        help_text="Select all that were presented",
        choices=CpagDocument.choices,
        required=False,
        widget=GovukCheckboxes,
        error_messages={"invalid_choice": "Choose documents from the list"},
    )

    class Meta:
        model = ReunificationEpisode
        fields = ["cpag_on", "cpag_recommended", "cpag_documents", "pwp_regulations_met"]


class PoliceCheckForm(GovukFormMixin, forms.Form):
    checked_on = _happened("Date of the check")
    result = forms.ChoiceField(
        label="Result",
        choices=CheckResult.choices,
        widget=GovukRadios,
        error_messages={"required": "Choose the result"},
    )
    note = _text("Note", required=False)


class GoalForm(GovukFormMixin, forms.Form):
    what_must_change = _text("What must change")
    evidence = _text("How it will be evidenced")
    by_when = GovukDateField(label="By when", required=False, help_text="A SMART goal has a timescale")

    def clean_by_when(self) -> Any:
        value = self.cleaned_data.get("by_when")
        if value is None:
            raise forms.ValidationError("A SMART goal needs a timescale: enter the date it should be met by")
        return value


class GoalProgressForm(GovukFormMixin, forms.Form):
    recorded_on = _happened("Date")
    progress = _text("Progress")
    on_track = forms.BooleanField(label="On track", required=False)


class ClassificationForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Which classification", choices=ClassificationKind.choices)
    level = _choose("Level of risk", RiskLevel.choices, "Choose Low, Medium, High or Severe")
    classified_on = _happened("Date of the classification")
    rationale = _text("Reasons")

    def __init__(self, *args: Any, correcting: Any = None, **kwargs: Any) -> None:
        if correcting is not None:  # a correction is of the same kind, starting from what was recorded
            kwargs["initial"] = {
                "level": correcting.level,
                "classified_on": correcting.classified_on,
                "rationale": correcting.rationale,
            }
        super().__init__(*args, **kwargs)
        if correcting is not None:
            del self.fields["kind"]


class DecisionForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(label="Decision", widget=GovukRadios, error_messages={"required": "Choose a decision"})
    risk_level = forms.ChoiceField(
        label="Level of risk confirmed",
        choices=RiskLevel.choices,
        widget=GovukRadios,
        error_messages={
            "required": "Confirm the level of risk",
            "invalid_choice": "Choose Low, Medium, High or Severe",
        },
    )
    significant_change = forms.BooleanField(
        label="This is a significant change of plan: prepare for CPAG", required=False
    )
    decided_on = _happened("Date of the decision")
    rationale = _text("Reasons")

    def __init__(self, *args: Any, kind: DecisionKind, correcting: Any = None, **kwargs: Any) -> None:
        if correcting is not None:  # a correction keeps the outcome and starts from what was recorded
            kwargs["initial"] = {
                "risk_level": correcting.risk_level,
                "significant_change": correcting.significant_change,
                "decided_on": correcting.decided_on,
                "rationale": correcting.rationale,
            }
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.value, o.label) for o in OUTCOMES_FOR[kind]]  # type: ignore[attr-defined]
        if correcting is not None:
            del self.fields["outcome"]
        if kind == DecisionKind.DECISION_3:
            self.fields["risk_level"].required = False
            self.fields["risk_level"].label = "Risk level now (Risk Classification 2 where required)"
        elif kind != DecisionKind.DECISION_2:
            del self.fields["risk_level"]
        if kind != DecisionKind.DECISION_3:
            del self.fields["significant_change"]


class ConfirmForm(GovukFormMixin, forms.Form):
    """Nothing to type: the button confirms."""


class ReturnHomeForm(GovukFormMixin, forms.Form):
    returned_on = _happened("Date the child returned home")


class EndForm(GovukFormMixin, forms.Form):
    how = forms.ChoiceField(
        label="How the episode ends",
        choices=[("close", "Close: the reunification has been sustained"), ("exit", "Exit part way")],
        widget=GovukRadios,
        error_messages={"required": "Choose how the episode ends"},
    )
    on = _happened("Date")
    outcome = _text("Outcome of the reunification activity, with the reasons for an exit part way")
