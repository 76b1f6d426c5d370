"""Registrants interested in a theme, proposed as candidates of that theme's working group.

Registered in ``plugins.register()`` through the working groups' source registry
(``copilote.workgroups.sources``): the working groups never import this app.

A registrant whose email is a contact's of the directory is proposed as that contact (the
candidate then takes the organisation's kind, commune and maturity from the directory, and is
never a second candidate beside the contact); someone registered to several events is proposed
once, from their latest registration (``selectors.registrants_interested_in``).
"""

from __future__ import annotations

from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from copilote.actors.models import OrganisationKind, Person
from copilote.events import selectors
from copilote.workgroups.sources import CandidateProposal

# The registration form asks « you are »: the kinds that are also kinds of organisation.
_KINDS = set(OrganisationKind.values)


def _split(name: str) -> tuple[str, str]:
    """« Marie Dupont » → (« Marie », « Dupont »); a single word is a last name."""
    first, _sep, last = name.strip().partition(" ")
    return (first, last.strip()) if last.strip() else ("", first)


def registrants(programme, theme) -> list[CandidateProposal]:
    """The people registered to the programme's events with an interest in ``theme``, by name
    (two queries), as candidate proposals."""
    rows = sorted(
        selectors.registrants_interested_in(programme, theme), key=lambda r: r.name.lower()
    )
    contacts = {}
    if rows:
        people = (
            Person.objects.filter(territory=programme.territory_id)
            .annotate(email_key=Lower("email"))
            .filter(email_key__in={r.email.lower() for r in rows})
            .select_related("organisation")
            .order_by("id")
        )
        for person in people:
            contacts.setdefault(person.email_key, person)
    proposals = []
    for registration in rows:
        label = _("registered to “%(event)s”") % {"event": registration.event.title}
        person = contacts.get(registration.email.lower())
        if person is not None:
            proposals.append(
                CandidateProposal(
                    source="directory",
                    source_ref=f"person-{person.pk}",
                    last_name=person.last_name,
                    first_name=person.first_name,
                    email=person.email,
                    person=person,
                    organisation=person.organisation,
                    label=label,
                )
            )
            continue
        first, last = _split(registration.name)
        proposals.append(
            CandidateProposal(
                source="event",
                source_ref=f"registration-{registration.pk}",
                last_name=last[:100],
                first_name=first[:100],
                email=registration.email,
                organisation_name=registration.organisation,
                kind=registration.kind if registration.kind in _KINDS else "",
                commune=registration.commune,
                label=label,
            )
        )
    return proposals
