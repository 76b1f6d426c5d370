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
