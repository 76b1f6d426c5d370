"""Charts: drawn once per spec, then served from the cache until the data change."""

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
