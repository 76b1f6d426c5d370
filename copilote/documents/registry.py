"""The document kinds: each app registers how to build its documents.

A renderer is a plain function ``(request: DocumentRequest) -> Document``: it reads the data
through the app's selectors and returns bytes. Apps register their kinds in
``AppConfig.ready()``; the ``copilote document`` command and the download views use this
registry, so a kind is reachable the same way from the command line and from the interface.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

MIME_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "ics": "text/calendar",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}


class DocumentError(Exception):
    """The document cannot be built (unknown meeting, wrong format...): a message for the user."""


@dataclass(frozen=True)
class DocumentRequest:
    programme: object
    format: str
    # The committee meeting: its rank as the interface shows it (3) or its key ("copil-final").
    meeting: int | str | None = None
    group: str | None = None  # a theme slug
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    content: bytes
    filename: str
    format: str

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.format]


@dataclass(frozen=True)
class Kind:
    key: str  # e.g. "copil-deck"
    formats: tuple[str, ...]  # the first one is the default
    render: Callable[[DocumentRequest], Document]
    description: str = ""
    options: tuple[str, ...] = ()  # what the kind needs besides the programme: "meeting", "group"


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _KINDS[kind.key] = kind


def kinds() -> dict[str, Kind]:
    return dict(sorted(_KINDS.items()))


def render(key: str, request: DocumentRequest) -> Document:
    from django.utils.translation import gettext as _

    kind = _KINDS.get(key)
    if kind is None:
        raise DocumentError(
            _("Unknown document kind “%(kind)s” (known: %(known)s).")
            % {"kind": key, "known": ", ".join(kinds()) or "—"}
        )
    if request.format not in kind.formats:
        raise DocumentError(
            _("The document “%(kind)s” exists as %(formats)s, not %(format)s.")
            % {"kind": key, "formats": ", ".join(kind.formats), "format": request.format}
        )
    return kind.render(request)
