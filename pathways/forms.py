"""Input for the pathway: forms check what was typed; services decide what it means."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from caseflow.constants import RECORDING_ROLES
from caseflow.form_fields import GovukDateField, GovukFormMixin, GovukRadios
from caseflow.models import User
from pathways.constants import (
    ActionStatus,
    AgreementOutcome,
    LegalRoute,
    PlanReviewMeeting,
    PlanTimeframe,
    Route,
    Stage,
)
from pathways.models import PathwayEpisode

REASON_LIMIT = 5000


def _reason_field(label: str, *, required: bool = True, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=REASON_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}",
            "max_length": f"{label} must be {REASON_LIMIT} characters or fewer",
        },
    )


class EpisodeStartForm(GovukFormMixin, forms.Form):
    activated_on = GovukDateField(
        label="Date the child started living away from home", not_in_future=True, help_text="For example, 27 3 2026"
    )
    activated_time = forms.TimeField(
        label="Time",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text="24-hour clock, for example 14:30. Stage 1's 72-hour clock starts here.",
        error_messages={"required": "Enter the time", "invalid": "Enter the time like 14:30"},
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5", "inputmode": "numeric"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, moment = cleaned.get("activated_on"), cleaned.get("activated_time")
        if day and moment:
            activated = timezone.make_aware(datetime.combine(day, moment))
            if activated > timezone.now():
                self.add_error("activated_time", "The time cannot be in the future")
            cleaned["activated_at"] = activated
        return cleaned


class EpisodeFactsForm(GovukFormMixin, forms.ModelForm):
    """The facts that drive the branches; which appear depends on the stage."""

    planned_return_date = GovukDateField(
        label="Planned return date", required=False, help_text="The date the child is planned to go home"
    )
    proceedings_concluded_on = GovukDateField(label="Care proceedings concluded on", required=False, not_in_future=True)
    returned_home_on = GovukDateField(label="Date the child returned home", required=False, not_in_future=True)

    class Meta:
        model = PathwayEpisode
        fields = ["route", "planned_return_date", "proceedings_concluded_on", "placement_settled", "returned_home_on",
                  "legal_route"]  # fmt: skip
        labels = {"placement_settled": "The placement is settled"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        select = forms.Select(attrs={"class": "govuk-select"})
        self.fields["route"] = forms.ChoiceField(
            label="Route confirmed with the family and network",
            choices=[("", "Not confirmed yet"), *Route.choices],
            required=False,
            widget=select,
        )
        self.fields["legal_route"] = forms.ChoiceField(
            label="Legal route at home",
            choices=[("", "Not recorded"), *LegalRoute.choices],
            required=False,
            widget=select,
        )
        stage = self.instance.state
        if stage != Stage.STAGE_2_FINAL_60_DAYS:
            del self.fields["returned_home_on"]
        if stage not in (Stage.STAGE_3, Stage.CLOSURE):
            del self.fields["legal_route"]
        if stage not in (Stage.STAGE_1, Stage.STAGE_1_BYF):
            del self.fields["proceedings_concluded_on"]
            del self.fields["placement_settled"]


class ActionForm(GovukFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Has this been done?",
        choices=[(ActionStatus.DONE, "Yes, it has been done"), (ActionStatus.NOT_APPLICABLE, "It does not apply")],
        widget=GovukRadios,
        error_messages={"required": "Say whether it has been done or does not apply"},
    )
    done_by = forms.ModelChoiceField(
        label="Done by", queryset=User.objects.none(), required=False, help_text="Leave as yourself if you did it"
    )
    done_on = GovukDateField(label="Done on", required=False, not_in_future=True)
    outcome = _reason_field("Outcome", required=False)
    note = _reason_field("Note", required=False)
    not_applicable_reason = _reason_field("Why it does not apply", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Needed for one answer or the other, so neither is marked optional.
        for name in ("done_on", "not_applicable_reason"):
            self.fields[name].show_optional = False  # type: ignore[attr-defined]
        self.fields["done_by"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, role__in=RECORDING_ROLES
        )
        self.fields["done_by"].initial = user.pk


class GoingHomePlanForm(GovukFormMixin, forms.Form):
    timeframe = forms.ChoiceField(
        label="Target timeframe",
        choices=PlanTimeframe.choices,
        widget=GovukRadios,
        error_messages={"required": "Choose the target timeframe"},
    )
    plan_text = _reason_field("The plan")
    shared_on = GovukDateField(label="Shared on", required=False, not_in_future=True)
    shared_with = _reason_field("Shared with", required=False, help_text="For example: parents, foster carers, IRO")


class PlanReviewForm(GovukFormMixin, forms.Form):
    meeting = forms.ChoiceField(
        label="Reviewed in", choices=PlanReviewMeeting.choices, error_messages={"required": "Choose the meeting"}
    )
    reviewed_on = GovukDateField(label="Reviewed on", not_in_future=True)
    note = _reason_field("Note", required=False)


class TransferItemForm(GovukFormMixin, forms.Form):
    completed_on = GovukDateField(label="Completed on", not_in_future=True)
    note = _reason_field("Note", required=False)


class TransitionRequestForm(GovukFormMixin, forms.Form):
    reason = _reason_field("Why this change is needed")
    effective_on = GovukDateField(label="Date the child left the pathway", required=False, not_in_future=True)

    def __init__(self, *args: Any, asks_for_date: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not asks_for_date:
            del self.fields["effective_on"]
        else:
            self.fields["effective_on"].required = True


class DecisionForm(GovukFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("refuse", "Refuse")],
        widget=GovukRadios,
        error_messages={"required": "Choose whether you approve or refuse"},
    )
    reason = _reason_field("Reason for your decision")


class UnplannedReturnForm(GovukFormMixin, forms.Form):
    returned_on = GovukDateField(label="Date the child went home", not_in_future=True)
    note = _reason_field("What happened", required=False)


class AgreementForm(GovukFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Decision",
        choices=AgreementOutcome.choices,
        widget=GovukRadios,
        error_messages={"required": "Choose your decision"},
    )
    rationale = _reason_field("Your reasons")

    def __init__(self, *args: Any, unplanned: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not unplanned:  # 'not agreed beforehand' only fits a return that has already happened
            self.fields["outcome"].choices = [  # type: ignore[attr-defined]
                (AgreementOutcome.AGREED, AgreementOutcome.AGREED.label),
                (AgreementOutcome.NOT_AGREED, AgreementOutcome.NOT_AGREED.label),
            ]
