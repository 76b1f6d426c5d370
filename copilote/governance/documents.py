"""The committee's documents, registered in the documents registry: copil-deck, copil-minutes."""

from __future__ import annotations

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from copilote.documents import registry
from copilote.documents.blocks import portrait
from copilote.documents.registry import Document, DocumentError, DocumentRequest
from copilote.documents.typography import fr
from copilote.governance import selectors


def _meeting(request: DocumentRequest):
    if request.meeting is None:
        raise DocumentError(_("Name the meeting: --meeting N (1 = copil n°1)."))
    meeting = selectors.meeting_by_rank(request.programme, request.meeting)
    if meeting is None:
        raise DocumentError(
            _("This experimentation has no committee meeting n°%(rank)s.")
            % {"rank": request.meeting}
        )
    return meeting


def _filename(data: dict, suffix: str, ext: str) -> str:
    return f"{slugify(data['programme'])}-{slugify(data['meeting']['title'])}-{suffix}.{ext}"


def typographed(value):
    """Every text of the data with French typography (for the HTML → PDF path)."""
    if isinstance(value, str):
        return fr(value)
    if isinstance(value, list):
        return [typographed(v) for v in value]
    if isinstance(value, dict):
        return {
            k: typographed(v) if k not in ("type", "date", "kind") else v for k, v in value.items()
        }
    return value


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
        content = render_pdf("documents/copil_minutes.html", {"data": typographed(data)})
    else:
        from copilote.documents.docx_minutes import render_minutes_docx

        content = render_minutes_docx(data)
    return Document(content, _filename(data, "compte-rendu", request.format), request.format)


registry.register(
    registry.Kind(
        "copil-deck", ("pptx",), render_deck, gettext_lazy("The steering committee’s slides")
    )
)
registry.register(
    registry.Kind(
        "copil-minutes",
        ("docx", "pdf"),
        render_minutes,
        gettext_lazy("The steering committee’s minutes"),
    )
)
