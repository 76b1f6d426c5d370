"""Server-side search of contacts and organisations, for the forms' choice widgets.

Any form that chooses a contact or an organisation of the territory uses
:func:`person_choice` / :func:`organisation_choice` (a ``core.widgets.SearchSelect`` pointed at
the views below) instead of a drop-down of the whole directory.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from copilote.actors.models import Organisation, Person
from copilote.core.widgets import SEARCH_LIMIT, SearchSelect, SearchSelectMultiple


def _url(name: str, programme) -> str:
    return reverse(
        name, kwargs={"territory": programme.territory.slug, "programme": programme.slug}
    )


def person_choice(programme, *, multiple: bool = False) -> SearchSelect:
    widget = SearchSelectMultiple if multiple else SearchSelect
    return widget(search_url=_url("actors:search_people", programme))


def organisation_choice(programme, *, multiple: bool = False) -> SearchSelect:
    widget = SearchSelectMultiple if multiple else SearchSelect
    return widget(search_url=_url("actors:search_organisations", programme))


def person_label(person: Person) -> str:
    return f"{person} ({person.organisation})" if person.organisation_id else str(person)


def find_people(programme, q: str) -> tuple[list[tuple[str, str]], bool]:
    """At most SEARCH_LIMIT contacts of the territory matching ``q`` (name or organisation)."""
    words = q.split()[:4]
    if not words:
        return [], False
    queryset = Person.objects.filter(territory=programme.territory_id).select_related(
        "organisation"
    )
    for word in words:
        queryset = queryset.filter(
            Q(last_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    found = list(queryset.order_by("sort_name", "id")[: SEARCH_LIMIT + 1])
    options = [(str(p.pk), person_label(p)) for p in found[:SEARCH_LIMIT]]
    return options, len(found) > SEARCH_LIMIT


def find_organisations(programme, q: str) -> tuple[list[tuple[str, str]], bool]:
    """At most SEARCH_LIMIT organisations of the territory whose name matches ``q``."""
    return find_territory_organisations(programme.territory_id, q)


def find_territory_organisations(
    territory_id: int, q: str, **filters
) -> tuple[list[tuple[str, str]], bool]:
    """:func:`find_organisations` for a territory still without experimentation (the « new
    experimentation » steps); ``filters`` narrow it, e.g. ``kind="entreprise"``."""
    words = q.split()[:4]
    if not words:
        return [], False
    queryset = Organisation.objects.filter(territory=territory_id, **filters)
    for word in words:
        queryset = queryset.filter(name__icontains=word)
    found = list(queryset.order_by("sort_name", "id").only("pk", "name")[: SEARCH_LIMIT + 1])
    options = [(str(o.pk), o.name) for o in found[:SEARCH_LIMIT]]
    return options, len(found) > SEARCH_LIMIT
