"""Helpers on the generic block items (see ``copilote.governance.live``) shared by renderers."""

from __future__ import annotations

from django.utils.translation import gettext as _

PHASES = "phases"  # the key of a grid's phases row (``planning.selectors.months_block``)


def even_pieces(count: int, size: int) -> list[slice]:
    """``count`` columns cut into as few pieces of at most ``size`` as possible, their sizes
    differing by one at most (10 by 4: 4 + 3 + 3, never 4 + 4 + 2; 13 by 4: 4 + 3 + 3 + 3,
    never a last piece of one month alone)."""
    if count <= 0:
        return []
    pieces = -(-count // max(size, 1))
    base, extra = divmod(count, pieces)
    cuts, start = [], 0
    for k in range(pieces):
        stop = start + base + (1 if k < extra else 0)
        cuts.append(slice(start, stop))
        start = stop
    return cuts


def months_as_table(item: dict) -> dict:
    """A month grid told month by month for portrait pages: one row per month with something,
    its phases in one column and every other row's steps, each after its row's name, in a wide
    one. A column per row would leave a portrait page's columns too narrow for a date
    (« octobre 20 / 12 ») as soon as a programme has three working groups."""
    phases = [row for row in item["rows"] if row.get("key") == PHASES]
    others = [row for row in item["rows"] if row.get("key") != PHASES]
    rows = []
    for i, month in enumerate(item["months"]):
        steps = [
            f"{row['label']} : {line}"
            for row in others
            for line in row["cells"][i].split("\n")
            if line
        ]
        phase = "\n".join(row["cells"][i] for row in phases if row["cells"][i])
        if not (phase or steps):
            continue
        rows.append([month, phase, "\n".join(steps)] if phases else [month, "\n".join(steps)])
    headers = [_("Month"), _("Phases"), _("Steps")] if phases else [_("Month"), _("Steps")]
    return {
        "type": "table",
        "title": item.get("title", ""),
        "headers": headers,
        "rows": rows,
        "widths": [0.2, 0.22, 0.58] if phases else [0.2, 0.8],
    }


def joined(grids: list[dict]) -> dict:
    """Consecutive month grids (a long programme cut into slides) as one grid: a page needs no
    cut, its table runs on and repeats its header."""
    months = [month for grid in grids for month in grid["months"]]
    rows: dict[tuple, dict] = {}
    offset = 0
    for grid in grids:
        for row in grid["rows"]:
            key = (row.get("key"), row["label"])
            if key not in rows:
                rows[key] = {**row, "cells": [""] * len(months)}
            rows[key]["cells"][offset : offset + len(grid["months"])] = row["cells"]
        offset += len(grid["months"])
    # The phases first, as in every grid.
    ordered = sorted(rows.values(), key=lambda row: row.get("key") != PHASES)
    return {"type": "months", "months": months, "rows": ordered}


def portrait(items: list[dict]) -> list[dict]:
    """The items for A4 portrait documents: consecutive month grids joined and told month by
    month as one table; months with nothing are left out, a grid with nothing altogether too."""
    out: list[dict] = []
    run: list[dict] = []
    for item in [*items, {"type": "end"}]:
        if item["type"] == "months":
            run.append(item)
            continue
        if run:
            grid = run[0] if len(run) == 1 else joined(run)
            if any(any(row["cells"]) for row in grid["rows"]):
                out.append(months_as_table(grid))
            run = []
        if item["type"] != "end":
            out.append(item)
    return out
