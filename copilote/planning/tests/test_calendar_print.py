"""The calendar PDF's row names stay inside their column (laid out by WeasyPrint, measured)."""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from copilote.documents.pdf import _fetcher
from copilote.planning.documents import PDF_MONTHS
from copilote.planning.selectors import Entry, Grid, Row

LABELS = ("Préparation", "Expérimentation", "Bilan", "GT Lutte contre la précarité")


def _boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


def test_row_names_fit_their_column():
    months = [dt.date(2012, 3, 1) + dt.timedelta(days=31 * n) for n in range(PDF_MONTHS)]
    months = [m.replace(day=1) for m in months]
    empty = [[] for _ in months[1:]]
    grid = Grid(
        months,
        [Row(f"phase:{n}", label, [[Entry("x", "")], *empty]) for n, label in enumerate(LABELS)],
    )

    class Programme:
        name = "Charenton – Saint-Maurice"

    with translation.override("fr"):
        html = render_to_string(
            "planning/calendar_print.html", {"programme": Programme(), "pages": [grid]}
        )
    document = HTML(string=html, base_url="file:///", url_fetcher=_fetcher()).render()
    seen = {}
    for page in document.pages:
        for cell in _boxes(page._page_box):
            if type(cell).__name__ != "TableCellBox" or cell.element_tag != "th":
                continue
            if "gantt-stream" not in (cell.element.get("class") or ""):
                continue
            right = cell.content_box_x() + cell.width
            for text in _boxes(cell):
                if type(text).__name__ == "TextBox":
                    seen[text.text] = text.position_x + text.width <= right + 0.5
    assert seen["Expérimentation"] and all(seen.values()), seen
