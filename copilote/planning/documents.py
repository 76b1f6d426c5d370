"""The calendar as documents: ICS (every dated item) and PDF (the month-by-month grid on A4
landscape pages, a long programme over several pages)."""

from __future__ import annotations

from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from copilote.documents import registry
from copilote.documents.registry import Document, DocumentRequest
from copilote.planning import ics, selectors

PDF_MONTHS = 8


def render_calendar(request: DocumentRequest) -> Document:
    programme = request.programme
    name = f"{slugify(programme.name)}-calendrier.{request.format}"
    if request.format == "ics":
        items = selectors.timeline(programme)
        content = ics.render([(programme, i) for i in items], name=programme.name)
        return Document(content, name, "ics")
    from copilote.documents.pdf import render_pdf

    grid = selectors.gantt(programme)
    pages = grid.pages(PDF_MONTHS) if grid else []
    content = render_pdf("planning/calendar_print.html", {"programme": programme, "pages": pages})
    return Document(content, name, "pdf")


def register() -> None:
    registry.register(
        registry.Kind(
            "calendar",
            ("ics", "pdf"),
            render_calendar,
            gettext_lazy("The provisional calendar (ICS feed or A4 landscape PDF)"),
        )
    )
