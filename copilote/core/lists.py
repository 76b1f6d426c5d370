"""Capped lists: a page shows the first N of a list and links to the whole, paginated.

    recent = capped(meeting.tasks.order_by("due"), 10)
    {% include "core/see_all.html" with list=recent url=... %}

Only ``limit + 1`` rows are read, so a page costs the same whatever the size of the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DEFAULT_LIMIT = 10


@dataclass(frozen=True)
class Capped:
    items: list[Any]
    more: bool  # there are rows beyond ``items``
    limit: int

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def capped(rows, limit: int = DEFAULT_LIMIT) -> Capped:
    """The first ``limit`` rows of a queryset (or any sliceable), and whether there are more."""
    items = list(rows[: limit + 1])
    return Capped(items=items[:limit], more=len(items) > limit, limit=limit)


def page_number(value) -> int:
    """The page number asked in the query string, as a page kept in the cache is keyed: 1 unless
    a plain positive number (the paginator answers the last page for a number past it)."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) <= 6 and int(value) > 0 else 1
