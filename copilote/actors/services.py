"""Writes on the directory, the mobilisation, the communication plan and the guide.

Every function is keyword-only, atomic, validates with ``full_clean()`` and logs one entry.
Log entries about people carry identifiers only, never a name or a contact detail.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from copilote.actors.models import (
    Guide,
    Interaction,
    Mobilisation,
    Organisation,
    Person,
    Status,
)
from copilote.core import deletion, locking
from copilote.core.services import log_programme_action, save_validated


@transaction.atomic
def save_organisation(
    *,
    user,
    programme,
    organisation: Organisation | None = None,
    themes=(),
    networks=(),
    version: int | None = None,
    base: dict | None = None,
    **fields,
) -> Organisation:
    """Create or update an organisation (shared by the territory's programmes: ``core.locking``
    with ``version`` and ``base`` keeps two people's edits)."""
    creating = organisation is None or organisation.pk is None
    if organisation is None:
        organisation = Organisation(territory=programme.territory)
    fields = locking.check(organisation, version=version, base=base, fields=fields)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    locking.save(organisation)
    # The form shows this programme's themes only: the other programmes' links stay.
    kept = [] if creating else list(organisation.themes.exclude(programme=programme))
    organisation.themes.set([*kept, *themes])
    organisation.networks.set(networks)
    log_programme_action(
        user,
        programme,
        "organisation.create" if creating else "organisation.update",
        organisation,
    )
    return organisation


@transaction.atomic
def delete_organisation(*, user, programme, organisation: Organisation) -> None:
    if organisation.sponsored_programmes.exists() or organisation.partnerships.exists():
        raise ValidationError(
            _("This organisation sponsors or partners an experimentation: it cannot be deleted.")
        )
    # Shared by the territory's programmes: refused if another programme follows it, and a
    # French message when a committee seat or a task still names it.
    deletion.check_deletion(organisation, programme=programme)
    log_programme_action(user, programme, "organisation.delete", organisation)
    deletion.delete(organisation, programme=programme)


@transaction.atomic
def save_person(*, user, programme, person: Person | None = None, **fields) -> Person:
    creating = person is None or person.pk is None
    if person is None:
        person = Person(territory=programme.territory)
    for name, value in fields.items():
        setattr(person, name, value)
    save_validated(person)
    log_programme_action(
        user,
        programme,
        "person.create" if creating else "person.update",
        data={"person_id": person.pk},
    )
    return person


@transaction.atomic
def follow(*, user, programme, organisation: Organisation, status: str = Status.IDENTIFIED):
    """Start following an organisation's mobilisation in ``programme`` (idempotent)."""
    mobilisation = Mobilisation.objects.filter(
        programme=programme, organisation=organisation
    ).first()
    if mobilisation:
        return mobilisation
    mobilisation = save_validated(
        Mobilisation(programme=programme, organisation=organisation, status=status)
    )
    log_programme_action(user, programme, "mobilisation.create", mobilisation, {"status": status})
    return mobilisation


@transaction.atomic
def save_mobilisation(*, user, mobilisation: Mobilisation, **fields) -> Mobilisation:
    for name, value in fields.items():
        setattr(mobilisation, name, value)
    save_validated(mobilisation)
    log_programme_action(
        user,
        mobilisation.programme,
        "mobilisation.update",
        mobilisation,
        {"status": mobilisation.status},
    )
    return mobilisation


@transaction.atomic
def move(*, user, mobilisation: Mobilisation, status: str) -> Mobilisation:
    """Change the status (the board's drag or keyboard move)."""
    if status not in Status.values:
        raise ValidationError(_("Choose a status from the list."))
    previous = mobilisation.status
    mobilisation.status = status
    save_validated(mobilisation)
    log_programme_action(
        user,
        mobilisation.programme,
        "mobilisation.move",
        mobilisation,
        {"from": previous, "to": status},
    )
    return mobilisation


@transaction.atomic
def delete_person(*, user, programme, person: Person) -> None:
    """Delete a contact; one who sits on the steering committee or carries a task stays (their
    personal data can be erased instead: ``copilote person erase``)."""
    log_programme_action(user, programme, "person.delete", data={"person_id": person.pk})
    try:
        with transaction.atomic():
            person.delete()
    except ProtectedError as exc:
        raise ValidationError(
            _(
                "%(name)s sits on the steering committee or carries a task: take them off "
                "there first."
            )
            % {"name": person}
        ) from exc


@transaction.atomic
def delete_interaction(*, user, interaction: Interaction) -> None:
    mobilisation = interaction.mobilisation
    log_programme_action(
        user, mobilisation.programme, "interaction.delete", mobilisation, {"kind": interaction.kind}
    )
    interaction.delete()


@transaction.atomic
def add_interaction(*, user, mobilisation: Mobilisation, kind: str, date, notes: str = ""):
    interaction = save_validated(
        Interaction(
            mobilisation=mobilisation,
            kind=kind,
            date=date,
            notes=notes,
            author=user if getattr(user, "is_authenticated", False) else None,
        )
    )
    log_programme_action(
        user, mobilisation.programme, "interaction.create", mobilisation, {"kind": kind}
    )
    return interaction


@transaction.atomic
def save_simple(*, user, programme, obj, action: str, **fields):
    """Create or update a network, a planned event, a communication item or a resource."""
    creating = obj.pk is None
    for name, value in fields.items():
        setattr(obj, name, value)
    save_validated(obj)
    log_programme_action(user, programme, f"{action}.{'create' if creating else 'update'}", obj)
    return obj


@transaction.atomic
def delete_simple(*, user, programme, obj, action: str) -> None:
    deletion.check_deletion(obj, programme=programme)
    log_programme_action(user, programme, f"{action}.delete", obj)
    deletion.delete(obj, programme=programme)


@transaction.atomic
def publish_guide(*, user, programme, published: bool, introduction: str | None = None) -> Guide:
    guide, _created = Guide.objects.get_or_create(programme=programme)
    guide.published = published
    if introduction is not None:
        guide.introduction = introduction
    save_validated(guide)
    log_programme_action(
        user, programme, "guide.publish" if published else "guide.unpublish", guide
    )
    return guide
