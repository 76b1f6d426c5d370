"""Results: the actions retained at the end of the working groups, their referents and progress.

An action comes from a working group or is transverse (no group). The kit's principle: the
collectivité « invite, facilite, mais ne peut pas porter les actions, si ce n'est pour l'action
transverse »; carrying another action needs an explicit confirmation.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class ActionStatus(models.TextChoices):
    PROPOSED = "proposee", _("Proposed")
    RETAINED = "retenue", _("Retained")
    SEEKING = "cherche-referent", _("Looking for a referent")
    IN_PROGRESS = "en-cours", _("In progress")
    DONE = "realisee", _("Carried out")
    ABANDONED = "abandonnee", _("Abandoned")


# A retained action that still needs a referent is one of these.
ACTIVE_STATUSES = (
    ActionStatus.RETAINED,
    ActionStatus.SEEKING,
    ActionStatus.IN_PROGRESS,
)


class ActionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def without_referent(self):
        return self.active().filter(referents__isnull=True)


class Action(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="actions"
    )
    group = models.ForeignKey(
        "workgroups.WorkingGroup",
        # RESTRICT: a group with actions cannot be deleted alone, but its programme can.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("working group"),
        help_text=_("Leave empty for a transverse action."),
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus, default=ActionStatus.RETAINED
    )
    carrier = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_actions",
        verbose_name=_("carrier"),
        help_text=_("The organisation that carries the action."),
    )
    carrier_confirmed = models.BooleanField(
        _("the local authority carries this action anyway"),
        default=False,
        help_text=_(
            "The kit’s principle: the local authority invites and facilitates, but carries only "
            "the transverse action."
        ),
    )
    indicators = models.JSONField(_("indicators"), default=list, blank=True)
    public = models.BooleanField(_("shown on the public results page"), default=False)
    source_proposal = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)  # core.locking
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(
        territory="programme__territory",
        _manager_class=models.Manager.from_queryset(ActionQuerySet),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.title

    @property
    def is_transverse(self) -> bool:
        return self.group_id is None

    @property
    def origin(self) -> str:
        return str(self.group) if self.group_id else str(_("Transverse action"))

    def clean(self) -> None:
        territory = self.programme.territory_id if self.programme_id else None
        if self.group_id and self.group.programme_id != self.programme_id:
            raise ValidationError({"group": _("This working group is not in the experimentation.")})
        if self.carrier_id:
            if self.carrier.territory_id != territory:
                raise ValidationError({"carrier": _("This organisation is not in the territory.")})
            if (
                self.carrier.kind == "collectivite"
                and not self.is_transverse
                and not self.carrier_confirmed
            ):
                raise ValidationError(
                    {
                        "carrier_confirmed": _(
                            "The local authority invites and facilitates but carries only the "
                            "transverse action (the kit’s principle). Tick the box to confirm it "
                            "carries this one anyway."
                        )
                    }
                )


class Referent(models.Model):
    """A volunteer who carries an action (« référent projet »): a contact or an organisation."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="referents")
    person = models.ForeignKey(
        "actors.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referent_of",
        verbose_name=_("contact"),
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referent_of",
        verbose_name=_("organisation"),
    )
    committed_on = models.DateField(_("committed on"), null=True, blank=True)

    objects = ScopedManager(territory="action__programme__territory")

    class Meta:
        ordering = ["id"]
        verbose_name = _("referent")
        verbose_name_plural = _("referents")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | Q(organisation__isnull=False),
                name="referent_has_someone",
                violation_error_message=_("Name a contact or an organisation."),
            ),
        ]

    def __str__(self) -> str:
        if self.person_id and self.organisation_id:
            return f"{self.person} ({self.organisation})"
        if self.person_id and self.person.organisation_id:
            return f"{self.person} ({self.person.organisation})"
        return str(self.person or self.organisation)

    def clean(self) -> None:
        territory = self.action.programme.territory_id if self.action_id else None
        if self.person_id and self.person.territory_id != territory:
            raise ValidationError({"person": _("This contact is not in the territory.")})
        if self.organisation_id and self.organisation.territory_id != territory:
            raise ValidationError({"organisation": _("This organisation is not in the territory.")})


class FirstStep(models.Model):
    """One of « les 1ères choses à faire » of an action, dated."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="steps")
    what = models.CharField(_("what"), max_length=300)
    due = models.DateField(_("due date"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(territory="action__programme__territory")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("first step")
        verbose_name_plural = _("first steps")

    def __str__(self) -> str:
        return self.what


class ProgressUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("date"))
    text = models.TextField(_("what moved"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"))

    objects = ScopedManager(territory="action__programme__territory")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__lte=100),
                name="progress_percent_at_most_100",
                # Formatted with the constraint's name: the percent sign is doubled.
                violation_error_message=_("A progress is between 0 and 100 %%."),
            ),
        ]

    def __str__(self) -> str:
        return f"{formats.date_format(self.date, 'j F Y')} – {self.percent} %"
