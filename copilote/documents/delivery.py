"""Serving a document without rendering it inside the request.

An app's download view checks its own permissions, then returns :func:`deliver`::

    return deliver(request, programme, "copil-minutes", format="pdf", meeting=meeting.rank,
                   title=_("Minutes of %(meeting)s") % ...)

- the document at the programme's current content version is ready: the file is served;
- otherwise its rendering is queued (once) and a page says so and polls the same URL with htmx
  every second; when the document is ready the browser is sent to the same URL, which serves it
  (without JavaScript, the page offers a link to try again);
- a failed rendering is shown with its reason and a button that starts it again.

Documents are kept per content version (``core.versions``): a document is rendered again only
after something changed.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from copilote.core import versions
from copilote.documents import registry
from copilote.documents.models import RenderedDocument, RenderStatus
from copilote.documents.tasks import render_document

# A rendering that has run longer than this is taken as lost (its worker stopped).
STALE_AFTER = dt.timedelta(minutes=10)
POLL_SECONDS = 1


def content_version(programme) -> str:
    return versions.content_version(programme.territory_id)


def _queue(document: RenderedDocument) -> None:
    # With the database backend the task row commits with the document row; the immediate
    # backend (demo, tests) renders here and now, on the same connection.
    render_document.enqueue(document.pk)


def request_document(
    programme, kind: str, *, format: str, meeting=None, group=None, user=None, retry=False
) -> RenderedDocument:
    """The document at the current version, its rendering queued when needed."""
    fields = {
        "programme": programme,
        "kind": kind,
        "format": format,
        "meeting": "" if meeting is None else str(meeting),
        "group": group or "",
        "version": content_version(programme),
    }
    document = RenderedDocument.objects.filter(**fields).defer("content").first()
    if document is None:
        try:
            with transaction.atomic():
                document = RenderedDocument.objects.create(
                    **fields,
                    requested_by=user if getattr(user, "is_authenticated", False) else None,
                )
        except IntegrityError:  # requested at the same moment by someone else
            return RenderedDocument.objects.filter(**fields).defer("content").get()
        _queue(document)
        return document
    lost = (
        document.status == RenderStatus.RUNNING
        and document.started_at
        and timezone.now() - document.started_at > STALE_AFTER
    )
    if (retry and document.status == RenderStatus.FAILED) or lost:
        RenderedDocument.objects.filter(pk=document.pk).update(
            status=RenderStatus.PENDING, error="", started_at=None
        )
        document.status = RenderStatus.PENDING
        _queue(document)
    return document


def file_response(document: RenderedDocument) -> HttpResponse:
    content = RenderedDocument.objects.filter(pk=document.pk).values_list("content", flat=True)[0]
    response = HttpResponse(bytes(content), content_type=registry.MIME_TYPES[document.format])
    response["Content-Disposition"] = f'attachment; filename="{document.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def deliver(
    request, programme, kind: str, *, format: str, title: str, meeting=None, group=None
) -> HttpResponse:
    retry = request.method == "POST" and request.POST.get("retry") == "1"
    document = request_document(
        programme,
        kind,
        format=format,
        meeting=meeting,
        group=group,
        user=request.user,
        retry=retry,
    )
    if document.status != RenderStatus.READY:
        # The immediate backend (demo, tests) has rendered it already: read the outcome.
        document.refresh_from_db(fields=["status", "filename", "error"])
    is_htmx = bool(getattr(request, "htmx", False))
    if document.status == RenderStatus.READY:
        if is_htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = request.get_full_path()
            return response
        return file_response(document)
    context = {
        "programme": programme,
        "document": document,
        "title": title,
        "poll_seconds": POLL_SECONDS,
        "waiting": document.status in (RenderStatus.PENDING, RenderStatus.RUNNING),
    }
    template = "documents/progress.html#progress" if is_htmx else "documents/progress.html"
    return render(request, template, context, status=202 if context["waiting"] else 200)
