"""Working groups (GT): one per theme, co-led by an association + company pair.

The group itself is defined here first because results (actions) and composition refer to it;
its co-leads, participants, meetings and attendance belong to this app too.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class GroupStatus(models.TextChoices):
    FORMING = "forming", _("Being formed")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class WorkingGroup(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="working_groups"
    )
    theme = models.ForeignKey(
        "programmes.Theme",
        # RESTRICT: a theme with a group cannot be deleted alone, but its programme can.
        on_delete=models.RESTRICT,
        related_name="working_groups",
        verbose_name=_("theme"),
    )
    slug = models.SlugField(_("identifier"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    size_min = models.PositiveSmallIntegerField(_("minimum size"), default=8)
    size_max = models.PositiveSmallIntegerField(_("maximum size"), default=12)
    status = models.CharField(
        _("status"), max_length=20, choices=GroupStatus, default=GroupStatus.FORMING
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "slug"],
                name="workinggroup_unique_slug",
                violation_error_message=_("Another working group already uses this identifier."),
            ),
            models.CheckConstraint(
                condition=Q(size_min__lte=F("size_max")),
                name="workinggroup_size_order",
                violation_error_message=_("The minimum size cannot exceed the maximum size."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
