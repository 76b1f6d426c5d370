"""Organisations of a territory (the directory grows with the mobilisation features)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager


class OrganisationKind(models.TextChoices):
    ASSOCIATION = "association", _("Association")
    COMPANY = "entreprise", _("Company")
    AUTHORITY = "collectivite", _("Local authority")
    INSTITUTION = "institution", _("Institution")
    ACADEMIC = "academique", _("Academic")
    OTHER = "autre", _("Other")


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
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = ScopedManager(territory="territory")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
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
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects = ScopedManager(territory="territory")

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        if self.organisation_id and self.organisation.territory_id != self.territory_id:
            raise ValidationError({"organisation": _("This organisation is not in the territory.")})
