from datetime import date

from django import template

from caseflow.constants import LegalStatus, PlacementType
from caseflow.models import age_on

register = template.Library()


@register.filter
def age(born: date | None, today: date) -> str:
    if born is None:
        return "Not known"
    years = age_on(born, today)
    return f"{years} year{'s' if years != 1 else ''}"


@register.filter
def legal_status_label(value: str | None) -> str:
    return LegalStatus(value).label if value in LegalStatus.values else "Not recorded"


@register.filter
def placement_label(value: str | None) -> str:
    return PlacementType(value).label if value in PlacementType.values else "Not recorded"


@register.simple_tag(takes_context=True)
def sort_link(context: template.Context, column: str) -> str:
    """The list's query string sorted by this column, flipping the order if it already is."""
    query = context["request"].GET.copy()
    descending = context["sort"] == column and not context["descending"]
    query["sort"] = column
    query["order"] = "desc" if descending else "asc"
    query.pop("page", None)
    return "?" + query.urlencode()
