"""Input for Signs of Safety mappings, scaling, safety plans and next steps."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from caseflow.form_fields import GovukCheckboxes, GovukDateField, GovukFormMixin, GovukRadios
from caseflow.models import Child, NetworkPerson, User
from meetings.forms import STAFF_ROLES
from meetings.models import Meeting, Statement
from meetings.wording import DOMAINS, Framework, Wording


def _area(label: str, *, required: bool = False, rows: int = 5) -> forms.CharField:
    # No max_length on the field: the service explains an over-long domain in words and keeps the text.
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": f"Enter {label[0].lower()}{label[1:]}"},
    )


class WordingForm(GovukFormMixin, forms.Form):
    framework = forms.ChoiceField(label="Framework", choices=Framework.choices, widget=GovukRadios)
    safeguarding_concerns = forms.BooleanField(
        label="There are safeguarding concerns (the plan then uses Signs of Safety)", required=False
    )
    reason = _area("Why the framework changes", required=True, rows=3)


class MappingStartForm(GovukFormMixin, forms.Form):
    mapped_on = GovukDateField(label="Date of the mapping", not_in_future=True)
    copy_last = forms.BooleanField(label="Start as a copy of the last mapping", required=False, initial=True)


class MappingForm(GovukFormMixin, forms.Form):
    """The seven domains, each headed in the child's framework's words."""

    def __init__(self, *args: Any, wording: Wording, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for domain in DOMAINS:
            self.fields[domain] = _area(wording.heading(domain))


class StatementForm(GovukFormMixin, forms.Form):
    worry = _area("Statement", required=True, rows=3)
    goal = _area("Goal", rows=3)
    zero_means = forms.CharField(
        label="On the scaling question, 0 means", max_length=300, error_messages={"required": "Say what 0 means"}
    )
    ten_means = forms.CharField(label="10 means", max_length=300, error_messages={"required": "Say what 10 means"})

    def __init__(self, *args: Any, wording: Wording, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worry"].label = wording.statement
        self.fields["worry"].error_messages["required"] = f"Enter the {wording.statement.lower()}"
        self.fields["goal"].label = wording.goal
        self.fields["goal"].help_text = "A statement cannot be finalised without its goal"


class ScoreForm(GovukFormMixin, forms.Form):
    scored_on = GovukDateField(label="Date", not_in_future=True)
    score = forms.IntegerField(
        label="Score from 0 to 10",
        min_value=0,
        max_value=10,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-2", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter a score from 0 to 10",
            "invalid": "Enter a whole number from 0 to 10",
            "min_value": "Enter a whole number from 0 to 10",
            "max_value": "Enter a whole number from 0 to 10",
        },
    )
    scorer = forms.ChoiceField(
        label="Who gave the score",
        error_messages={
            "required": "Choose who gave the score",
            "invalid_choice": "Choose the child, someone from the child's network or a member of staff",
        },
    )
    context = forms.CharField(label="Where (meeting or visit)", max_length=200, required=False)

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = [(f"person:{p.pk}", f"{p.name} ({p.get_relationship_display()})") for p in child.network.all()]
        staff = [
            (f"user:{u.pk}", f"{u} ({u.get_role_display()})")
            for u in User.objects.filter(is_active=True, role__in=STAFF_ROLES)
        ]
        choices = [("", "Choose"), ("child", f"{child.full_name} (the child)"), *people, *staff]
        self.fields["scorer"].choices = choices  # type: ignore[attr-defined]
        self.fields["scorer"].widget.attrs["class"] = "govuk-select"


class _MeetingChoice(forms.ModelChoiceField):
    """A meeting chosen by its id: anything that is not one of the choices is refused in words
    (an id that is not even a UUID would otherwise be refused in Django's own)."""

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class SafetyPlanForm(GovukFormMixin, forms.Form):
    title = forms.CharField(label="Name of the plan", max_length=200, initial="Safety plan")
    agreed_on = GovukDateField(label="Agreed on", not_in_future=True)
    closure_timeline = _area("Timeline to case closure", rows=4)
    family_network_meeting = _MeetingChoice(
        label="Developed at the family network meeting",
        queryset=Meeting.objects.none(),
        required=False,
        empty_label="None",
        help_text="Needed when a Supervision Order is in place",
        error_messages={"invalid_choice": "Choose a family network meeting held about this child"},
    )

    def __init__(self, *args: Any, meetings: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["family_network_meeting"].queryset = meetings  # type: ignore[attr-defined]
        self.fields["family_network_meeting"].widget.attrs["class"] = "govuk-select"


class PlanRuleForm(GovukFormMixin, forms.Form):
    rule = _area("Plan rule", required=True, rows=3)
    addresses = forms.ModelMultipleChoiceField(
        label="Which statements it addresses",
        queryset=Statement.objects.none(),
        required=False,
        widget=GovukCheckboxes,
        error_messages={
            "invalid_choice": "Choose statements of the child's mapping",
            "invalid_pk_value": "Choose statements of the child's mapping",
        },
    )
    kept_by = forms.ModelMultipleChoiceField(
        label="Who keeps it",
        queryset=NetworkPerson.objects.none(),
        required=False,
        widget=GovukCheckboxes,
        error_messages={
            "invalid_choice": "Choose people from the child's network",
            "invalid_pk_value": "Choose people from the child's network",
        },
    )

    def __init__(self, *args: Any, statements: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["addresses"].queryset = statements  # type: ignore[attr-defined]
        self.fields["kept_by"].queryset = NetworkPerson.objects.filter(child=child)  # type: ignore[attr-defined]


class PlanReviewForm(GovukFormMixin, forms.Form):
    reviewed_on = GovukDateField(label="Reviewed on", not_in_future=True)
    note = _area("Note", rows=3)


class NextStepForm(GovukFormMixin, forms.Form):
    description = _area("Next step", required=True, rows=2)
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose a member of staff to own this next step"},
    )
    due_on = GovukDateField(label="By", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, role__in=STAFF_ROLES
        )
        for name in ("owner", "due_on"):
            self.fields[name].show_optional = False  # type: ignore[attr-defined]


class ConfirmForm(GovukFormMixin, forms.Form):
    """Nothing to type: the button confirms."""


class DoneForm(GovukFormMixin, forms.Form):
    done_on = GovukDateField(label="Done on", not_in_future=True)
