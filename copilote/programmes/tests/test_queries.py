"""List and dashboard pages keep a fixed number of queries whatever the amount of data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from copilote.core.tests.factories import (
    CommuneFactory,
    MembershipFactory,
    MilestoneFactory,
    OrganisationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def grow(programme, factor):
    with scopes_disabled():
        for i in range(factor):
            ThemeFactory(programme=programme)
            MilestoneFactory(programme=programme)
            MilestoneFactory(programme=programme, start="2999-01-01")
            CommuneFactory(territory=programme.territory)
            OrganisationFactory(
                territory=programme.territory,
                kind=["association", "entreprise", "collectivite"][i % 3],
            )
            MembershipFactory(programme=programme, role="participant")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["dashboard", "detail", "themes", "communes", "members"])
def test_programme_pages_have_a_fixed_number_of_queries(name, client_for, programme):
    client = client_for("lead")
    url = reverse(
        f"programmes:{name}",
        kwargs={"territory": programme.territory.slug, "programme": programme.slug},
    )
    grow(programme, 3)
    client.get(url)  # warm up the session
    small = count_queries(client, url)
    grow(programme, 27)
    large = count_queries(client, url)
    assert small == large, f"{name}: {small} queries with 3 rows, {large} with 30"


def test_home_has_a_fixed_number_of_queries(client_for, users, programme):
    client = client_for("network_admin")
    small = count_queries(client, reverse("home"))
    with scopes_disabled():
        for _ in range(10):
            MembershipFactory(role="lead")
    assert count_queries(client, reverse("home")) == small
