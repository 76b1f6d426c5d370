"""French order for names: « Crédit Foncier » before « Croix-Rouge », « Élise » among the e.

Databases compare bytes by default (« Croix » before « Crédit », capitals first). In Python,
sort with :func:`sort_key`; in a query, order with :func:`french` — a collation registered on
every SQLite connection, and PostgreSQL's ICU root collation (accents and case second).

A long list read one page at a time (the directory, the contacts) is ordered by a stored key
instead (:class:`SortKeyField`, indexed): the database reads the page from the index, where a
collation would sort every row of the table for each page.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from django.db import connection, models
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


SORT_KEY_LENGTH = 1000
_SEPARATOR = "\x01"  # below every character a name keeps (core.forms strips control characters)


def stored_key(*parts: str | None) -> str:
    """The order of :func:`sort_key` over ``parts`` (``(sort_key(a), sort_key(b))``) as one
    string that any database orders alike: the UTF-8 bytes of the keys, joined by a separator
    smaller than every letter, written in hexadecimal (0-9a-f compare the same in every
    collation, in the order of the bytes). Cut at :data:`SORT_KEY_LENGTH` (500 bytes: names
    that long and alike beyond are then ordered by their id)."""
    pieces = []
    for part in parts:
        text = "".join(c for c in (part or "") if c > _SEPARATOR)
        pieces.extend(sort_key(text))
    return _SEPARATOR.join(pieces).encode("utf-8").hex()[:SORT_KEY_LENGTH]


class SortKeyField(models.CharField):
    """The :func:`stored_key` of the ``sources`` fields, computed on every save (``save()`` and
    ``bulk_create()``; like ``auto_now``, not by ``update()``, ``bulk_update()`` or a
    ``save(update_fields=...)`` that leaves it out). Order by it (ascending or descending),
    then by ``id``; index it with the columns the list is filtered by."""

    def __init__(self, *args, sources: tuple[str, ...] | list[str] = (), **kwargs):
        self.sources = tuple(sources)
        kwargs.setdefault("max_length", SORT_KEY_LENGTH)
        kwargs.setdefault("default", "")
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sources"] = list(self.sources)
        kwargs.pop("editable", None)
        if kwargs.get("max_length") == SORT_KEY_LENGTH:
            kwargs.pop("max_length")
        if kwargs.get("default") == "":
            kwargs.pop("default")
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = stored_key(*(getattr(model_instance, name) for name in self.sources))
        setattr(model_instance, self.attname, value)
        return value
