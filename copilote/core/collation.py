"""French order for names: « Crédit Foncier » before « Croix-Rouge », « Élise » among the e.

Databases compare bytes by default (« Croix » before « Crédit », capitals first). In Python,
sort with :func:`sort_key`; in a query, order with :func:`french` — a collation registered on
every SQLite connection, and PostgreSQL's ICU root collation (accents and case second).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from django.db import connection
from django.db.models import F
from django.db.models.expressions import OrderBy
from django.db.models.functions import Collate

SQLITE_COLLATION = "copilote_fr"
POSTGRES_COLLATION = "und-x-icu"


@lru_cache(maxsize=16384)  # a sort compares each name many times (the keys of one page)
def sort_key(text: str | None) -> tuple[str, str]:
    """Letters without their accents and case first; the exact text breaks ties."""
    text = text or ""
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return (base, text)


def _compare(a: str, b: str) -> int:
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """On every new SQLite connection (connection_created signal)."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


def french(field: str, *, descending: bool = False) -> OrderBy:
    """``field`` (a column or a lookup like ``organisation__name``) in French order."""
    name = SQLITE_COLLATION if connection.vendor == "sqlite" else POSTGRES_COLLATION
    expression = Collate(F(field), name)
    return expression.desc() if descending else expression.asc()
