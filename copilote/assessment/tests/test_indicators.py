"""Charts with one bar group per event or group stay legible: twenty at most, said so."""

from django.utils import translation

from copilote.assessment.indicators import MAX_CATEGORIES, capped


def indicator(n: int, **chart) -> dict:
    return {
        "summary": "…",
        "chart": {
            "type": "hbar",
            "labels": [f"E{i}" for i in range(n)],
            "series": [{"title": "Présents", "values": list(range(n))}],
            **chart,
        },
        "table": {"headers": ["Événement", "Présents"], "rows": [[f"E{i}", i] for i in range(n)]},
    }


def test_a_short_chart_is_left_whole():
    data = indicator(MAX_CATEGORIES)
    assert capped(data) is data


def test_the_most_recent_twenty_in_the_chart_and_the_page_table():
    with translation.override("fr"):
        data = capped(indicator(45, keep="last"))
    assert data["chart"]["labels"] == [f"E{i}" for i in range(25, 45)]
    assert data["chart"]["series"][0]["values"] == list(range(25, 45))
    assert [row[0] for row in data["table"]["rows"]] == data["chart"]["labels"]
    assert data["capped"] == (
        "Affichés : les 20 plus récents sur 45. La synthèse donne tous les chiffres."
    )


def test_the_synthesis_keeps_every_row_of_the_table():
    with translation.override("fr"):
        data = capped(indicator(45), table=False)
    assert data["chart"]["labels"] == [f"E{i}" for i in range(20)]
    assert len(data["table"]["rows"]) == 45
    assert data["capped"] == (
        "Le graphique montre les 20 premiers sur 45 ; le tableau donne tous les chiffres."
    )


# The page --------------------------------------------------------------------------------------


def grow(programme, n: int) -> None:
    import datetime as dt

    from django_scopes import scope

    from copilote.events.tests.factories import EventFactory, RegistrationFactory
    from copilote.results.tests.factories import ActionFactory

    with scope(territory=programme.territory):
        for i in range(n):
            ActionFactory(programme=programme)
            event = EventFactory(programme=programme, date=dt.date(2013, 1, 1 + i % 28))
            for j in range(3):
                RegistrationFactory(event=event, present=j < 2)


def test_the_page_reads_in_a_fixed_number_of_queries_and_counts_again_after_a_change(
    programme, users, client_for
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django_scopes import scope

    from copilote.results import services

    url = reverse(
        "assessment:indicators",
        kwargs={"territory": programme.territory.slug, "programme": programme.slug},
    )
    client = client_for("lead")

    def get(*, cold: bool):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    grow(programme, 1)
    small, _page = get(cold=True)
    grow(programme, 10)
    large, page = get(cold=True)
    assert large == small and "11 actions en tout." in page
    # Then kept for the territory's content version: counted again only after a change.
    cached, page = get(cold=False)
    assert cached < small and "11 actions en tout." in page
    with scope(territory=programme.territory):
        services.save_action(user=users["lead"], programme=programme, title="Nouvelle action")
    _count, page = get(cold=False)
    assert "12 actions en tout." in page


def test_the_page_shows_fewer_categories_than_the_synthesis():
    from copilote.assessment.indicators import PAGE_CATEGORIES

    with translation.override("fr"):
        data = capped(indicator(45), limit=PAGE_CATEGORIES)
    assert len(data["chart"]["labels"]) == len(data["table"]["rows"]) == PAGE_CATEGORIES
    assert data["capped"] == (
        f"Affichés : les {PAGE_CATEGORIES} premiers sur 45. La synthèse donne tous les chiffres."
    )
