"""GOV.UK Design System form pieces: the date input and the widget classes on every field."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils import timezone


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


class GovukDateWidget(forms.MultiWidget):
    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        def part(width: int) -> forms.TextInput:
            classes = f"govuk-input govuk-date-input__input govuk-input--width-{width}"
            return forms.TextInput(attrs={"class": classes, "inputmode": "numeric"})

        super().__init__({"day": part(2), "month": part(2), "year": part(4)}, attrs)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        # Ids end in _day, _month and _year (not _0, _1, _2), so error links can point at them.
        for sub, suffix in zip(context["widget"]["subwidgets"], ("_day", "_month", "_year"), strict=True):
            if sub["attrs"].get("id"):
                sub["attrs"]["id"] = f"{context['widget']['attrs']['id']}{suffix}"
        return context

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_day" if id_ else ""

    def decompress(self, value: date | None) -> list[Any]:
        return [value.day, value.month, value.year] if value else [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A day / month / year date with the Design System's error messages."""

    widget = GovukDateWidget

    def __init__(self, *, not_in_future: bool = False, earliest: date | None = None, **kwargs: Any) -> None:
        self.not_in_future = not_in_future
        self.earliest = earliest
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[Any]) -> date | None:  # clean() does the work
        return None

    def clean(self, value: Any) -> date | None:
        day, month, year = (str(part or "").strip() for part in (value or ["", "", ""]))
        name = str(self.label or "Date")
        if not (day or month or year):
            if self.required:
                raise ValidationError(f"Enter {name[0].lower()}{name[1:]}", code="required")
            return None
        missing = [part for part, text in (("day", day), ("month", month), ("year", year)) if not text]
        if missing:
            raise ValidationError(f"{name} must include a {' and a '.join(missing)}", code="incomplete")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{name} must be a real date, in numbers, like 27 3 2015", code="invalid")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers", code="invalid_year")
        try:
            result = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # a month of 2200000000 is too big even to try
            raise ValidationError(f"{name} must be a real date", code="invalid") from None
        if self.not_in_future and result > timezone.localdate():
            raise ValidationError(f"{name} must be today or in the past", code="future")
        if self.earliest and result < self.earliest:
            raise ValidationError(f"{name} must be on or after {self.earliest:%-d %B %Y}", code="too_early")
        return result


class GovukDateTimeWidget(forms.SplitDateTimeWidget):
    """A date and a time, each with its own label, grouped under the field's legend."""

    template_name = "govuk/widgets/datetime.html"

    def __init__(self) -> None:
        super().__init__(
            date_attrs={"class": "govuk-input govuk-input--width-10"},
            time_attrs={"class": "govuk-input govuk-input--width-5"},
        )


class GovukRadios(forms.RadioSelect):
    template_name = "govuk/widgets/radios.html"


class GovukCheckboxes(forms.CheckboxSelectMultiple):
    template_name = "govuk/widgets/checkboxes.html"


_WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.TextInput: "govuk-input",
    forms.EmailInput: "govuk-input",
    forms.NumberInput: "govuk-input",
    forms.DateInput: "govuk-input",
    forms.PasswordInput: "govuk-input",
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
}


class GovukFormMixin:
    """Gives every field the Design System classes (FORM_RENDERER lays them out the Design System way)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = _WIDGET_CLASSES.get(type(field.widget))
            if css and "class" not in field.widget.attrs:
                field.widget.attrs["class"] = css

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:
                _mark_error(self.fields[name].widget)


_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-select": "govuk-select--error",
    "govuk-textarea": "govuk-textarea--error",
}


def _mark_error(widget: forms.Widget) -> None:
    if isinstance(widget, forms.MultiWidget):
        for part in widget.widgets:
            _mark_error(part)
        return
    classes = widget.attrs.get("class", "").split()
    error_class = _ERROR_CLASSES.get(classes[0]) if classes else None
    if error_class and error_class not in classes:
        widget.attrs["class"] = " ".join([*classes, error_class])
