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
