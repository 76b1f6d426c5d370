"""Charts: drawn once per spec, then served from the cache until the data change."""

import re

from copilote.assessment import charts

SPEC = {
    "type": "bar",
    "labels": ["Charenton-le-Pont", "Saint-Maurice"],
    "series": [{"title": "Associations", "values": [3, 2]}],
}


def test_a_chart_is_drawn_once_per_spec(monkeypatch):
    drawn = []
    draw = charts._draw
    monkeypatch.setattr(charts, "_draw", lambda *a: drawn.append(a) or draw(*a))
    first = charts.render_svg(SPEC)
    assert charts.render_svg(SPEC) == first and len(drawn) == 1
    assert "<svg" in first and "<script" not in first
    changed = {**SPEC, "series": [{"title": "Associations", "values": [4, 2]}]}
    assert charts.render_svg(changed) != first and len(drawn) == 2


def test_a_chart_is_a_plain_drawing():
    """Presentation attributes instead of a stylesheet; no tooltip, class, identifier, script."""
    svg = charts._draw(SPEC, 720, None)
    for absent in ("<style", "<script", "<desc", "<title", "class=", "transition", "<defs"):
        assert absent not in svg, absent
    assert 'fill="#1d4e89"' in svg  # the first series' colour, from pygal's stylesheet
    assert "Charenton-le-Pont" in svg and ">3<" in svg  # labels and printed values are kept


def test_graduations_are_round_numbers():
    assert [charts.round_step(top) for top in (1, 4, 8, 32, 64, 224, 1000)] == [
        1,
        1,
        2,
        10,
        20,
        100,
        250,
    ]
    svg = charts._draw(
        {**SPEC, "series": [{"title": "Associations", "values": [224, 90]}]}, 720, None
    )
    graduations = re.findall(r'text-anchor="end">(\d+)</text>', svg)
    assert graduations == ["0", "100", "200", "300"]


def test_a_long_legend_takes_the_rows_it_needs_inside_the_picture():
    """Three series under a horizontal chart with long names: one legend entry per row, and
    the picture grows so that the last row is not cut."""
    spec = {
        "type": "hbar",
        "labels": ["Restitution (5 juin 2013)", "Lancement / sensibilisation (2 octobre 2012)"],
        "series": [
            {"title": "Présents", "values": [109, 224]},
            {"title": "Cible – minimum", "values": [100, 150]},
            {"title": "Cible – maximum", "values": [150, 200]},
        ],
    }
    assert charts.legend_columns(spec, spec["labels"], 720) == 2
    assert charts.legend_columns({**spec, "labels": ["A", "B"]}, ["A", "B"], 720) == 3
    svg = charts._draw(spec, 720, None)
    height = float(re.search(r'viewBox="0 0 720 ([\d.]+)"', svg).group(1))
    legend_top = max(
        float(y) for y in re.findall(r'<g transform="translate\([\d.]+, ([\d.]+)\)"', svg)
    )
    last = max(
        float(y)
        for y in re.findall(r'<text x="[\d.]+" y="([\d.]+)"[^>]*>Cible – maximum</text>', svg)
    )
    assert legend_top + last < height
