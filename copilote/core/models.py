"""The user model and the activity log shared by every app."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class User(AbstractUser):
    """A person who logs in. Their rights come from their memberships in programmes."""

    is_network_admin = models.BooleanField(
        _("network administrator"),
        default=False,
        help_text=_("Sees the portfolio of every territory and the administration site."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ActivityLog(models.Model):
    """One entry per write made by a service: who did what, on which object, when.

    Never holds personal data beyond the acting user: ``data`` keeps identifiers and field names.
    """

    territory = models.ForeignKey(
        "programmes.Territory", on_delete=models.CASCADE, related_name="activity"
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="activity",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    action = models.CharField(_("action"), max_length=100)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    objects = ScopedManager(territory="territory")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"


class MailDelivery(models.Model):
    """One mailing queued by a service (a convocation, published minutes...) and what became of
    it, so that the lead sees a failure instead of believing the mail went out.

    Recipients are kept only as hashes (to send each message once across retries), never in
    clear; ``error`` holds the kind of failure, never an address.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    territory = models.ForeignKey(
        "programmes.Territory", on_delete=models.CASCADE, related_name="mail_deliveries"
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mail_deliveries",
    )
    kind = models.CharField(_("kind"), max_length=50)
    subject_key = models.CharField(max_length=100, db_index=True)  # e.g. "meeting:12"
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    sent_hashes = models.JSONField(default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ScopedManager(territory="territory")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_key} {self.status}"

    @property
    def sent(self) -> int:
        return len(self.sent_hashes)
