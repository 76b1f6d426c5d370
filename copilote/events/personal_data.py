"""What the events hold on a person (RGPD): their registrations, found by address."""

from __future__ import annotations

from django.db.models import Q

from copilote.actors.personal_data import (
    ANONYMOUS_NAME,
    Holder,
    register,
    register_free_text,
    register_names,
)
from copilote.events.models import Registration


def _registrations(email: str):
    return Registration.objects.filter(Q(email__iexact=email) & ~Q(email=""))


def _export(email: str) -> list[dict]:
    return [
        {
            "programme": r.event.programme.name,
            "event": r.event.title,
            "date": r.event.date.isoformat() if r.event.date else None,
            "name": r.name,
            "email": r.email,
            "organisation": r.organisation,
            "kind": r.kind,
            "commune": r.commune.name if r.commune else None,
            "themes": [t.name for t in r.themes.all()],
            "status": r.status,
            "present": r.present,
            "consent": r.consent_text,
            "registered_on": r.created_at.isoformat(),
        }
        for r in _registrations(email)
        .select_related("event__programme", "commune")
        .prefetch_related("themes")
    ]


def _erase(email: str) -> int:
    rows = list(_registrations(email))
    for r in rows:
        # The registration stays counted (figures, attendance); the person goes.
        r.name = f"{ANONYMOUS_NAME} n°{r.pk}"
        r.email = ""
        r.organisation = ""
        r.commune = None
        r.token = ""
        r.save(update_fields=["name", "email", "organisation", "commune", "token"])
        r.themes.clear()
    return len(rows)


def _territories(email: str) -> set:
    return set(_registrations(email).values_list("event__programme__territory_id", flat=True))


def _names(email: str) -> list[str]:
    return list(_registrations(email).values_list("name", flat=True))


def register_holder() -> None:
    register(Holder("event_registrations", _export, _erase, territories=_territories))
    # Free text where a name may be typed: erased by the directory's traces holder.
    register_names(_names)
    register_free_text("event_descriptions", "events.Event", ["description"])
    register_free_text("event_programme", "events.EventItem", ["speakers_text", "notes"])
