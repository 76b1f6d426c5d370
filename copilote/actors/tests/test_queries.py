"""The directory and the board keep a fixed number of queries from 100 to 10,000 organisations."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from copilote.actors.models import Mobilisation, Organisation, Person, Status
from copilote.core.tests.factories import CommuneFactory, ThemeFactory

pytestmark = pytest.mark.django_db
KINDS = ["association", "entreprise", "collectivite"]


def grow(programme, total):
    """Bring the territory to ``total`` organisations, each followed, with themes and contacts."""
    with scopes_disabled():
        territory = programme.territory
        communes = [CommuneFactory(territory=territory) for _ in range(2)]
        themes = [ThemeFactory(programme=programme) for _ in range(2)]
        start = Organisation.objects.filter(territory=territory).count()
        organisations = Organisation.objects.bulk_create(
            Organisation(
                territory=territory,
                name=f"Structure {i:05d}",
                kind=KINDS[i % 3],
                commune=communes[i % 2],
            )
            for i in range(start, total)
        )
        Organisation.themes.through.objects.bulk_create(
            Organisation.themes.through(organisation=o, theme=themes[i % 2])
            for i, o in enumerate(organisations)
        )
        Mobilisation.objects.bulk_create(
            Mobilisation(programme=programme, organisation=o, status=Status.values[i % 6])
            for i, o in enumerate(organisations)
        )
        Person.objects.bulk_create(
            Person(territory=territory, last_name=f"Contact {i}", organisation=o)
            for i, o in enumerate(organisations)
        )


def count(client, url, params=None):
    # Measured computing everything: the dashboard keeps its body per content version, and rows
    # made by factories log nothing (the version would not change).
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


PAGES = [
    ("actors:directory", {}),
    ("actors:directory", {"sort": "status", "kind": "association", "q": "Structure"}),
    ("actors:directory", {"page": "3", "status": "engage"}),
    ("actors:directory", {"sort": "-name", "page": "2"}),
    ("actors:directory", {"sort": "commune"}),
    ("actors:people", {}),
    ("actors:people", {"q": "Contact", "page": "2"}),
    ("actors:board", {}),
    ("actors:channels", {}),
    ("programmes:dashboard", {}),
]


def test_fixed_number_of_queries_from_100_to_10000(client_for, programme):
    """One growth for every page (10,000 rows take a second or two to create)."""
    client = client_for("lead")
    kwargs = {"territory": programme.territory.slug, "programme": programme.slug}
    grow(programme, 100)
    client.get(reverse("actors:directory", kwargs=kwargs))  # warm up the session
    small = [count(client, reverse(name, kwargs=kwargs), params) for name, params in PAGES]
    grow(programme, 10_000)
    large = [count(client, reverse(name, kwargs=kwargs), params) for name, params in PAGES]
    assert small == large, f"queries with 100 organisations {small}, with 10,000 {large}"
