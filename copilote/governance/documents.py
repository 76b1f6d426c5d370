"""The committee's documents, registered in the documents registry: copil-deck, copil-minutes."""

from __future__ import annotations

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from copilote.documents import registry
from copilote.documents.blocks import portrait
from copilote.documents.minutes import minutes_plan
from copilote.documents.registry import Document, DocumentError, DocumentRequest
from copilote.documents.typography import typeset
from copilote.governance import selectors
from copilote.governance.models import MeetingKind


def _meeting(request: DocumentRequest):
    if request.meeting is None or str(request.meeting).strip() == "":
        raise DocumentError(
            _("Name the meeting: --meeting with its rank (1, 2…) or its key (%(keys)s).")
            % {"keys": ", ".join(KEYS)}
        )
    found = selectors.meeting_by_identity(request.programme, request.meeting)
    if not found:
        raise DocumentError(
            _(
                "This experimentation has no committee meeting “%(meeting)s” "
                "(its meetings: %(list)s)."
            )
            % {"meeting": request.meeting, "list": _meeting_list(request.programme)}
        )
    if len(found) > 1:
        raise DocumentError(
            _("Several meetings are “%(meeting)s”: name one by its rank (%(list)s).")
            % {
                "meeting": request.meeting,
                "list": ", ".join(f"{m.rank} = {m.title}" for m in found),
            }
        )
    return found[0]


KEYS = tuple(k for k in MeetingKind.values if k != MeetingKind.EXTRA)


def _meeting_list(programme) -> str:
    meetings = selectors.meetings(programme)
    return ", ".join(f"{m.rank} = {m.title}" for m in meetings) or "—"


def _filename(data: dict, suffix: str, ext: str) -> str:
    return f"{slugify(data['programme'])}-{slugify(data['meeting']['title'])}-{suffix}.{ext}"


def render_deck(request: DocumentRequest) -> Document:
    from copilote.documents.pptx_deck import render_deck as deck

    data = selectors.document_data(_meeting(request))
    return Document(deck(data), _filename(data, "diaporama", "pptx"), "pptx")


def render_minutes(request: DocumentRequest) -> Document:
    data = selectors.document_data(_meeting(request))
    if request.format == "pdf":
        from copilote.documents.pdf import render_pdf

        data["sections"] = [
            {**section, "blocks": [{**b, "items": portrait(b["items"])} for b in section["blocks"]]}
            for section in data["sections"]
        ]
        data = typeset(data)
        content = render_pdf(
            "documents/copil_minutes.html", {"data": data, "plan": minutes_plan(data)}
        )
    else:
        from copilote.documents.docx_minutes import render_minutes_docx

        content = render_minutes_docx(data)
    return Document(content, _filename(data, "compte-rendu", request.format), request.format)


registry.register(
    registry.Kind(
        "copil-deck",
        ("pptx",),
        render_deck,
        gettext_lazy("The steering committee’s slides"),
        options=("meeting",),
    )
)
registry.register(
    registry.Kind(
        "copil-minutes",
        ("docx", "pdf"),
        render_minutes,
        gettext_lazy("The steering committee’s minutes"),
        options=("meeting",),
    )
)
