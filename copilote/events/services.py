"""Writes on collective events: events, their programme, registrations, check-in.

Every function is keyword-only and atomic, validates with ``full_clean()`` and logs one entry.

Capacity holds under concurrent registrations because each registration and each cancellation
runs in one transaction that first locks the event's row (``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite every transaction begins ``IMMEDIATE``, which serialises writers): the
seats taken are counted by the database inside that lock, so two requests never both take the
last seat. A cancellation promotes the first person of the waiting list in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
import time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from copilote.core import locking
from copilote.core.services import log_programme_action, save_validated
from copilote.events.models import (
    Audience,
    Event,
    EventItem,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)

RESERVED_SLUGS = {"gestion"}  # the team's pages live under evenements/gestion/
# What the registrant consents to: shown on the form and kept with the registration.
RETENTION_MONTHS = 12
FRAME_KINDS = {
    "sensibilisation": EventKind.LAUNCH,
    "restitution": EventKind.RESTITUTION,
    "thematique": EventKind.THEMATIC,
}
EVENT_FIELDS = (
    "kind",
    "title",
    "slug",
    "date",
    "start_time",
    "end_time",
    "venue_name",
    "venue_address",
    "venue_access",
    "audience",
    "capacity",
    "target_min",
    "target_max",
    "status",
    "description",
)
ITEM_FIELDS = ("start_time", "end_time", "kind", "title", "speakers_text", "theme", "notes")


def consent_text(programme) -> str:
    return _(
        "I agree that %(programme)s keeps my name, address, organisation, commune and themes of "
        "interest to organise this event, send me its practical information, and offer me to "
        "join a working group on the themes I chose. These data are kept %(months)s months after "
        "the event, then erased; I can ask for them or their erasure at any time."
    ) % {"programme": programme.name, "months": RETENTION_MONTHS}


def _retry_when_locked(function):
    """SQLite answers « database is locked » when its writers queue for longer than its busy
    timeout: try again a few times, then refuse with a French message (never a 500)."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        for attempt in range(4):
            try:
                return function(*args, **kwargs)
            except OperationalError as exc:
                if "locked" not in str(exc).lower():
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise ValidationError(
            _("Too many registrations at the same moment: please try again in a few seconds.")
        )

    return wrapper


def unique_slug(programme, title: str, exclude: int | None = None) -> str:
    base = slugify(title)[:70] or "evenement"
    if base in RESERVED_SLUGS:
        base = f"{base}-evenement"
    slug, n = base, 1
    others = Event.objects.filter(programme=programme)
    if exclude:
        others = others.exclude(pk=exclude)
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def save_event(
    *,
    user,
    programme,
    event: Event | None = None,
    version: int | None = None,
    base: dict | None = None,
    **fields,
) -> Event:
    """Create or update an event (``core.locking`` with ``version`` and ``base``: two people's
    edits of different fields are both kept, the same field is a conflict)."""
    created = event is None
    if created:
        event = Event(programme=programme)
    fields = locking.check(event, version=version, base=base, fields=fields)
    for field, value in fields.items():
        if field not in EVENT_FIELDS:
            raise TypeError(f"unknown event field {field!r}")
        setattr(event, field, value)
    if not event.slug:
        event.slug = unique_slug(programme, event.title, exclude=event.pk)
    event.full_clean()
    locking.save(event)
    log_programme_action(
        user, programme, "event.create" if created else "event.update", event, {"event": event.pk}
    )
    return event


def frame_of(programme, key: str) -> dict | None:
    """The programme's own copy of an event frame of the kit."""
    frame = programme.frames.filter(kind="event", key=key).first()
    return frame.data if frame else None


@transaction.atomic
def create_from_frame(*, user, programme, key: str) -> Event:
    """A draft event prefilled from the programme's copy of the kit's frame (launch,
    restitution, thematic meeting), with its provisional programme."""
    frame = frame_of(programme, key)
    if frame is None:
        raise ValidationError(_("This frame is not in the experimentation’s kit."))
    target = frame.get("target_attendance") or {}
    if key == "launch":
        target = {
            "min": programme.launch_attendance_min or target.get("min"),
            "max": programme.launch_attendance_max or target.get("max"),
        }
    objectives = frame.get("objectives") or [frame.get("objective", "")]
    description = "\n".join(o for o in [*objectives, frame.get("purpose", "")] if o)
    event = Event(
        programme=programme,
        kind=FRAME_KINDS.get(frame.get("kind", ""), EventKind.OTHER),
        frame_key=key,
        title=frame["title"],
        audience=Audience.REGISTRATION,
        target_min=target.get("min"),
        target_max=target.get("max"),
        description=description,
    )
    event.slug = unique_slug(programme, event.title)
    save_validated(event)
    for position, item in enumerate(frame.get("programme", [])):
        save_validated(
            EventItem(event=event, position=position, kind=item["kind"], title=item["title"])
        )
    log_programme_action(user, programme, "event.create", event, {"frame": key})
    return event


@transaction.atomic
def set_status(*, user, event: Event, status: str) -> Event:
    event.status = status
    save_validated(event)
    log_programme_action(user, event.programme, "event.status", event, {"status": status})
    return event


@transaction.atomic
def delete_event(*, user, event: Event) -> None:
    if event.registrations.exists():
        raise ValidationError(
            _("People registered to this event: close it instead of deleting it.")
        )
    log_programme_action(user, event.programme, "event.delete", event, {"event": event.pk})
    event.delete()


# The programme of the event (déroulé) ------------------------------------------------------------


@transaction.atomic
def save_item(
    *,
    user,
    event: Event,
    item: EventItem | None = None,
    speakers=(),
    organisations=(),
    version: int | None = None,
    base: dict | None = None,
    **fields,
) -> EventItem:
    """Create or update a programme slot (``core.locking``, its speakers and organisations
    included)."""
    created = item is None
    if created:
        last = event.items.aggregate(m=Max("position"))["m"]
        item = EventItem(event=event, position=0 if last is None else last + 1)
    fields = locking.check(
        item,
        version=version,
        base=base,
        fields={**fields, "speakers": list(speakers), "organisations": list(organisations)},
    )
    speakers, organisations = fields.pop("speakers"), fields.pop("organisations")
    for field, value in fields.items():
        if field not in ITEM_FIELDS:
            raise TypeError(f"unknown slot field {field!r}")
        setattr(item, field, value)
    territory = event.programme.territory_id
    for person in speakers:
        if person.territory_id != territory:
            raise ValidationError({"speakers": _("This person is not in the territory.")})
    for organisation in organisations:
        if organisation.territory_id != territory:
            raise ValidationError(
                {"organisations": _("This organisation is not in the territory.")}
            )
    item.full_clean()
    locking.save(item)
    item.speakers.set(speakers)
    item.organisations.set(organisations)
    log_programme_action(
        user, event.programme, "event.item.save", event, {"item": item.pk, "created": created}
    )
    return item


@transaction.atomic
def move_item(*, user, item: EventItem, up: bool) -> None:
    items = list(item.event.items.all())
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        for position, other in enumerate(items):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position"])
    log_programme_action(user, item.event.programme, "event.item.move", item.event)


@transaction.atomic
def delete_item(*, user, item: EventItem) -> None:
    event = item.event
    item.delete()
    log_programme_action(user, event.programme, "event.item.delete", event)


# Registration ------------------------------------------------------------------------------------


def _locked(event: Event) -> Event:
    """The event's row, locked until the end of the transaction (its programme kept)."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    locked.programme = event.programme
    return locked


def seats_taken(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.REGISTERED, walk_in=False).count()


def check_open(event: Event, today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    if event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("Registration to this event is closed."))
    if event.date and event.date < today:
        raise ValidationError(_("This event is over: registration is closed."))


@_retry_when_locked
def register(
    *,
    event: Event,
    name: str,
    email: str,
    kind: str,
    consent: bool,
    organisation: str = "",
    commune=None,
    themes=(),
    base_url: str = "",
) -> Registration:
    """Register someone from the public page: a seat while there is one, else the waiting list.

    Refused: a closed event, no consent, an address already registered to the event.
    """
    if not consent:
        raise ValidationError(
            {"consent": _("Registration needs your consent to the use of your data.")}
        )
    email = email.strip().lower()
    with transaction.atomic():
        event = _locked(event)
        check_open(event)
        if commune is not None and commune.territory_id != event.programme.territory_id:
            raise ValidationError({"commune": _("This commune is not in the territory.")})
        if (
            event.registrations.filter(email=email)
            .exclude(status=RegistrationStatus.CANCELLED)
            .exists()
        ):
            raise ValidationError({"email": _("This address is already registered to this event.")})
        full = event.capacity is not None and seats_taken(event) >= event.capacity
        status = RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED
        registration = event.registrations.filter(email=email).first() or Registration(
            event=event, email=email
        )
        registration.name = name
        registration.organisation = organisation
        registration.kind = kind
        registration.commune = commune
        registration.consent = True
        registration.consent_text = consent_text(event.programme)
        registration.status = status
        registration.cancelled_at = None
        registration.token = secrets.token_hex(16)
        try:
            with transaction.atomic():
                save_validated(registration)
        except IntegrityError as exc:  # the same address, at the very same moment
            raise ValidationError(
                {"email": _("This address is already registered to this event.")}
            ) from exc
        registration.themes.set([t for t in themes if t.programme_id == event.programme_id])
        log_programme_action(
            None,
            event.programme,
            "event.register",
            event,
            {"registration": registration.pk, "status": status},
        )
        from copilote.events import tasks

        tasks.send_registration_mail.enqueue(registration.pk, "confirmation", base_url)
    return registration


@_retry_when_locked
def cancel(*, registration: Registration, user=None, base_url: str = "") -> Registration | None:
    """Cancel a registration; a freed seat goes to the first of the waiting list, who is told.

    Returns the promoted registration, if any.
    """
    promoted = None
    with transaction.atomic():
        event = _locked(registration.event)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            raise ValidationError(_("This registration is already cancelled."))
        was_seated = registration.status == RegistrationStatus.REGISTERED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.present = False
        registration.token = ""
        registration.save(update_fields=["status", "cancelled_at", "present", "token"])
        if was_seated and event.capacity is not None and seats_taken(event) < event.capacity:
            promoted = (
                event.registrations.filter(status=RegistrationStatus.WAITING)
                .order_by("created_at", "id")
                .first()
            )
            if promoted is not None:
                promoted.status = RegistrationStatus.REGISTERED
                promoted.save(update_fields=["status"])
        log_programme_action(
            user,
            event.programme,
            "event.cancel",
            event,
            {"registration": registration.pk, "promoted": promoted.pk if promoted else None},
        )
        if promoted is not None:
            from copilote.events import tasks

            tasks.send_registration_mail.enqueue(promoted.pk, "promotion", base_url)
    return promoted


# Check-in on the day ---------------------------------------------------------------------------


@transaction.atomic
def check_in(*, user, registration: Registration, present: bool) -> Registration:
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration is cancelled."))
    registration.present = present
    registration.checked_in_at = timezone.now() if present else None
    if present and registration.status == RegistrationStatus.WAITING:
        # On the day, someone of the waiting list who comes is let in.
        registration.status = RegistrationStatus.REGISTERED
    registration.save(update_fields=["present", "checked_in_at", "status"])
    log_programme_action(
        user,
        registration.event.programme,
        "event.check_in",
        registration.event,
        {"registration": registration.pk, "present": present},
    )
    return registration


@transaction.atomic
def add_walk_in(
    *,
    user,
    event: Event,
    name: str,
    kind: str,
    organisation: str = "",
    commune=None,
    email: str = "",
) -> Registration:
    """Someone who came without registering, marked present at once (beyond capacity: they
    are in the room)."""
    event = _locked(event)
    email = email.strip().lower()
    if email and event.registrations.filter(email=email).exists():
        raise ValidationError(
            {"email": _("This address is already registered: find the person in the list.")}
        )
    registration = Registration(
        event=event,
        name=name,
        email=email,
        organisation=organisation,
        kind=kind,
        commune=commune,
        walk_in=True,
        present=True,
        checked_in_at=timezone.now(),
        status=RegistrationStatus.REGISTERED,
    )
    save_validated(registration)
    log_programme_action(
        user, event.programme, "event.walk_in", event, {"registration": registration.pk}
    )
    return registration


# Retention -------------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@transaction.atomic
def purge_expired_registrations(*, today: dt.date | None = None) -> int:
    """Anonymise the registrations kept beyond the period the registrants consented to
    (RETENTION_MONTHS after their event): the figures stay, the people go. Idempotent; meant
    for the retention command (``copilote purge``)."""
    from copilote.actors.personal_data import ANONYMOUS_NAME

    today = today or timezone.localdate()
    limit = add_months(today, -RETENTION_MONTHS)
    rows = list(
        Registration.objects.filter(event__date__lt=limit)
        .exclude(email="", organisation="", commune=None, name__startswith=ANONYMOUS_NAME)
        .select_related("event__programme__territory")
    )
    for r in rows:
        r.name = f"{ANONYMOUS_NAME} n°{r.pk}"
        r.email = ""
        r.organisation = ""
        r.commune = None
        r.token = ""
        r.save(update_fields=["name", "email", "organisation", "commune", "token"])
        r.themes.clear()
    for programme in {r.event.programme for r in rows}:
        log_programme_action(None, programme, "event.purge", data={"count": len(rows)})
    return len(rows)


def register_purger() -> None:
    """``copilote purge`` anonymises the registrations past the period their consent names."""
    from copilote.core.purge import Purger, register

    register(
        Purger(
            "event-registrations",
            lambda now: purge_expired_registrations(today=timezone.localdate(now)),
            f"event registrations, {RETENTION_MONTHS} months after their event (anonymised)",
        )
    )
