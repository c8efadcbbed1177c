"""Input for meetings, care planning, court hearings, family time and events."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from caseflow.constants import Role
from caseflow.form_fields import GovukCheckboxes, GovukDateField, GovukDateTimeWidget, GovukFormMixin, GovukRadios
from caseflow.models import Child, NetworkPerson, User
from meetings.constants import CARE_PLANNING_AGENDA, MeetingType
from meetings.models import CarePlanningCriterion, EventKind

TEXT_LIMIT = 5000
STAFF_ROLES = [role for role in Role if role not in (Role.ADMINISTRATOR, Role.PERFORMANCE_OFFICER)]


def _text(label: str, *, required: bool = False, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": f"Enter {label[0].lower()}{label[1:]}",
            "max_length": f"{label} must be {TEXT_LIMIT} characters or fewer",
        },
    )


def _staff() -> Any:
    return User.objects.filter(is_active=True, role__in=STAFF_ROLES)


class MeetingForm(GovukFormMixin, forms.Form):
    meeting_type = forms.ChoiceField(label="Type of meeting", choices=MeetingType.choices)
    held_on = GovukDateField(label="Date held", not_in_future=True)
    chair = forms.ModelChoiceField(
        label="Chair", queryset=User.objects.none(), error_messages={"required": "Choose who chaired the meeting"}
    )
    staff = forms.ModelMultipleChoiceField(
        label="Staff who attended",
        queryset=User.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"class": "govuk-select", "size": 6}),
    )
    network = forms.ModelMultipleChoiceField(
        label="Family and network who attended",
        queryset=NetworkPerson.objects.none(),
        required=False,
        widget=GovukCheckboxes,
        error_messages={
            "invalid_choice": "Choose people from the child's network",
            "invalid_pk_value": "Choose people from the child's network",
        },
    )
    family_attended = forms.BooleanField(label="The family attended", required=False, initial=True)
    no_family_reason = _text("Why the family did not attend")
    decisions = _text("Decisions")
    notes = _text("Notes")

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = _staff()  # type: ignore[attr-defined]
        self.fields["staff"].queryset = _staff()  # type: ignore[attr-defined]
        self.fields["network"].queryset = NetworkPerson.objects.filter(child=child)  # type: ignore[attr-defined]


class TrackerMeetingForm(GovukFormMixin, forms.Form):
    held_on = GovukDateField(label="Date held", not_in_future=True)
    family_attended = forms.BooleanField(label="Families attended", required=False)
    no_family_reason = _text("Why families did not attend")
    notes = _text("Notes")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("no_family_reason", "The weekly tracker meeting reviews plans among professionals")
        super().__init__(*args, **kwargs)


class OutcomeForm(GovukFormMixin, forms.Form):
    outcome = _text("Outcome for the child", required=True)


class ActionForm(GovukFormMixin, forms.Form):
    description = _text("Action", required=True, rows=3)
    owner = forms.ModelChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose who owns this action from the list"},
    )
    due_on = GovukDateField(label="Due on", required=False)
    child = forms.ModelChoiceField(label="For which child", queryset=Child.objects.none(), required=False)

    def __init__(self, *args: Any, children: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff()  # type: ignore[attr-defined]
        self.fields["child"].queryset = children  # type: ignore[attr-defined]
        for name in ("owner", "due_on"):
            self.fields[name].show_optional = False  # type: ignore[attr-defined]


class DoneForm(GovukFormMixin, forms.Form):
    done_on = GovukDateField(label="Done on", not_in_future=True)


class AgendaForm(GovukFormMixin, forms.Form):
    def __init__(self, *args: Any, points: list[tuple[str, str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, words, point in points:
            self.fields[f"{key}_discussed"] = forms.BooleanField(
                label=words, required=False, initial=bool(point and point.discussed)
            )
            self.fields[f"{key}_note"] = forms.CharField(
                label=f"Notes: {words}",
                required=False,
                max_length=TEXT_LIMIT,
                initial=point.note if point else "",
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def points(self) -> dict[str, tuple[bool, str]]:
        keys = [key for key, _ in CARE_PLANNING_AGENDA if f"{key}_discussed" in self.fields]
        return {key: (self.cleaned_data[f"{key}_discussed"], self.cleaned_data[f"{key}_note"]) for key in keys}


class CareDecisionForm(GovukFormMixin, forms.Form):
    decision = _text("The care decision", required=True)


class CriterionForm(GovukFormMixin, forms.Form):
    criterion = forms.ModelChoiceField(
        label="Why the child needs a care planning meeting",
        queryset=CarePlanningCriterion.objects.filter(is_active=True),
        error_messages={"required": "Choose the reason"},
    )
    noted_on = GovukDateField(label="Applies from", not_in_future=True)


class HearingForm(GovukFormMixin, forms.Form):
    hearing_on = GovukDateField(label="Hearing date")
    is_final = forms.BooleanField(label="This is the final hearing", required=False)
    likely_contested = forms.BooleanField(label="The hearing is likely to be contested", required=False)
    note = _text("Note")


def _moment(label: str) -> forms.SplitDateTimeField:
    return forms.SplitDateTimeField(
        label=label,
        input_date_formats=["%d/%m/%Y", "%Y-%m-%d"],
        input_time_formats=["%H:%M"],
        widget=GovukDateTimeWidget(),
        help_text="A date like 27/03/2026 and a time like 14:30",
        error_messages={
            "required": f"Enter {label.lower()}: a date like 27/03/2026 and a time like 14:30",
            "invalid_date": "Enter a real date, like 27/03/2026",
            "invalid_time": "Enter a time like 14:30",
        },
    )


class FamilyTimeForm(GovukFormMixin, forms.Form):
    starts_at = _moment("From")
    ends_at = _moment("Until")
    with_whom = forms.ModelMultipleChoiceField(
        label="With", queryset=NetworkPerson.objects.none(), required=False, widget=GovukCheckboxes
    )
    supervised = forms.BooleanField(label="Supervised", required=False, initial=True)
    overnight = forms.BooleanField(label="Overnight", required=False)
    record_sheet = _text("Record sheet")

    def __init__(self, *args: Any, child: Child, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["with_whom"].queryset = NetworkPerson.objects.filter(child=child)  # type: ignore[attr-defined]


class EventForm(GovukFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What happened",
        choices=EventKind.choices,
        widget=GovukRadios,
        error_messages={"required": "Choose what happened"},
    )
    happened_at = _moment("When")
    safety_worries = forms.BooleanField(
        label="The initial visit confirmed worries about the child's safety (for an assessment)", required=False
    )
    note = _text("Note")

    def clean_happened_at(self) -> datetime:
        value: datetime = self.cleaned_data["happened_at"]
        return value if timezone.is_aware(value) else timezone.make_aware(value)
