"""Month grids on portrait pages: told month by month in three columns, never a column per row."""

from django.utils import translation

from copilote.documents.blocks import months_as_table, portrait

GRID = {
    "type": "months",
    "title": "octobre 2012 – janvier 2013",
    "months": ["octobre 2012", "novembre 2012", "décembre 2012", "janvier 2013"],
    "rows": [
        {"key": "phases", "label": "Phases", "cells": ["Expérimentation", "", "", "Bilan"]},
        {"label": "Événements collectifs", "cells": ["Événement de lancement", "", "", ""]},
        {"label": "GT Handicap", "cells": ["", "Réunion 1", "", "Réunion 2\nRéunion 3"]},
        {"label": "GT Insertion des jeunes", "cells": ["", "Réunion 1", "", ""]},
    ],
}


def test_a_month_per_row_its_phase_and_each_step_after_its_row():
    with translation.override("fr"):
        table = months_as_table(GRID)
    assert table["headers"] == ["Mois", "Phases", "Étapes"]
    assert table["widths"] == [0.2, 0.22, 0.58]
    assert table["rows"] == [
        ["octobre 2012", "Expérimentation", "Événements collectifs : Événement de lancement"],
        ["novembre 2012", "", "GT Handicap : Réunion 1\nGT Insertion des jeunes : Réunion 1"],
        ["janvier 2013", "Bilan", "GT Handicap : Réunion 2\nGT Handicap : Réunion 3"],
    ]  # décembre has nothing: no row


def test_without_phases_two_columns():
    grid = {**GRID, "rows": GRID["rows"][1:]}
    with translation.override("fr"):
        table = months_as_table(grid)
    assert table["headers"] == ["Mois", "Étapes"] and len(table["rows"][0]) == 2


def test_a_grid_with_nothing_is_left_out():
    empty = {**GRID, "rows": [{**r, "cells": [""] * 4} for r in GRID["rows"]]}
    items = portrait([{"type": "paragraph", "text": "x"}, empty, GRID])
    assert [i["type"] for i in items] == ["paragraph", "table"]


def test_a_long_programme_cut_for_slides_is_one_table_on_paper():
    later = {
        "type": "months",
        "title": "février 2013 – mai 2013",
        "months": ["février 2013", "mars 2013", "avril 2013", "mai 2013"],
        "rows": [{"label": "Actions", "cells": ["", "", "Réaliser un guide", ""]}],
    }
    with translation.override("fr"):
        (table,) = portrait([GRID, later])
    assert table["title"] == "" and table["headers"] == ["Mois", "Phases", "Étapes"]
    assert [row[0] for row in table["rows"]] == [
        "octobre 2012",
        "novembre 2012",
        "janvier 2013",
        "avril 2013",
    ]
    assert table["rows"][-1] == ["avril 2013", "", "Actions : Réaliser un guide"]
