"""A long calendar on slides: cut evenly (never a last slide holding one month alone), each
slide subtitled with its own months, said once."""

import datetime as dt

from django.utils import translation
from pptx import Presentation

from copilote.documents import pptx_deck
from copilote.documents.blocks import even_pieces
from copilote.planning.selectors import Entry, Grid, Row, months_blocks


def test_even_pieces():
    sizes = {n: [c.stop - c.start for c in even_pieces(n, 4)] for n in (0, 3, 4, 10, 13, 25)}
    assert sizes == {
        0: [],
        3: [3],
        4: [4],
        10: [4, 3, 3],
        13: [4, 3, 3, 3],
        25: [4, 4, 4, 4, 3, 3, 3],
    }
    assert [c.stop - c.start for c in even_pieces(15, 7)] == [5, 5, 5]


def _grid(count: int) -> Grid:
    months = [dt.date(2026 + (9 + n) // 12, (9 + n) % 12 + 1, 1) for n in range(count)]
    cells = [[Entry(f"Étape {n + 1}", "")] for n in range(count)]
    return Grid(months, [Row("milestones", "Étapes", cells)])


def _subtitles(items: list[dict]) -> list[str]:
    data = {"programme": "Charenton", "meeting": {"title": "Copil n°2"}}
    section = {"title": "Calendrier prévisionnel", "blocks": [{"title": "", "items": items}]}
    prs = Presentation()
    pptx_deck._section_slides(prs, data, section)
    out = []
    for slide in prs.slides:
        if any(shape.has_table for shape in slide.shapes):
            title = next(s for s in slide.shapes if s.has_text_frame and s.text_frame.text)
            out.append(title.text_frame.text.split("\n", 1)[1].replace("\xa0", " "))
    return out


def test_thirteen_months_on_slides_of_four_three_three_three_each_with_its_span():
    with translation.override("fr"):
        items = months_blocks(_grid(13))  # octobre 2026 – octobre 2027
        assert [len(item["months"]) for item in items] == [4, 3, 3, 3]
        assert _subtitles(items) == [
            "octobre 2026 – janvier 2027",
            "février 2027 – avril 2027",
            "mai 2027 – juillet 2027",
            "août 2027 – octobre 2027",
        ]


def test_a_grid_the_deck_cuts_itself_names_each_slides_months_after_its_title():
    with translation.override("fr"):
        grid = _grid(15)
        item = months_blocks(grid, size=15)[0] | {"title": "Jalons"}
        assert _subtitles([item]) == [
            "Jalons · octobre 2026 – février 2027",
            "Jalons · mars 2027 – juillet 2027",
            "Jalons · août 2027 – décembre 2027",
        ]


def test_a_gap_column_counts_by_its_first_and_last_month():
    labels = ["octobre 2013", "… novembre 2013 – septembre 2027", "octobre 2027"]
    assert pptx_deck.span(labels) == "octobre 2013 – octobre 2027"
    assert pptx_deck.span(labels[:2]) == "octobre 2013 – septembre 2027"
    assert pptx_deck.span(["octobre 2027"]) == "octobre 2027"
