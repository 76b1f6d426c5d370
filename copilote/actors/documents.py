"""The territory guide as a PDF (document kind ``guide``)."""

from django.utils.translation import gettext as _

from copilote.actors import selectors
from copilote.documents.pdf import render_pdf
from copilote.documents.registry import Document, DocumentRequest


def render_guide(request: DocumentRequest) -> Document:
    programme = request.programme
    guide = selectors.guide(programme, public=True)
    content = render_pdf("actors/guide_pdf.html", {"programme": programme, "guide": guide})
    return Document(content=content, filename=f"{programme.slug}-guide.pdf", format="pdf")


DESCRIPTION = _("Territory guide: actors, resources and support schemes per theme (PDF)")
