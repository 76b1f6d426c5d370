"""The directory of a territory (organisations, contacts, networks), the mobilisation of each
organisation for a programme, the communication plan and the territory guide."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from copilote.core.collation import SortKeyField
from copilote.planning.models import Precision


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    COMPANY = "entreprise", _("Company")
    AUTHORITY = "collectivite", _("Local authority")
    INSTITUTION = "institution", _("Institution")
    ACADEMIC = "academique", _("Academic")
    OTHER = "autre", _("Other")


class OrganisationSize(models.TextChoices):
    MICRO = "0-9", _("fewer than 10 people")
    SMALL = "10-49", _("10 to 49 people")
    MEDIUM = "50-249", _("50 to 249 people")
    LARGE = "250+", _("250 people or more")


class Maturity(models.TextChoices):
    """An organisation's maturity in partnerships, the kit's levels: a group is easier when its
    maturities are close (« une homogénéité des maturités facilite les échanges »)."""

    BEGINNER = "debutant", _("beginner")
    GETTING_STARTED = "en_demarche", _("getting started")
    EXPERIENCED = "experimente", _("experienced")


#: The values of the earlier levels (intermédiaire, confirmé), still read from older files.
LEGACY_MATURITY = {"intermediaire": Maturity.GETTING_STARTED, "confirme": Maturity.EXPERIENCED}


class Organisation(models.Model):
    territory = models.ForeignKey(
        "programmes.Territory", on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind)
    commune = models.ForeignKey(
        "programmes.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("commune"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    sector = models.CharField(_("sector of activity"), max_length=200, blank=True)
    size = models.CharField(_("size"), max_length=10, choices=OrganisationSize, blank=True)
    themes = models.ManyToManyField(
        "programmes.Theme",
        blank=True,
        related_name="organisations",
        verbose_name=_("themes of interest"),
    )
    networks = models.ManyToManyField(
        "Network", blank=True, related_name="members", verbose_name=_("networks")
    )
    maturity = models.CharField(
        _("partnership maturity"), max_length=20, choices=Maturity, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    publish_in_guide = models.BooleanField(
        _("agrees to appear in the public territory guide"), default=False
    )
    # The name's French order, stored and indexed: the directory reads one page of it.
    sort_name = SortKeyField(sources=["name"])

    version = models.PositiveIntegerField(default=1, editable=False)  # core.locking
    objects = ScopedManager(territory="territory")

    class Meta:
        ordering = ["sort_name", "id"]  # French order (core.collation)
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["territory", "sort_name", "id"], name="organisation_french_order")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "name"],
                name="organisation_unique_name_per_territory",
                violation_error_message=_("An organisation of this name already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.commune_id and self.commune.territory_id != self.territory_id:
            raise ValidationError({"commune": _("This commune is not in the territory.")})


phone_validator = RegexValidator(
    r"^\+?[0-9 .()-]{6,25}$",
    _("Enter a phone number with digits, spaces, dots or dashes (e.g. 01 45 18 00 00)."),
)


class Person(models.Model):
    """A contact, usually tied to an organisation. Contact details are personal data."""

    territory = models.ForeignKey(
        "programmes.Territory", on_delete=models.CASCADE, related_name="people"
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    function = models.CharField(_("function"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    source = models.CharField(
        _("source of the data"),
        max_length=200,
        blank=True,
        help_text=_("Where these details come from, e.g. “forum des associations 2012”."),
    )
    consent = models.BooleanField(
        _("agrees to be contacted about the experimentation"), default=False
    )
    consent_date = models.DateField(_("date of the consent"), null=True, blank=True)
    anonymised = models.BooleanField(default=False, editable=False)
    # Last name then first name in French order, stored and indexed (the contacts' pages).
    sort_name = SortKeyField(sources=["last_name", "first_name"])

    objects = ScopedManager(territory="territory")

    class Meta:
        ordering = ["sort_name", "id"]  # French order (core.collation)
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        indexes = [
            models.Index(fields=["territory", "sort_name", "id"], name="person_french_order")
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        if self.organisation_id and self.organisation.territory_id != self.territory_id:
            raise ValidationError({"organisation": _("This organisation is not in the territory.")})


class Network(models.Model):
    """A network of the territory to rely on to mobilise (e.g. Club Gravelle Entreprendre)."""

    territory = models.ForeignKey(
        "programmes.Territory", on_delete=models.CASCADE, related_name="networks"
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    contact = models.CharField(_("how to reach it"), max_length=200, blank=True)

    objects = ScopedManager(territory="territory")

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "name"],
                name="network_unique_name_per_territory",
                violation_error_message=_("A network of this name already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    IDENTIFIED = "identifie", _("identified")
    TO_CONTACT = "a_contacter", _("to contact")
    APPOINTMENT = "rdv_prevu", _("appointment planned")
    MET = "rencontre", _("met")
    COMMITTED = "engage", _("committed (OK)")
    DECLINED = "decline", _("declined")


class Mobilisation(models.Model):
    """Where an organisation stands with a programme, from identified to committed ("OK")."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="mobilisations"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="mobilisations",
        verbose_name=_("organisation"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.IDENTIFIED)
    appointment_date = models.DateField(_("appointment date"), null=True, blank=True)
    appointment_precision = models.CharField(
        _("precision of the date"), max_length=10, choices=Precision, default=Precision.DAY
    )
    contact = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mobilisations",
        verbose_name=_("person to meet"),
    )
    followed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_mobilisations",
        verbose_name=_("followed by"),
    )
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["organisation__sort_name", "id"]  # French order (core.collation)
        verbose_name = _("mobilisation")
        verbose_name_plural = _("mobilisations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation"],
                name="mobilisation_unique_per_programme",
                violation_error_message=_(
                    "This organisation is already followed in this experimentation."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_status_display()}"

    def clean(self) -> None:
        territory = self.programme.territory_id
        if self.organisation_id and self.organisation.territory_id != territory:
            raise ValidationError({"organisation": _("This organisation is not in the territory.")})
        if self.contact_id and self.contact.territory_id != territory:
            raise ValidationError({"contact": _("This contact is not in the territory.")})


class InteractionKind(models.TextChoices):
    MEETING = "rdv", _("appointment")
    CALL = "appel", _("phone call")
    MAIL = "mail", _("mail")
    EVENT = "evenement", _("event")


class Interaction(models.Model):
    """One exchange with an organisation during its mobilisation."""

    mobilisation = models.ForeignKey(
        Mobilisation, on_delete=models.CASCADE, related_name="interactions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InteractionKind)
    date = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ScopedManager(territory="mobilisation__programme__territory")

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.date}"


class ChannelEvent(models.Model):
    """An event already planned where to mobilise (e.g. the forum des associations)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="channel_events"
    )
    name = models.CharField(_("name"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("precision of the date"), max_length=10, choices=Precision, default=Precision.DAY
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    notes = models.TextField(_("what to do there"), blank=True)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["date", "name"]
        verbose_name = _("planned event")
        verbose_name_plural = _("planned events")

    def __str__(self) -> str:
        return self.name


class CommunicationStatus(models.TextChoices):
    PLANNED = "prevu", _("planned")
    IN_PROGRESS = "en_cours", _("in progress")
    DONE = "fait", _("done")


class CommunicationItem(models.Model):
    """One line of the communication plan: what, through which channel, when, who."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="communication_items"
    )
    what = models.CharField(_("what"), max_length=300)
    channel = models.CharField(_("channel"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CommunicationStatus,
        default=CommunicationStatus.PLANNED,
    )

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("communication plan item")
        verbose_name_plural = _("communication plan")

    def __str__(self) -> str:
        return self.what


class ResourceKind(models.TextChoices):
    RESOURCE = "ressource", _("resource")
    SCHEME = "dispositif", _("support scheme")


class Resource(models.Model):
    """A resource or support scheme (dispositif d'aide) of the territory guide."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="resources"
    )
    theme = models.ForeignKey(
        "programmes.Theme",
        on_delete=models.CASCADE,
        related_name="resources",
        verbose_name=_("theme"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ResourceKind, default=ResourceKind.RESOURCE
    )
    name = models.CharField(_("name"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("A service’s desk or phone number, never a private person’s details."),
    )
    link = models.URLField(_("link"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["theme__position", "kind", "name"]
        verbose_name = _("guide resource")
        verbose_name_plural = _("guide resources")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.theme_id and self.theme.programme_id != self.programme_id:
            raise ValidationError({"theme": _("This theme is not one of the experimentation’s.")})
        if "@" in self.contact:
            raise ValidationError(
                {
                    "contact": _(
                        "Give a desk, a phone number or a web page: the guide publishes no email "
                        "address."
                    )
                }
            )


class Guide(models.Model):
    """Whether the programme's territory guide is public, and its introduction."""

    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="guide"
    )
    published = models.BooleanField(_("published"), default=False)
    introduction = models.TextField(_("introduction"), blank=True)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        verbose_name = _("territory guide")
        verbose_name_plural = _("territory guides")

    def __str__(self) -> str:
        return str(self.programme)


class ImportBatch(models.Model):
    """An uploaded file: kept (``content``) until the task worker has read it, then its rows
    (kept as data) wait for the user's confirmation; or the reason it was refused (``error``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("being read")
        READY = "ready", _("read")
        FAILED = "failed", _("refused")

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="import_batches"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    target = models.CharField(max_length=20)  # organisations | contacts
    filename = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status, default=Status.READY)
    content = models.BinaryField(default=b"", blank=True)  # the upload, until it is read
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
