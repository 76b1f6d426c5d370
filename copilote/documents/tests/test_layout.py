"""Column widths of printed tables, computed from their text (fixed table layout)."""

import pytest
from docx import Document as DocxDocument
from docx.shared import Pt
from pptx import Presentation
from pptx.util import Inches

from copilote.documents import docx_minutes, pptx_deck
from copilote.documents.layout import column_widths, table_shares
from copilote.documents.templatetags.print_layout import colgroup
from copilote.documents.typography import fr


def test_short_columns_share_the_width_by_their_longest_line():
    widths = column_widths(["Commune", "Total"], [["Charenton-le-Pont", "12"]])
    assert sum(widths) == pytest.approx(100)
    assert widths[0] > 2 * widths[1]


def test_a_long_text_column_takes_the_room_the_short_ones_leave():
    text = "Réunir les référents handicap des entreprises et des associations " * 4
    widths = column_widths(["Mois", "Étapes"], [["décembre\u00a02011", text]])
    # The month is one word (no-break space): its column keeps room for it, the text the rest.
    assert 15 < widths[0] < 30 and widths[1] > 70


def test_narrow_widths_win_when_even_words_do_not_fit():
    row = ["anticonstitutionnellement"] * 8
    assert column_widths(None, [row]) == pytest.approx([12.5] * 8, abs=0.1)


def test_no_rows_no_colgroup():
    assert column_widths(None, []) == []
    assert colgroup({"headers": None, "rows": []}) == ""


def test_colgroup_of_a_months_table_counts_the_row_label():
    html = colgroup(
        {
            "type": "months",
            "months": ["janv.", "févr."],
            "rows": [{"label": "Copil", "cells": ["", "x"]}],
        }
    )
    assert html.count("<col ") == 3 and html.startswith("<colgroup>")


# One computation for the three documents: the printed page, the minutes (DOCX), the deck.

LONG = "Organiser des interventions par des professionnels pour présenter les métiers du " * 2
TASKS = {
    "type": "table",
    "headers": ["Action", "Qui", "Échéance"],
    "rows": [[LONG, "Crédit Foncier", "15 septembre 2013"], ["Court", "Natixis", "5 juin 2013"]],
}


def test_an_items_own_widths_are_kept_else_computed_from_its_text():
    assert table_shares({**TASKS, "widths": [2, 1, 1]}) == [0.5, 0.25, 0.25]
    shares = table_shares({**TASKS, "widths": [0.5, 0.5]})  # not one per column: ignored
    assert sum(shares) == pytest.approx(1) and shares[0] > shares[1] > 0
    html = colgroup({**TASKS, "widths": [0.2, 0.22, 0.58]})
    assert html == (
        '<colgroup><col style="width: 20.0%"><col style="width: 22.0%">'
        '<col style="width: 58.0%"></colgroup>'
    )


def test_the_minutes_tables_take_the_computed_widths():
    doc = DocxDocument()
    table = docx_minutes._table(doc, TASKS["headers"], TASKS["rows"])
    widths = [column.width.mm for column in table.columns]
    assert sum(widths) == pytest.approx(docx_minutes.TEXT_WIDTH_MM, abs=0.5)
    action, who, due = widths
    assert action > who and action > due
    # « 15 septembre 2013 » is one word (no-break spaces): its column holds it on one line.
    assert due >= len("15 septembre 2013") * 1.9
    given = docx_minutes._table(doc, ["Mois", "Étapes"], [["juin", "x"]], [0.2, 0.8])
    assert [round(c.width.mm) for c in given.columns] == [34, 136]


def test_a_crowded_minutes_table_is_smaller_and_breaks_its_dates_between_words():
    headers = ["Thématique", "Binôme association", "Binôme entreprise", "Participants"]
    headers += ["Réunion 1", "Réunion 2", "Réunion 3"]
    row = ["Lutte contre la précarité", "Petit Plus", "Crédit Foncier", "7 (cible 8 à 12)"]
    row += ["13 novembre 2012", "11 décembre 2012", "22 janvier 2013"]
    table = docx_minutes._table(DocxDocument(), headers, [row])
    cell = table.rows[1].cells[4]
    assert cell.text == "13 novembre 2012"  # may wrap at its spaces, never inside « novembre »
    assert cell.paragraphs[0].runs[0].font.size == Pt(docx_minutes.CROWDED_SIZE)
    widths = [column.width.mm for column in table.columns]
    assert sum(widths) == pytest.approx(docx_minutes.TEXT_WIDTH_MM, abs=0.5)
    assert min(widths) >= len("novembre") * 1.9
    uncrowded = docx_minutes._table(DocxDocument(), TASKS["headers"], TASKS["rows"])
    assert uncrowded.rows[1].cells[2].text == "15\u00a0septembre\u00a02013"


def test_a_crowded_printed_table_is_smaller_and_breaks_its_dates_between_words():
    from django.template.loader import render_to_string

    from copilote.documents.typography import typeset

    headers = ["Thématique", "Binôme association", "Binôme entreprise", "Participants"]
    headers += ["Réunion 1", "Réunion 2", "Réunion 3"]
    row = ["Lutte contre la précarité", "Petit Plus", "Crédit Foncier", "7 (cible 8 à 12)"]
    row += ["13 novembre 2012", "11 décembre 2012", "22 janvier 2013"]
    item = typeset({"type": "table", "headers": headers, "rows": [row]})
    html = render_to_string("governance/blocks.html", {"items": [item], "print": True})
    assert '<table class="table fixed crowded">' in html
    assert "<td>13 novembre 2012</td>" in html  # its dates may wrap between their words
    assert colgroup(item).count("<col ") == 7


def test_the_deck_tables_take_the_computed_widths_the_same_on_each_slide():
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    width = Inches(pptx_deck.BODY_WIDTH)
    item = pptx_deck.with_shares(TASKS)
    shape = pptx_deck._table(slide, item, item["rows"][1:], 0, 0, width)
    widths = [column.width for column in shape.table.columns]
    assert sum(widths) == pytest.approx(width, abs=3)
    action, who, due = widths
    assert action > who and action > due
    assert due / width >= len("15 septembre 2013") / pptx_deck.TABLE_CHARACTERS
    # The second slide of a long table keeps the columns of the whole table.
    assert pptx_deck._shares(item, 3) == table_shares(
        TASKS, line_characters=pptx_deck.TABLE_CHARACTERS, typeset=fr
    )
