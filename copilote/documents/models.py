"""Rendered documents: what the task worker produced, kept per content version.

A download asks for a document (kind, format, meeting, group) at the programme's current content
version (:func:`copilote.documents.delivery.content_version`). The first request queues the
rendering; the worker stores the bytes here; every later request at the same version is served
from this row without rendering again. Rows of older versions are removed once a newer one is
ready.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class RenderStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the worker")
    RUNNING = "running", _("Being produced")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class RenderedDocument(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="rendered_documents"
    )
    kind = models.CharField(max_length=50)
    format = models.CharField(max_length=10)
    meeting = models.CharField(max_length=50, blank=True)
    group = models.CharField(max_length=100, blank=True)
    version = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=RenderStatus, default=RenderStatus.PENDING)
    content = models.BinaryField(null=True, blank=True, editable=False)
    filename = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        verbose_name = _("rendered document")
        verbose_name_plural = _("rendered documents")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "format", "meeting", "group", "version"],
                name="rendered_document_unique_version",
            )
        ]

    def __str__(self) -> str:
        return self.filename or f"{self.kind}.{self.format}"
