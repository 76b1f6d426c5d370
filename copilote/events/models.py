"""Collective events: the launch, the restitution and the thematic meetings, their programme
(déroulé) and the public's registrations."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_scopes import ScopedManager

from copilote.programmes.models import slug_validator


class EventKind(models.TextChoices):
    LAUNCH = "lancement", _("Launch / awareness")
    RESTITUTION = "restitution", _("Restitution")
    THEMATIC = "thematique", _("Thematic meeting")
    OTHER = "autre", _("Other")


class Audience(models.TextChoices):
    OPEN = "ouvert", _("Open to all")
    REGISTRATION = "inscription", _("On registration")


class EventStatus(models.TextChoices):
    DRAFT = "brouillon", _("Draft")
    PUBLISHED = "publie", _("Published")
    CLOSED = "clos", pgettext_lazy("event", "Closed")


class Event(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="events"
    )
    slug = models.SlugField(_("identifier"), max_length=80, validators=[slug_validator])
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind)
    frame_key = models.CharField(_("kit frame"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("address"), max_length=300, blank=True)
    venue_access = models.TextField(
        _("access"), blank=True, help_text=_("Public transport, parking, accessibility.")
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience, default=Audience.REGISTRATION
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Seats offered to registration; beyond, a waiting list. Empty: no limit."),
    )
    target_min = models.PositiveIntegerField(
        _("attendance target – minimum"), null=True, blank=True
    )
    target_max = models.PositiveIntegerField(
        _("attendance target – maximum"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus, default=EventStatus.DRAFT
    )
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # core.locking
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(territory="programme__territory")

    class Meta:
        ordering = ["date", "start_time", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "slug"],
                name="event_unique_slug",
                violation_error_message=_("Another event already uses this identifier."),
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(start_time__lt=F("end_time")),
                name="event_times_order",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(target_min__isnull=True)
                | Q(target_max__isnull=True)
                | Q(target_min__lte=F("target_max")),
                name="event_target_range",
                violation_error_message=_("The minimum target cannot exceed the maximum."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.slug == "gestion":
            raise ValidationError({"slug": _("This identifier is reserved.")})
        if self.status == EventStatus.PUBLISHED and not self.date:
            raise ValidationError({"date": _("Give the date before publishing the event.")})

    @property
    def when(self) -> str:
        return formats.date_format(self.date, "l j F Y") if self.date else ""

    @property
    def hours(self) -> str:
        if self.start_time and self.end_time:
            return f"{self.start_time:%H:%M} – {self.end_time:%H:%M}".replace(":", " h ")
        if self.start_time:
            return f"{self.start_time:%H:%M}".replace(":", " h ")
        return ""

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def target(self) -> str:
        if self.target_min and self.target_max:
            return f"{self.target_min}–{self.target_max}"
        return str(self.target_min or self.target_max or "")


class ItemKind(models.TextChoices):
    SPEECH = "speech", _("Speech")
    TESTIMONY = "testimony", _("Testimony")
    ROUND_TABLE = "round_table", _("Round table")
    GROUP_FEEDBACK = "group_feedback", _("Feedback from the working groups")
    FOLLOW_UP = "follow_up", _("Presentation of what comes next")
    SOCIAL = "social", _("Cocktail / social time")
    OTHER = "other", _("Other")


class EventItem(models.Model):
    """A time slot of an event's programme (déroulé)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="items")
    version = models.PositiveIntegerField(default=1, editable=False)  # core.locking
    position = models.PositiveSmallIntegerField(default=0)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind, default=ItemKind.SPEECH)
    title = models.CharField(_("title"), max_length=300)
    speakers = models.ManyToManyField(
        "actors.Person", blank=True, related_name="event_items", verbose_name=_("speakers")
    )
    speakers_text = models.CharField(
        _("other speakers"),
        max_length=500,
        blank=True,
        help_text=_("Speakers who are not in the directory, as free text."),
    )
    organisations = models.ManyToManyField(
        "actors.Organisation",
        blank=True,
        related_name="event_items",
        verbose_name=_("organisations"),
    )
    theme = models.ForeignKey(
        "programmes.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_items",
        verbose_name=_("working group (theme)"),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = ScopedManager(territory="event__programme__territory")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("programme slot")
        verbose_name_plural = _("programme slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(start_time__lt=F("end_time")),
                name="event_item_times_order",
                violation_error_message=_("The slot must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def programme(self):
        return self.event.programme

    def clean(self) -> None:
        if self.theme_id and self.event_id and self.theme.programme_id != self.event.programme_id:
            raise ValidationError({"theme": _("This theme is not in the experimentation.")})


class RegistrantKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    COMPANY = "entreprise", _("Company")
    AUTHORITY = "collectivite", _("Local authority")
    CITIZEN = "citoyen", _("Citizen")
    OTHER = "autre", _("Other")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "inscrit", _("Registered")
    WAITING = "attente", _("Waiting list")
    CANCELLED = "annule", _("Cancelled")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    kind = models.CharField(_("you are"), max_length=20, choices=RegistrantKind)
    commune = models.ForeignKey(
        "programmes.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("commune"),
    )
    themes = models.ManyToManyField(
        "programmes.Theme",
        blank=True,
        related_name="event_registrations",
        verbose_name=_("themes of interest"),
    )
    consent = models.BooleanField(_("consent"), default=False)
    consent_text = models.TextField(_("consent given to"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus,
        default=RegistrationStatus.REGISTERED,
    )
    walk_in = models.BooleanField(_("walk-in"), default=False)
    present = models.BooleanField(_("present"), default=False)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    token = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(_("registered on"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)

    objects = ScopedManager(territory="event__programme__territory")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(email=""),
                name="registration_unique_email",
                violation_error_message=_("This address is already registered to this event."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def programme(self):
        return self.event.programme
