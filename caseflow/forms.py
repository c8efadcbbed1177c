"""Input for the core records. Forms check input only; services apply the change."""

from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils import timezone

from caseflow.access import teams_in_scope
from caseflow.constants import LegalStatus, PlacementType, Role
from caseflow.form_fields import GovukDateField, GovukFormMixin
from caseflow.models import Child, LegalStatusPeriod, NetworkPerson, PlacementPeriod, Team, User

ALLOCATABLE_ROLES = [Role.SOCIAL_WORKER, Role.ADVANCED_PRACTITIONER, Role.TEAM_MANAGER, Role.FOSTERING_TEAM_MANAGER]
NAME_LIMIT = 200


def _years_ago(years: int) -> date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=28 if (today.month, today.day) == (2, 29) else today.day)


def _text_errors(label: str, *, required: bool = True) -> dict[str, str]:
    messages = {"max_length": f"{label} must be {NAME_LIMIT} characters or fewer"}
    if required:
        messages["required"] = f"Enter {label.lower()}"
    return messages


class SignInForm(AuthenticationForm):
    """Django's sign-in form sets the username's max_length after its validators are built, so an
    over-long username would reach authentication (and the lockout records) unchecked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        limit = getattr(username, "max_length", None) or 150
        username.validators.append(
            MaxLengthValidator(limit, message=f"Enter a username of {limit} characters or fewer")
        )


class TwoFactorCodeForm(GovukFormMixin, forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        help_text="The 6 digits it shows for CaseFlow now",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false", "autofocus": True}
        ),
        error_messages={"required": "Enter the 6-digit code from your authenticator app",
                        "max_length": "Enter the 6-digit code from your authenticator app"},
    )  # fmt: skip
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())  # apps show the code as '123 456'
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app, digits only")
        return code


class ChildForm(GovukFormMixin, forms.ModelForm):
    # Care-experienced young people are supported up to 25, so a child is born within 26 years.
    date_of_birth = GovukDateField(label="Date of birth", not_in_future=True, help_text="For example, 27 3 2015")

    class Meta:
        model = Child
        fields = [
            "given_names",
            "family_name",
            "known_as",
            "date_of_birth",
            "gender",
            "ethnicity",
            "local_reference",
            "team",
            "allocated_worker",
            "reviewing_officer",
            "area_of_work",
            "may_return_unplanned",
        ]
        labels = {"given_names": "Given names", "family_name": "Family name", "known_as": "Known as"}
        help_texts = {
            "local_reference": "The child's reference in the council's records",
            "area_of_work": "Chooses the wording of Signs of Safety mappings (Safety, Wellbeing or Success)",
        }
        error_messages = {
            "given_names": _text_errors("The child's given names"),
            "family_name": _text_errors("The child's family name"),
            "known_as": _text_errors("Known as", required=False),
            "ethnicity": _text_errors("Ethnicity", required=False),
            "local_reference": {
                "required": "Enter the child's local reference",
                "max_length": "Local reference must be 40 characters or fewer",
                "unique": "Another child already has this local reference: check it, or search for the child",
            },
            "team": {"required": "Choose the child's team", "invalid_choice": "Choose a team you work in"},
            "allocated_worker": {"invalid_choice": "Choose an allocated social worker from the list"},
            "reviewing_officer": {"invalid_choice": "Choose an independent reviewing officer from the list"},
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date_of_birth"].earliest = _years_ago(26)  # type: ignore[attr-defined]
        team_ids = [team.id for team in teams_in_scope(user)]
        if self.instance.pk:  # keep the child's current team selectable even if outside the editor's scope
            team_ids.append(self.instance.team_id)
        self.fields["team"].queryset = Team.objects.filter(id__in=team_ids)  # type: ignore[attr-defined]
        self.fields["allocated_worker"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, role__in=ALLOCATABLE_ROLES
        )
        self.fields["reviewing_officer"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, role=Role.IRO
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        team, worker = cleaned.get("team"), cleaned.get("allocated_worker")
        if team and worker and not worker.teams.filter(pk=team.pk).exists():
            self.add_error("allocated_worker", f"{worker} is not in the {team} team: choose someone in that team")
        return cleaned


class ChildCreateForm(ChildForm):
    legal_status = forms.ChoiceField(
        label="Legal status", choices=LegalStatus.choices, error_messages={"required": "Choose the legal status"}
    )
    legal_status_since = GovukDateField(label="Legal status since", not_in_future=True)
    # Set once the user has seen the possible duplicates and says this is a different child.
    confirm_new = forms.CharField(required=False, widget=forms.HiddenInput)


class LegalStatusForm(GovukFormMixin, forms.ModelForm):
    start_date = GovukDateField(label="From", not_in_future=True)

    class Meta:
        model = LegalStatusPeriod
        fields = ["status", "start_date"]
        error_messages = {"status": {"required": "Choose the legal status"}}


class PlacementForm(GovukFormMixin, forms.ModelForm):
    start_date = GovukDateField(label="From", not_in_future=True)

    class Meta:
        model = PlacementPeriod
        fields = ["placement_type", "carer", "start_date"]
        error_messages = {
            "placement_type": {"required": "Choose the type of placement"},
            "carer": _text_errors("Carer or setting", required=False),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["placement_type"].choices = PlacementType.choices  # type: ignore[attr-defined]


class NetworkPersonForm(GovukFormMixin, forms.ModelForm):
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        not_in_future=True,
        earliest=date(1900, 1, 1),
        help_text="Needed for police checks of people aged 16 or over. For example, 27 3 1985",
    )

    class Meta:
        model = NetworkPerson
        fields = ["name", "relationship", "date_of_birth", "circle", "is_trusted_adult", "contact"]
        labels = {"circle": "Household"}
        help_texts = {
            "is_trusted_adult": "Someone the child has chosen to trust and talk to",
            "circle": "People aged 16 or over in the household, extended family and regular visitors need a police "
            "check before a reunification decision",
        }
        error_messages = {
            "name": _text_errors("Name"),
            "relationship": {"required": "Choose how this person is related to the child"},
            "contact": {"max_length": "Contact details must be 300 characters or fewer"},
        }


class WaiveForm(GovukFormMixin, forms.Form):
    reason = forms.CharField(
        label="Why this deadline does not apply",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why this deadline does not apply",
                        "max_length": "The reason must be 2000 characters or fewer"},
    )  # fmt: skip
