"""The ``events`` section of the programme file: events, their programme, their registrations.

Loaded before the committee (whose published content may show the events) and after the
contacts (speakers are named by their full name, as listed under ``contacts``). Export then
import gives back the same section.
"""

from __future__ import annotations

import datetime as dt
import secrets

from copilote.events.models import (
    Audience,
    Event,
    EventItem,
    EventKind,
    EventStatus,
    ItemKind,
    RegistrantKind,
    Registration,
    RegistrationStatus,
)
from copilote.programmes.models import Commune
from copilote.programmes.programme_file import Section, register
from copilote.programmes.programme_file.reader import parse_date
from copilote.programmes.programme_file.writer import compact, iso_date

ORDER = 800

TEXT = {"type": "string", "maxLength": 5000}
SHORT = {"type": "string", "maxLength": 300}
DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
TIME = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"}
NAMES = {"type": "array", "items": SHORT, "maxItems": 50}

SCHEMA = {
    "type": "array",
    "maxItems": 200,
    "description": "Collective events: launch, restitution, thematic meetings.",
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["slug", "kind", "title"],
        "properties": {
            "slug": {"type": "string", "pattern": r"^[a-z0-9]+(?:-[a-z0-9]+)*$", "maxLength": 80},
            "kind": {"enum": EventKind.values},
            "frame": {"enum": ["launch", "restitution", "thematic"]},
            "title": {"type": "string", "minLength": 1, "maxLength": 200},
            "date": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "venue": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"name": SHORT, "address": SHORT, "access": TEXT},
            },
            "audience": {"enum": Audience.values},
            "capacity": {"type": "integer", "minimum": 1},
            "target": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "min": {"type": "integer", "minimum": 0},
                    "max": {"type": "integer", "minimum": 0},
                },
            },
            "status": {"enum": EventStatus.values},
            "description": TEXT,
            "programme": {
                "type": "array",
                "maxItems": 100,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["title"],
                    "properties": {
                        "start_time": TIME,
                        "end_time": TIME,
                        "kind": {"enum": ItemKind.values},
                        "title": {"type": "string", "minLength": 1, "maxLength": 300},
                        "speakers": NAMES,
                        "other_speakers": {"type": "string", "maxLength": 500},
                        "organisations": NAMES,
                        "theme": SHORT,
                        "notes": TEXT,
                    },
                },
            },
            "registrations": {
                "type": "array",
                "maxItems": 20000,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "kind"],
                    "properties": {
                        "name": {"type": "string", "minLength": 1, "maxLength": 200},
                        "email": {"type": "string", "maxLength": 254},
                        "organisation": {"type": "string", "maxLength": 200},
                        "kind": {"enum": RegistrantKind.values},
                        "commune": SHORT,
                        "themes": NAMES,
                        "consent": {"type": "boolean"},
                        "status": {"enum": RegistrationStatus.values},
                        "walk_in": {"type": "boolean"},
                        "present": {"type": "boolean"},
                    },
                },
            },
        },
    },
}


def _time(value) -> str | None:
    return value.strftime("%H:%M") if value else None


def _time_of(value: str | None):
    return dt.time.fromisoformat(value) if value else None


def export(programme) -> list:
    events = (
        Event.objects.filter(programme=programme)
        .prefetch_related("items__speakers", "items__organisations", "items__theme")
        .order_by("date", "start_time", "id")
    )
    # Registrations (thousands) read as plain rows, their themes from the link table.
    themes: dict[int, list[str]] = {}
    for registration_id, slug in (
        Registration.themes.through.objects.filter(registration__event__programme=programme)
        .order_by("theme__position", "theme__id")
        .values_list("registration_id", "theme__slug")
    ):
        themes.setdefault(registration_id, []).append(slug)
    registrations: dict[int, list[dict]] = {}
    for r in (
        Registration.objects.filter(event__programme=programme)
        .order_by("created_at", "pk")
        .values(
            "pk",
            "event_id",
            "name",
            "email",
            "organisation",
            "kind",
            "commune__name",
            "consent",
            "status",
            "walk_in",
            "present",
        )
    ):
        registrations.setdefault(r["event_id"], []).append(r)
    out = []
    for e in events:
        out.append(
            compact(
                {
                    "slug": e.slug,
                    "kind": e.kind,
                    "frame": e.frame_key or None,
                    "title": e.title,
                    "date": iso_date(e.date),
                    "start_time": _time(e.start_time),
                    "end_time": _time(e.end_time),
                    "venue": compact(
                        {"name": e.venue_name, "address": e.venue_address, "access": e.venue_access}
                    ),
                    "audience": e.audience,
                    "capacity": e.capacity,
                    "target": compact({"min": e.target_min, "max": e.target_max}),
                    "status": e.status,
                    "description": e.description,
                    "programme": [
                        compact(
                            {
                                "start_time": _time(i.start_time),
                                "end_time": _time(i.end_time),
                                "kind": i.kind,
                                "title": i.title,
                                "speakers": [str(p) for p in i.speakers.all()],
                                "other_speakers": i.speakers_text,
                                "organisations": [o.name for o in i.organisations.all()],
                                "theme": i.theme.slug if i.theme_id else None,
                                "notes": i.notes,
                            }
                        )
                        for i in e.items.all()
                    ],
                    "registrations": [
                        compact(
                            {
                                "name": r["name"],
                                "email": r["email"],
                                "organisation": r["organisation"],
                                "kind": r["kind"],
                                "commune": r["commune__name"],
                                "themes": themes.get(r["pk"], []),
                                "consent": True if r["consent"] else None,
                                "status": None
                                if r["status"] == RegistrationStatus.REGISTERED
                                else r["status"],
                                "walk_in": True if r["walk_in"] else None,
                                "present": True if r["present"] else None,
                            }
                        )
                        for r in registrations.get(e.pk, [])
                    ],
                }
            )
        )
    return out


def load(ctx, value: list) -> None:
    from copilote.events.services import consent_text

    programme = ctx.programme
    communes = {c.name: c for c in Commune.objects.filter(territory=ctx.territory)}
    for i, item in enumerate(value):
        path = ("events", i)
        venue = item.get("venue", {})
        target = item.get("target", {})
        event = ctx.save(
            Event(
                programme=programme,
                slug=item["slug"],
                kind=item["kind"],
                frame_key=item.get("frame", ""),
                title=item["title"],
                date=parse_date(item.get("date")),
                start_time=_time_of(item.get("start_time")),
                end_time=_time_of(item.get("end_time")),
                venue_name=venue.get("name", ""),
                venue_address=venue.get("address", ""),
                venue_access=venue.get("access", ""),
                audience=item.get("audience", Audience.REGISTRATION),
                capacity=item.get("capacity"),
                target_min=target.get("min"),
                target_max=target.get("max"),
                status=item.get("status", EventStatus.DRAFT),
                description=item.get("description", ""),
            ),
            path,
        )
        if event is None:
            continue
        for j, slot in enumerate(item.get("programme", [])):
            spath = (*path, "programme", j)
            theme = ctx.theme(slot["theme"], (*spath, "theme")) if slot.get("theme") else None
            saved = ctx.save(
                EventItem(
                    event=event,
                    position=j,
                    start_time=_time_of(slot.get("start_time")),
                    end_time=_time_of(slot.get("end_time")),
                    kind=slot.get("kind", "speech"),
                    title=slot["title"],
                    speakers_text=slot.get("other_speakers", ""),
                    theme=theme,
                    notes=slot.get("notes", ""),
                ),
                spath,
            )
            if saved is None:
                continue
            people = [
                ctx.person(name, (*spath, "speakers", k))
                for k, name in enumerate(slot.get("speakers", []))
            ]
            organisations = [
                ctx.organisation(name, (*spath, "organisations", k))
                for k, name in enumerate(slot.get("organisations", []))
            ]
            saved.speakers.set([p for p in people if p])
            saved.organisations.set([o for o in organisations if o])
        text = consent_text(programme)
        seen = set()
        for j, entry in enumerate(item.get("registrations", [])):
            rpath = (*path, "registrations", j)
            email = entry.get("email", "").strip().lower()
            if email and email in seen:
                ctx.problem((*rpath, "email"), "adresse déjà inscrite à cet événement")
                continue
            seen.add(email)
            commune = None
            if entry.get("commune"):
                commune = communes.get(entry["commune"])
                if commune is None:
                    ctx.problem((*rpath, "commune"), f"commune inconnue « {entry['commune']} »")
                    continue
            status = entry.get("status", RegistrationStatus.REGISTERED)
            registration = ctx.save(
                Registration(
                    event=event,
                    name=entry["name"],
                    email=email,
                    organisation=entry.get("organisation", ""),
                    kind=entry["kind"],
                    commune=commune,
                    consent=entry.get("consent", False),
                    consent_text=text if entry.get("consent") else "",
                    status=status,
                    walk_in=entry.get("walk_in", False),
                    present=entry.get("present", False),
                    token=secrets.token_hex(16) if email else "",
                ),
                rpath,
            )
            if registration is not None and entry.get("themes"):
                themes = [
                    ctx.theme(slug, (*rpath, "themes", k)) for k, slug in enumerate(entry["themes"])
                ]
                registration.themes.set([t for t in themes if t])


register(Section("events", SCHEMA, export, load, ORDER))
