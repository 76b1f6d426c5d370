"""Personal data rights (RGPD): what is held on one person, and how to erase it everywhere.

Every app that stores personal data registers a ``Holder`` from its ``AppConfig.ready()``:

- ``export(email) -> list[dict]``: what it holds on the person (plain JSON-able data);
- ``erase(email) -> int``: anonymise it, return how many records were changed;
- ``warnings(email) -> list[str]``: what the user should know before erasing (e.g. the person
  co-leads a working group or is the referent of an action: the role stays, the person goes).

``erase_person`` runs every holder in one transaction and logs one entry per territory touched,
without the address nor the name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from copilote.actors.models import ImportBatch, Interaction, Person
from copilote.core.services import log_action

ANONYMOUS_NAME = "Personne anonymisée"


@dataclass(frozen=True)
class Holder:
    key: str
    export: Callable[[str], list[dict]]
    erase: Callable[[str], int]
    warnings: Callable[[str], list[str]] = field(default=lambda email: [])
    territories: Callable[[str], set] = field(default=lambda email: set())
    # Holders run in this order; the contacts holder runs last, so that the others still find
    # the person by their address.
    order: int = 100


_HOLDERS: dict[str, Holder] = {}


def register(holder: Holder) -> None:
    _HOLDERS[holder.key] = holder


def holders() -> list[Holder]:
    return sorted(_HOLDERS.values(), key=lambda h: (h.order, h.key))


@dataclass
class Erasure:
    counts: dict[str, int]
    warnings: list[str]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def export_person(email: str) -> dict:
    email = email.strip()
    with scopes_disabled():
        return {"email": email, "data": {h.key: h.export(email) for h in holders()}}


def erasure_warnings(email: str) -> list[str]:
    with scopes_disabled():
        return [w for h in holders() for w in h.warnings(email.strip())]


@transaction.atomic
def erase_person(email: str, *, user=None) -> Erasure:
    """Anonymise the person everywhere; all or nothing."""
    email = email.strip()
    with scopes_disabled():
        warnings = [w for h in holders() for w in h.warnings(email)]
        territories = set()
        for h in holders():
            territories |= h.territories(email)
        counts = {h.key: h.erase(email) for h in holders()}
        from copilote.programmes.models import Territory

        for territory in Territory.objects.filter(pk__in=territories):
            log_action(
                user=user,
                action="person.erase",
                territory=territory,
                data={"counts": counts, "warned": bool(warnings)},
            )
    return Erasure(counts=counts, warnings=warnings)


# The directory's own holders ---------------------------------------------------------------


def pseudonym(person: Person) -> str:
    """What an erased person is called from then on: unique in the territory, not personal."""
    return f"{ANONYMOUS_NAME} n°{person.pk}"


def people_with_email(email: str):
    return Person.objects.filter(email__iexact=email).exclude(email="")


def _people(email: str):
    return Person.objects.filter(email__iexact=email).exclude(email="")


def _export_contacts(email: str) -> list[dict]:
    out = []
    for p in _people(email).select_related("territory", "organisation"):
        out.append(
            {
                "territory": p.territory.name,
                "first_name": p.first_name,
                "last_name": p.last_name,
                "function": p.function,
                "organisation": p.organisation.name if p.organisation else None,
                "email": p.email,
                "phone": p.phone,
                "source": p.source,
                "consent": p.consent,
                "consent_date": p.consent_date.isoformat() if p.consent_date else None,
                "mobilisations": [
                    {
                        "programme": m.programme.name,
                        "organisation": m.organisation.name,
                        "status": m.status,
                        "appointment_date": m.appointment_date.isoformat()
                        if m.appointment_date
                        else None,
                    }
                    for m in p.mobilisations.select_related("programme", "organisation")
                ],
            }
        )
    return out


def _erase_contacts(email: str) -> int:
    people = list(_people(email))
    for p in people:
        p.first_name = ""
        # A pseudonym unique in the territory keeps the record's links (committee seat, task,
        # mobilisation) and the programme file's references without any personal data.
        p.last_name = pseudonym(p)
        p.function = ""
        p.email = ""
        p.phone = ""
        p.source = ""
        p.consent = False
        p.consent_date = None
        p.anonymised = True
        p.save()
    return len(people)


def _batches(email: str):
    return ImportBatch.objects.filter(rows__icontains=email)


def _export_batches(email: str) -> list[dict]:
    return [
        {"file": b.filename, "uploaded": b.created_at.isoformat(), "kind": b.target}
        for b in _batches(email)
    ]


def _erase_batches(email: str) -> int:
    count, _detail = _batches(email).delete()
    return count


def _interactions(email: str):
    return Interaction.objects.filter(notes__icontains=email)


def _erase_interactions(email: str) -> int:
    items = list(_interactions(email))
    for item in items:
        item.notes = item.notes.replace(email, "[adresse effacée]")
        # case-insensitive leftovers
        lower = item.notes.lower()
        at = lower.find(email.lower())
        while at >= 0:
            item.notes = item.notes[:at] + "[adresse effacée]" + item.notes[at + len(email) :]
            lower = item.notes.lower()
            at = lower.find(email.lower())
        item.save(update_fields=["notes"])
    return len(items)


def _users(email: str):
    return get_user_model().objects.filter(email__iexact=email).exclude(email="")


def _export_users(email: str) -> list[dict]:
    return [
        {
            "username": u.username,
            "first_name": u.first_name,
            "last_name": u.last_name,
            "email": u.email,
            "date_joined": u.date_joined.isoformat(),
            "memberships": [
                {"programme": m.programme.name, "role": m.role}
                for m in u.memberships.select_related("programme")
            ],
        }
        for u in _users(email)
    ]


def _erase_users(email: str) -> int:
    users = list(_users(email))
    for u in users:
        u.username = f"anonyme-{u.pk}"
        u.first_name = ""
        u.last_name = ANONYMOUS_NAME
        u.email = ""
        u.is_active = False
        u.set_unusable_password()
        u.save()
    return len(users)


def _territories(email: str) -> set:
    from copilote.programmes.models import Membership

    found = set(_people(email).values_list("territory_id", flat=True))
    found |= set(
        Membership.objects.filter(user__in=_users(email)).values_list(
            "programme__territory_id", flat=True
        )
    )
    return found


def _user_warnings(email: str) -> list[str]:
    from copilote.programmes.models import Membership

    leads = Membership.objects.filter(user__in=_users(email), role="lead").select_related(
        "programme"
    )
    return [
        _("This person leads the experimentation “%(programme)s”: give it another lead.")
        % {"programme": m.programme.name}
        for m in leads
    ]


def register_directory_holders() -> None:
    register(
        Holder(
            "contacts",
            _export_contacts,
            _erase_contacts,
            territories=lambda email: set(_people(email).values_list("territory_id", flat=True)),
            order=900,
        )
    )
    register(
        Holder(
            "interaction_notes",
            lambda email: [
                {"date": i.date.isoformat(), "kind": i.kind, "notes": i.notes}
                for i in _interactions(email)
            ],
            _erase_interactions,
        )
    )
    register(Holder("pending_imports", _export_batches, _erase_batches))
    register(
        Holder(
            "accounts",
            _export_users,
            _erase_users,
            warnings=_user_warnings,
            territories=_territories,
        )
    )


def person_filter(email: str) -> Q:
    """For other apps: the Q that finds the directory's people with this address."""
    return Q(email__iexact=email) & ~Q(email="")


# Traces: the person's name or phone copied into free text and logs ---------------------------

ERASED = "[effacé]"

# Other apps' free text where a name may be typed (label, "app.Model", text fields), and other
# apps' copies of a name held with the address (a registration, a candidate typed by hand):
# registered from their ``AppConfig.ready()`` through ``register_free_text`` / ``register_names``.
_FREE_TEXT: dict[str, tuple[str, list[str]]] = {}
_NAME_SOURCES: list[Callable[[str], list[str]]] = []


def register_free_text(label: str, model: str, fields: list[str]) -> None:
    _FREE_TEXT[label] = (model, list(fields))


def register_names(source: Callable[[str], list[str]]) -> None:
    """``source(email)``: the names other than the directory's under which the person with this
    address appears (erased from free text too)."""
    if source not in _NAME_SOURCES:
        _NAME_SOURCES.append(source)


def identifying_terms(email: str) -> list[str]:
    """What identifies the person in free text: full names, phone numbers, the address."""
    terms = {email}
    for source in _NAME_SOURCES:
        terms.update(name.strip() for name in source(email) if " " in name.strip())
    for p in _people(email):
        for name in (f"{p.first_name} {p.last_name}", f"{p.last_name} {p.first_name}"):
            if p.first_name and p.last_name:
                terms.add(name.strip())
        if len(p.last_name) >= 4 and not p.first_name:
            terms.add(p.last_name)
        if p.phone:
            terms.add(p.phone)
            digits = "".join(c for c in p.phone if c.isdigit() or c == "+")
            if len(digits) >= 6:
                terms.add(digits)
    for u in _users(email):
        if u.get_full_name().strip():
            terms.add(u.get_full_name().strip())
    return sorted((t for t in terms if t and len(t) >= 4), key=len, reverse=True)


def scrub(text: str, terms: list[str]) -> str:
    """``text`` with every term (case-insensitive) replaced by « [effacé] »."""
    import re

    for term in terms:
        text = re.sub(re.escape(term), ERASED, text, flags=re.IGNORECASE)
    return text


def _trace_places(email: str):
    """(label, queryset, text fields) of the places where a copy of the person may sit."""
    from django.apps import apps
    from django.contrib.admin.models import LogEntry

    from copilote.core.models import ActivityLog

    terms = identifying_terms(email)
    places = [
        ("activity_log", ActivityLog, ["object_repr"]),
        ("admin_log", LogEntry, ["object_repr", "change_message"]),
        ("interaction_notes", Interaction, ["notes"]),
    ]
    places += [
        (label, apps.get_model(model), fields)
        for label, (model, fields) in sorted(_FREE_TEXT.items())
    ]
    for label, model, fields in places:
        query = Q()
        for term in terms:
            for name in fields:
                query |= Q(**{f"{name}__icontains": term})
        if terms:
            yield label, model._base_manager.filter(query), fields, terms


def _export_traces(email: str) -> list[dict]:
    out = []
    for label, queryset, fields, _terms_found in _trace_places(email):
        for obj in queryset:
            out.append({"place": label, **{name: getattr(obj, name) for name in fields}})
    return out


def _erase_traces(email: str) -> int:
    changed = 0
    for _label, queryset, fields, terms in _trace_places(email):
        for obj in queryset:
            for name in fields:
                setattr(obj, name, scrub(getattr(obj, name), terms))
            obj.save(update_fields=fields)
            changed += 1
    return changed


def register_trace_holder() -> None:
    # Runs before the contacts and accounts holders (order), while the names are still known.
    register(Holder("traces", _export_traces, _erase_traces, order=10))
