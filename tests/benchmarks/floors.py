"""The floors' SQL (floors.sql), with the child page's timeline parts made from the timeline's
registered sources: every kind of record the page's timeline merges, found for the child the way
each source names it (`episode__child_id` becomes a nested IN over the episodes).

Table and column names come from the models, never from input.
"""

from pathlib import Path
from typing import Any

FLOORS = Path(__file__).with_name("floors.sql")

NESTED = "<column> IN (SELECT r.<pk> FROM <table> r WHERE <inner>)"
KEYS = "SELECT <index> AS src, h.history_id, h.history_date, h.id::text AS rid FROM <table> h WHERE <filter>"
JOINS = """LEFT JOIN LATERAL (SELECT row_to_json(h) AS j, u.username FROM <table> h
        LEFT JOIN caseflow_user u ON u.id = h.history_user_id
        WHERE k.src = <index> AND h.history_id = k.history_id) r<index> ON true
    LEFT JOIN LATERAL (SELECT row_to_json(h) AS j FROM <table> h
        WHERE k.src = <index> AND h.id = k.rid::<id_type> AND h.history_date < k.history_date
        ORDER BY h.history_date DESC, h.history_id DESC LIMIT 1) p<index> ON true"""


def _fill(template: str, **values: Any) -> str:
    for name, value in values.items():
        template = template.replace(f"<{name}>", str(value))
    return template


def _child_filter(model: Any, path: str, alias: str) -> str:
    """SQL selecting rows of `model` (as `alias`) whose path leads to the child."""
    head, _, rest = path.partition("__")
    field = model._meta.get_field(head)
    if not rest:
        return f"{alias}.{field.column} = %(child)s"
    related = field.related_model
    return _fill(
        NESTED,
        column=f"{alias}.{field.column}",
        pk=related._meta.pk.column,
        table=related._meta.db_table,
        inner=_child_filter(related, rest, "r"),
    )


def timeline_parts() -> dict[str, str]:
    from caseflow import timeline

    keys, rows, previous, joins = [], [], [], []
    for index, source in enumerate(timeline._sources):
        history = source.model.history.model  # type: ignore[attr-defined]
        table = history._meta.db_table
        id_type = "uuid" if history._meta.get_field("id").get_internal_type() == "UUIDField" else "bigint"
        keys.append(_fill(KEYS, index=index, table=table, filter=_child_filter(history, source.child_field, "h")))
        joins.append(_fill(JOINS, index=index, table=table, id_type=id_type))
        rows.append(f"r{index}.j")
        previous.append(f"p{index}.j")
    return {
        "TIMELINE_KEYS": "\n    UNION ALL ".join(keys),
        "TIMELINE_ROW": f"COALESCE({', '.join(rows)})",
        "TIMELINE_PREVIOUS": f"COALESCE({', '.join(previous)})",
        "TIMELINE_JOINS": "\n    ".join(joins),
    }


def floor_queries() -> dict[str, str]:
    text = FLOORS.read_text()
    for name, part in timeline_parts().items():
        text = text.replace("{{" + name + "}}", part)
    found: dict[str, str] = {}
    current: str | None = None
    for line in text.splitlines():
        if line.startswith("-- floor:"):
            current = line.removeprefix("-- floor:").strip()
            found[current] = ""
        elif current is not None:
            found[current] += line + "\n"
    return found
