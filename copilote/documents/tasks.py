"""Documents are produced by the task worker, never inside a web request (django-tasks: the
database backend in production, immediate in the demo and the tests)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled
from django_tasks import task

from copilote.documents import registry
from copilote.documents.models import RenderedDocument, RenderStatus

logger = logging.getLogger(__name__)


def _meeting_argument(value: str):
    return int(value) if value.isdigit() else (value or None)


@task()
def render_document(document_id: int) -> str:
    with scopes_disabled():
        claimed = RenderedDocument.objects.filter(
            pk=document_id, status=RenderStatus.PENDING
        ).update(status=RenderStatus.RUNNING, started_at=timezone.now())
        if not claimed:  # another worker has it, or it is done
            return "skipped"
        document = RenderedDocument.objects.select_related("programme__territory").get(
            pk=document_id
        )
    programme = document.programme
    request = registry.DocumentRequest(
        programme=programme,
        format=document.format,
        meeting=_meeting_argument(document.meeting),
        group=document.group or None,
    )
    try:
        with scope(territory=programme.territory):
            result = registry.render(document.kind, request)
    except registry.DocumentError as exc:
        return _fail(document, str(exc))
    except Exception:
        logger.exception("Document %s (%s) could not be rendered", document.pk, document.kind)
        return _fail(document, _("An unexpected error stopped the production of the document."))
    with scopes_disabled(), transaction.atomic():
        RenderedDocument.objects.filter(pk=document.pk).update(
            status=RenderStatus.READY,
            content=result.content,
            filename=result.filename,
            finished_at=timezone.now(),
            error="",
        )
        # Older versions of the same document are of no use any more.
        RenderedDocument.objects.filter(
            programme=programme,
            kind=document.kind,
            format=document.format,
            meeting=document.meeting,
            group=document.group,
        ).exclude(pk=document.pk).exclude(status=RenderStatus.RUNNING).delete()
    return "ready"


def _fail(document: RenderedDocument, message: str) -> str:
    with scopes_disabled():
        RenderedDocument.objects.filter(pk=document.pk).update(
            status=RenderStatus.FAILED, error=message, finished_at=timezone.now()
        )
    return "failed"
