"""The tenant (Territory), its communes, and the experimentation (Programme) run on it."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager, scopes_disabled

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lowercase letters, digits and hyphens only (e.g. charenton-saint-maurice)."),
)


class Territory(models.Model):
    """The tenant: a local authority's territory. Every scoped row reaches one."""

    slug = models.SlugField(
        _("identifier"), max_length=80, unique=True, validators=[slug_validator]
    )
    name = models.CharField(_("name"), max_length=200)
    authority = models.CharField(
        _("local authority"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Communauté de communes Charenton-le-Pont – Saint-Maurice."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="communes")
    name = models.CharField(_("name"), max_length=200)
    insee_code = models.CharField(
        _("INSEE code"),
        max_length=5,
        blank=True,
        validators=[
            RegexValidator(r"^[0-9][0-9AB][0-9]{3}$", _("An INSEE code has 5 characters."))
        ],
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    objects = ScopedManager(territory="territory")

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "name"],
                name="commune_unique_name_per_territory",
                violation_error_message=_("This territory already has a commune of that name."),
            ),
            # A commune belongs to one territory only: its INSEE code appears once.
            models.UniqueConstraint(
                fields=["insee_code"],
                condition=~Q(insee_code=""),
                name="commune_unique_insee_code",
                violation_error_message=_("This commune already belongs to a territory."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def validate_constraints(self, exclude=None):
        # The INSEE code is unique across territories: check it outside the territory scope
        # (the lookup only tells whether the code is taken, it reveals nothing else).
        with scopes_disabled():
            super().validate_constraints(exclude=exclude)


class Phase(models.TextChoices):
    FRAMING = "cadrage", _("Preparation – framing")
    MOBILISATION = "mobilisation", _("Preparation – mobilisation")
    EXPERIMENTATION = "experimentation", _("Experimentation")
    ASSESSMENT = "bilan", _("Assessment")
    CLOSED = "termine", _("Closed")


class Programme(models.Model):
    """One run of the method on a territory."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="programmes")
    slug = models.SlugField(_("identifier"), max_length=80, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    sponsor = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsored_programmes",
        verbose_name=_("sponsor"),
        help_text=_("The local authority that invites the actors."),
    )
    objective = models.TextField(_("objective of the experimentation"), blank=True)
    finalities = models.JSONField(_("finalities"), default=list, blank=True)
    descriptive_elements = models.JSONField(_("descriptive elements"), default=list, blank=True)
    axes = models.JSONField(_("axes"), default=list, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase, default=Phase.FRAMING)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    launch_attendance_min = models.PositiveIntegerField(
        _("launch event attendance – minimum"), null=True, blank=True
    )
    launch_attendance_max = models.PositiveIntegerField(
        _("launch event attendance – maximum"), null=True, blank=True
    )
    group_size_min = models.PositiveIntegerField(
        _("participants per group – minimum"), null=True, blank=True
    )
    group_size_max = models.PositiveIntegerField(
        _("participants per group – maximum"), null=True, blank=True
    )
    meetings_per_group = models.PositiveSmallIntegerField(
        _("meetings per group"), default=3, validators=[MinValueValidator(1)]
    )
    kit_version = models.PositiveIntegerField(_("kit version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    version = models.PositiveIntegerField(default=1, editable=False)  # core.locking
    objects = ScopedManager(territory="territory")

    class Meta:
        ordering = ["name"]
        verbose_name = _("experimentation")
        verbose_name_plural = _("experimentations")
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "slug"],
                name="programme_unique_slug_per_territory",
                violation_error_message=_(
                    "Another experimentation of this territory already uses this identifier."
                ),
            ),
            models.CheckConstraint(
                condition=Q(launch_attendance_min__isnull=True)
                | Q(launch_attendance_max__isnull=True)
                | Q(launch_attendance_min__lte=F("launch_attendance_max")),
                name="programme_launch_attendance_range",
                violation_error_message=_(
                    "The minimum attendance cannot exceed the maximum attendance."
                ),
            ),
            models.CheckConstraint(
                condition=Q(group_size_min__isnull=True)
                | Q(group_size_max__isnull=True)
                | Q(group_size_min__lte=F("group_size_max")),
                name="programme_group_size_range",
                violation_error_message=_(
                    "The minimum number of participants cannot exceed the maximum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lte=F("end_date")),
                name="programme_dates_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.sponsor_id and self.territory_id and self.sponsor.territory_id != self.territory_id:
            raise ValidationError({"sponsor": _("The sponsor must belong to this territory.")})


class PartnerRole(models.TextChoices):
    COMPANY = "entreprise", _("Partner company")
    FACILITATOR = "accompagnement", _("Facilitation")
    OTHER = "autre", _("Other partner")


class ProgrammePartner(models.Model):
    """An organisation associated with the programme as a partner (e.g. Crédit Foncier)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "actors.Organisation",
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=PartnerRole, default=PartnerRole.COMPANY
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"],
                name="partner_unique_per_programme",
                violation_error_message=_("This organisation is already a partner."),
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class Theme(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="themes")
    slug = models.SlugField(_("identifier"), max_length=80, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "slug"],
                name="theme_unique_slug_per_programme",
                violation_error_message=_("Another theme already uses this identifier."),
            ),
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="theme_unique_name_per_programme",
                violation_error_message=_("Another theme already has this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    LEAD = "lead", _("Experimentation lead")
    COMMITTEE = "committee", _("Steering committee member")
    FACILITATOR = "facilitator", _("Working group facilitator")
    PARTICIPANT = "participant", _("Participant")
    OBSERVER = "observer", _("Observer")


class Membership(models.Model):
    """A user's role in one programme: the source of every permission."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["programme", "role", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme"],
                name="membership_unique_per_programme",
                violation_error_message=_(
                    "This person is already a member of the experimentation."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"


class ProgrammeFrame(models.Model):
    """The programme's own copy of a kit frame, taken when the programme was created.

    A later kit version never rewrites it; a territory may adjust its copy.
    """

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="frames")
    kind = models.CharField(_("kind"), max_length=20)
    key = models.CharField(_("key"), max_length=50)
    version = models.PositiveIntegerField(_("kit version"))
    data = models.JSONField(_("content"), default=dict)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("frame")
        verbose_name_plural = _("frames")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "key"], name="frame_unique_per_programme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} v{self.version}"
