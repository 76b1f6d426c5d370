"""The directory import's reading, by the task worker (django-tasks: the database backend in
production, immediate in the demo and the tests): the web request only makes the fast checks
(``tabular.precheck``) and keeps the file; the reading, bounded in time and memory by
``core.spreadsheets``, happens here, and the preview page polls until it is done."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled
from django_tasks import task

from copilote.actors import tabular
from copilote.actors.models import ImportBatch

logger = logging.getLogger(__name__)


def _finish(batch_id: int, **fields) -> None:
    with scopes_disabled():
        ImportBatch.objects.filter(pk=batch_id).update(content=b"", **fields)


@task()
def read_import(batch_id: int) -> str:
    """Read and check the rows of an uploaded file; nothing is imported before the user
    confirms on the preview page."""
    with scopes_disabled():
        batch = (
            ImportBatch.objects.select_related("programme__territory")
            .filter(pk=batch_id, status=ImportBatch.Status.PENDING)
            .first()
        )
    if batch is None:  # replaced by a newer upload, or read already
        return "skipped"
    programme = batch.programme
    try:
        with scope(territory=programme.territory):
            rows = tabular.read_rows(batch.target, batch.filename, bytes(batch.content))
            rows = tabular.check_rows(batch.target, programme, rows)
    except tabular.ImportFileError as exc:
        _finish(batch.pk, status=ImportBatch.Status.FAILED, error=str(exc))
        return "refused"
    except Exception:
        logger.exception("Import %s could not be read", batch.pk)
        error = _("An unexpected error stopped the reading of the file. Nothing was imported.")
        _finish(batch.pk, status=ImportBatch.Status.FAILED, error=error)
        return "failed"
    _finish(batch.pk, status=ImportBatch.Status.READY, rows=rows)
    return "ready"
