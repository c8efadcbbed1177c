from collections.abc import Iterable
from datetime import date
from html import escape

from django import template
from django.core.paginator import Page
from django.utils.safestring import SafeString, mark_safe

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


@register.filter
def page_numbers(page: Page) -> list[int | str]:
    """The first and last page, two either side of this one, and the paginator's ellipsis for each
    gap: a list of 400 pages gives nine items, not a loop over all 400."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.simple_tag(takes_context=True)
def sort_link(context: template.Context, column: str) -> str:
    """The list's query string sorted by this column, flipping the order if it already is."""
    query = context["request"].GET.copy()
    descending = context["sort"] == column and not context["descending"]
    query["sort"] = column
    query["order"] = "desc" if descending else "asc"
    query.pop("page", None)
    return "?" + query.urlencode()


@register.simple_tag
def select_options(options: Iterable[tuple[str, str]], selected: str) -> SafeString:
    """<option>s for (value, label) pairs, each value and label escaped, in one pass: a director's
    worker filter has thousands, and a template loop (or format_html per option) cost more than
    the rest of the list page."""
    parts = [
        f'<option value="{escape(value)}"{" selected" if value == selected else ""}>{escape(label)}</option>'
        for value, label in options
    ]
    # Every value and label is escaped just above (quotes too: the value sits in an attribute).
    return mark_safe("".join(parts))  # noqa: S308  # nosec B308 B703
