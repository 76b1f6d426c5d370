"""Helpers on the generic block items (see ``copilote.governance.live``) shared by renderers."""

from __future__ import annotations

from django.utils.translation import gettext as _


def months_as_table(item: dict) -> dict:
    """A month grid turned on its side for portrait pages: one row per month with something."""
    rows = []
    for i, month in enumerate(item["months"]):
        cells = [row["cells"][i] for row in item["rows"]]
        if any(cells):
            rows.append([month, *cells])
    return {
        "type": "table",
        "title": item.get("title", ""),
        "headers": [_("Month"), *(row["label"] for row in item["rows"])],
        "rows": rows,
    }


def portrait(items: list[dict]) -> list[dict]:
    """The items with their month grids turned into tables (for A4 portrait documents)."""
    return [months_as_table(i) if i["type"] == "months" else i for i in items]
