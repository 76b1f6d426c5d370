"""Column widths of printed tables, computed from their text (fixed table layout)."""

import pytest

from copilote.documents.layout import column_widths
from copilote.documents.templatetags.print_layout import colgroup


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
