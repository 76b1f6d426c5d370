"""PDF from a Django template, with WeasyPrint. No network: only the app's static files load.

The PDF is tagged (PDF/UA-1: structure, reading order, alternative texts) and carries the
document's title (the template's ``<title>``) and language (``<html lang="fr">``), so screen
readers and the outline of a PDF reader see a structured French document.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from copilote.core.text import strip_control


def _fetcher():
    """A WeasyPrint fetcher that serves ``/static/...`` from the app and refuses the rest."""
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):  # a picture the application made (a chart)
                return super().fetch(url, headers)
            prefix = "file:///static/"
            if url.startswith(prefix):
                path = finders.find(url.removeprefix(prefix))
                if path:
                    return super().fetch(f"file://{path}", headers)
            message = _("Document resources must come from the application: %(url)s")
            raise ValueError(message % {"url": url})

    return StaticOnlyFetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


@contextmanager
def cyclic_gc_paused():
    """Python's cycle collector paused while WeasyPrint works: it keeps every box and style of
    the document alive until the end, so each collection walks them all again for nothing
    (about a tenth of a long document's time). Reference counting still frees what dies; the
    collector resumes afterwards, as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render ``template_name`` (which should extend ``documents/print_base.html``) to PDF."""
    from weasyprint import HTML

    html = strip_control(render_to_string(template_name, context))
    with cyclic_gc_paused():
        document = HTML(string=html, base_url="file:///", url_fetcher=_fetcher())
        return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
