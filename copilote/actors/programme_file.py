"""The actors' sections of the programme file: contacts, networks, mobilisation, planned events,
communication plan and the territory guide. The organisations themselves stay in the core
``organisations`` section (with their address, sector, size, themes, maturity...)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from copilote.actors.models import (
    ChannelEvent,
    CommunicationItem,
    CommunicationStatus,
    Guide,
    Interaction,
    InteractionKind,
    Mobilisation,
    Network,
    Person,
    Resource,
    ResourceKind,
    Status,
)
from copilote.planning.models import Precision
from copilote.programmes.programme_file.reader import parse_date
from copilote.programmes.programme_file.sections import Section, register
from copilote.programmes.programme_file.writer import compact, iso_date

TEXT = {"type": "string", "minLength": 1}
DATE = {"type": "string", "format": "date"}
PRECISION = {"enum": list(Precision.values)}


def _object(required, properties):
    return {
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": properties,
    }


def _list(item):
    return {"type": "array", "items": item}


CONTACTS = _list(
    _object(
        ["last_name"],
        {
            "first_name": {"type": "string"},
            "last_name": TEXT,
            "function": {"type": "string"},
            "organisation": {"type": "string", "description": "Name of an organisation."},
            "email": {"type": "string", "format": "email"},
            "phone": {"type": "string"},
            "source": {"type": "string"},
            "consent": {"type": "boolean"},
            "consent_date": DATE,
            "anonymised": {
                "type": "boolean",
                "description": "An erased person (RGPD): the record stays, without personal data.",
            },
        },
    )
)
NETWORKS = _list(
    _object(
        ["name"],
        {
            "name": TEXT,
            "description": {"type": "string"},
            "contact": {"type": "string"},
            "members": _list(TEXT),
        },
    )
)
MOBILISATION = _list(
    _object(
        ["organisation", "status"],
        {
            "organisation": TEXT,
            "status": {"enum": list(Status.values)},
            "appointment_date": DATE,
            "appointment_precision": PRECISION,
            "contact": {
                "type": "string",
                "description": "“First Last” of a contact of the same organisation.",
            },
            "followed_by": {"type": "string", "description": "A username."},
            "next_step": {"type": "string"},
            "interactions": _list(
                _object(
                    ["kind", "date"],
                    {
                        "kind": {"enum": list(InteractionKind.values)},
                        "date": DATE,
                        "notes": {"type": "string"},
                    },
                )
            ),
        },
    )
)
CHANNEL_EVENTS = _list(
    _object(
        ["name"],
        {
            "name": TEXT,
            "date": DATE,
            "precision": PRECISION,
            "place": {"type": "string"},
            "notes": {"type": "string"},
        },
    )
)
COMMUNICATION_PLAN = _list(
    _object(
        ["what", "channel"],
        {
            "what": TEXT,
            "channel": TEXT,
            "date": DATE,
            "owner": {"type": "string"},
            "status": {"enum": list(CommunicationStatus.values)},
        },
    )
)
GUIDE = _object(
    [],
    {
        "published": {"type": "boolean"},
        "introduction": {"type": "string"},
        "resources": _list(
            _object(
                ["theme", "name"],
                {
                    "theme": TEXT,
                    "kind": {"enum": list(ResourceKind.values)},
                    "name": TEXT,
                    "provider": {"type": "string"},
                    "contact": {"type": "string"},
                    "link": {"type": "string", "format": "uri"},
                    "description": {"type": "string"},
                },
            )
        ),
    },
)


def _person_name(person) -> str:
    return f"{person.first_name} {person.last_name}".strip()


# Export ----------------------------------------------------------------------------------------


def export_contacts(programme):
    people = (
        Person.objects.filter(territory=programme.territory)
        .select_related("organisation")
        .order_by("sort_name", "id")
    )
    return [
        compact(
            {
                "first_name": p.first_name,
                "last_name": p.last_name,
                "function": p.function,
                "organisation": p.organisation.name if p.organisation else None,
                "email": p.email,
                "phone": p.phone,
                "source": p.source,
                "consent": p.consent or None,
                "consent_date": iso_date(p.consent_date),
                "anonymised": p.anonymised or None,
            }
        )
        for p in people
    ]


def export_networks(programme):
    return [
        compact(
            {
                "name": n.name,
                "description": n.description,
                "contact": n.contact,
                "members": [o.name for o in n.members.order_by("sort_name", "id")],
            }
        )
        for n in Network.objects.filter(territory=programme.territory).prefetch_related("members")
    ]


def export_mobilisation(programme):
    items = (
        programme.mobilisations.select_related("organisation", "contact", "followed_by")
        .prefetch_related("interactions")
        .order_by("organisation__sort_name", "id")
    )
    return [
        compact(
            {
                "organisation": m.organisation.name,
                "status": m.status,
                "appointment_date": iso_date(m.appointment_date),
                "appointment_precision": m.appointment_precision
                if m.appointment_date and m.appointment_precision != Precision.DAY
                else None,
                "contact": _person_name(m.contact) if m.contact else None,
                "followed_by": m.followed_by.username if m.followed_by else None,
                "next_step": m.next_step,
                "interactions": [
                    compact({"kind": i.kind, "date": iso_date(i.date), "notes": i.notes})
                    for i in sorted(m.interactions.all(), key=lambda i: (i.date, i.pk))
                ],
            }
        )
        for m in items
    ]


def export_channel_events(programme):
    return [
        compact(
            {
                "name": e.name,
                "date": iso_date(e.date),
                "precision": e.date_precision
                if e.date and e.date_precision != Precision.DAY
                else None,
                "place": e.place,
                "notes": e.notes,
            }
        )
        for e in programme.channel_events.order_by("date", "name", "id")
    ]


def export_communication_plan(programme):
    return [
        compact(
            {
                "what": i.what,
                "channel": i.channel,
                "date": iso_date(i.date),
                "owner": i.owner,
                "status": i.status if i.status != CommunicationStatus.PLANNED else None,
            }
        )
        for i in programme.communication_items.order_by("date", "id")
    ]


def export_guide(programme):
    settings = Guide.objects.filter(programme=programme).first()
    resources = [
        compact(
            {
                "theme": r.theme.slug,
                "kind": r.kind if r.kind != ResourceKind.RESOURCE else None,
                "name": r.name,
                "provider": r.provider,
                "contact": r.contact,
                "link": r.link,
                "description": r.description,
            }
        )
        for r in programme.resources.select_related("theme").order_by("theme__position", "id")
    ]
    return compact(
        {
            "published": (settings.published or None) if settings else None,
            "introduction": settings.introduction if settings else None,
            "resources": resources,
        }
    )


# Import ----------------------------------------------------------------------------------------


def load_contacts(context, items):
    """Create the contacts; a contact the territory already holds (another programme of the
    territory listed them) is reused, matched by email, then by full name."""
    by_email, by_name = {}, {}
    for p in Person.objects.filter(territory=context.territory).order_by("id"):
        if p.email:
            by_email.setdefault(p.email.casefold(), p)
        by_name.setdefault(str(p), p)
    listed = set()
    for i, item in enumerate(items):
        path = ("contacts", i)
        organisation = None
        if item.get("organisation"):
            organisation = context.organisation(item["organisation"], (*path, "organisation"))
        person = Person(
            territory=context.territory,
            first_name=item.get("first_name", ""),
            last_name=item["last_name"],
            function=item.get("function", ""),
            organisation=organisation,
            email=item.get("email", ""),
            phone=item.get("phone", ""),
            source=item.get("source", ""),
            consent=item.get("consent", False),
            consent_date=parse_date(item.get("consent_date")),
            anonymised=item.get("anonymised", False),
        )
        existing = (by_email.get(person.email.casefold()) if person.email else None) or (
            by_name.get(str(person))
        )
        person = existing or context.save(person, path)
        if person is not None:
            if str(person) in listed:
                context.problem(
                    path, _("another contact has the same name “%(name)s”") % {"name": person}
                )
            listed.add(str(person))
            context.people[str(person)] = person


def load_networks(context, items):
    existing = {n.name: n for n in Network.objects.filter(territory=context.territory)}
    for i, item in enumerate(items):
        path = ("networks", i)
        network = existing.get(item["name"]) or context.save(
            Network(
                territory=context.territory,
                name=item["name"],
                description=item.get("description", ""),
                contact=item.get("contact", ""),
            ),
            path,
        )
        if network is None:
            continue
        for j, name in enumerate(item.get("members", [])):
            organisation = context.organisation(name, (*path, "members", j))
            if organisation:
                organisation.networks.add(network)


def load_mobilisation(context, items):
    users = {u.username: u for u in get_user_model().objects.all()} if items else {}
    people = {}
    for p in Person.objects.filter(territory=context.territory):
        people.setdefault((p.organisation_id, _person_name(p)), p)
    for i, item in enumerate(items):
        path = ("mobilisation", i)
        organisation = context.organisation(item["organisation"], (*path, "organisation"))
        if organisation is None:
            continue
        contact = None
        if item.get("contact"):
            contact = people.get((organisation.pk, item["contact"]))
            if contact is None:
                context.problem(
                    (*path, "contact"),
                    _("unknown contact “%(name)s” of this organisation: list it under contacts")
                    % {"name": item["contact"]},
                )
        followed_by = None
        if item.get("followed_by"):
            followed_by = users.get(item["followed_by"])
            if followed_by is None:
                context.problem(
                    (*path, "followed_by"),
                    _("unknown user “%(name)s”") % {"name": item["followed_by"]},
                )
        mobilisation = context.save(
            Mobilisation(
                programme=context.programme,
                organisation=organisation,
                status=item["status"],
                appointment_date=parse_date(item.get("appointment_date")),
                appointment_precision=item.get("appointment_precision", Precision.DAY),
                contact=contact,
                followed_by=followed_by,
                next_step=item.get("next_step", ""),
            ),
            path,
        )
        if mobilisation is None:
            continue
        for j, interaction in enumerate(item.get("interactions", [])):
            context.save(
                Interaction(
                    mobilisation=mobilisation,
                    kind=interaction["kind"],
                    date=parse_date(interaction["date"]),
                    notes=interaction.get("notes", ""),
                ),
                (*path, "interactions", j),
            )


def load_channel_events(context, items):
    for i, item in enumerate(items):
        context.save(
            ChannelEvent(
                programme=context.programme,
                name=item["name"],
                date=parse_date(item.get("date")),
                date_precision=item.get("precision", Precision.DAY),
                place=item.get("place", ""),
                notes=item.get("notes", ""),
            ),
            ("channel_events", i),
        )


def load_communication_plan(context, items):
    for i, item in enumerate(items):
        context.save(
            CommunicationItem(
                programme=context.programme,
                what=item["what"],
                channel=item["channel"],
                date=parse_date(item.get("date")),
                owner=item.get("owner", ""),
                status=item.get("status", CommunicationStatus.PLANNED),
            ),
            ("communication_plan", i),
        )


def load_guide(context, value):
    context.save(
        Guide(
            programme=context.programme,
            published=value.get("published", False),
            introduction=value.get("introduction", ""),
        ),
        ("guide",),
    )
    for i, item in enumerate(value.get("resources", [])):
        path = ("guide", "resources", i)
        theme = context.theme(item["theme"], (*path, "theme"))
        if theme is None:
            continue
        context.save(
            Resource(
                programme=context.programme,
                theme=theme,
                kind=item.get("kind", ResourceKind.RESOURCE),
                name=item["name"],
                provider=item.get("provider", ""),
                contact=item.get("contact", ""),
                link=item.get("link", ""),
                description=item.get("description", ""),
            ),
            path,
        )


def register_sections() -> None:
    register(Section("contacts", CONTACTS, export_contacts, load_contacts, order=10))
    register(Section("networks", NETWORKS, export_networks, load_networks, order=11))
    register(
        Section("mobilisation", MOBILISATION, export_mobilisation, load_mobilisation, order=12)
    )
    register(
        Section(
            "channel_events", CHANNEL_EVENTS, export_channel_events, load_channel_events, order=13
        )
    )
    register(
        Section(
            "communication_plan",
            COMMUNICATION_PLAN,
            export_communication_plan,
            load_communication_plan,
            order=14,
        )
    )
    register(Section("guide", GUIDE, export_guide, load_guide, order=15))
