"""The programme's calendar: its phases and its dated milestones (calendrier prévisionnel)."""

from django.db import models
from django.db.models import F, Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class PlanPhase(models.Model):
    """Préparation, expérimentation, bilan: the periods of the programme."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="plan_phases"
    )
    key = models.SlugField(_("identifier"), max_length=50)
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.UniqueConstraint(fields=["programme", "key"], name="phase_unique_key"),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(start__lte=F("end")),
                name="phase_dates_order",
                violation_error_message=_("The end cannot be before the start."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")


class MilestoneKind(models.TextChoices):
    COMMITTEE = "committee", _("Steering committee")
    EVENT = "event", _("Collective event")
    GROUP_MEETING = "group_meeting", _("Working group meeting")
    MOBILISATION = "mobilisation", _("Mobilisation")
    FRAMING = "framing", _("Framing")
    ANALYSIS = "analysis", _("Analysis")
    OTHER = "other", _("Other")


class Milestone(models.Model):
    """A dated step of the calendar, to the day or to the month as the kit gives them."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="milestones"
    )
    phase = models.ForeignKey(
        PlanPhase,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("phase"),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=MilestoneKind, default="other")
    start = models.DateField(_("date"))
    end = models.DateField(_("end"), null=True, blank=True)
    precision = models.CharField(
        _("precision"), max_length=10, choices=Precision, default=Precision.DAY
    )
    done = models.BooleanField(_("done"), default=False)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__lte=F("end")),
                name="milestone_dates_order",
                violation_error_message=_("The end cannot be before the date."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def when(self) -> str:
        """The date as French readers expect it: « 22 mars 2012 » or « septembre 2012 »."""
        fmt = "F Y" if self.precision == Precision.MONTH else "j F Y"
        start = formats.date_format(self.start, fmt)
        if not self.end or self.end == self.start:
            return start
        return f"{start} – {formats.date_format(self.end, fmt)}"
