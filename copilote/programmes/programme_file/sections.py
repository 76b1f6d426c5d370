"""How the programme file grows: each app registers the sections it owns.

A section is one top-level key of the file with its JSON Schema, how to export it from a
programme and how to import it into a programme being created. Apps register their sections in
their ``AppConfig.ready()``; the core sections (territory, organisations, programme, themes,
calendar, frames) are written by ``reader`` and ``writer`` themselves.

An importer hands each section a ``Context`` (see ``reader._Importer``) with:

- ``save(obj, path)``: ``full_clean()`` then save; a validation error is recorded at ``path``
  (a tuple such as ``("committee", "meetings", 2)``) and ``None`` is returned;
- ``problem(path, message)``: record a problem of the file;
- ``organisation(name, path)``, ``theme(slug, path)``, ``person(full name, path)``: look up what
  the file named, recording a problem when it is unknown (people are listed once, under
  ``contacts``, and registered in ``people`` as they are imported; other sections name them);
- ``territory``, ``programme``, ``user``.

Everything runs inside the import's transaction: any recorded problem rolls the whole import back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True)
class Section:
    key: str
    schema: dict
    export: Callable[[Any], Any]  # programme -> value; an empty value leaves the key out
    load: Callable[[Any, Any], None]  # (context, value) -> None
    order: int = 100  # import and export order among sections (lower first)


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    _SECTIONS[section.key] = section


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def load_schema(path) -> dict:
    """Read a section's schema from a YAML or JSON file next to the app's code."""
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)
