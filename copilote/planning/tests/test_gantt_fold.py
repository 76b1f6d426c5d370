"""A programme with many groups or a crowded month keeps a readable, light calendar."""

from django.utils import translation

from copilote.planning.selectors import MAX_GROUP_ROWS, MAX_PER_CELL, Entry, Row, _capped, _folded


def group_row(n: int) -> Row:
    return Row(
        f"group:g{n}",
        f"GT {n}",
        [[Entry("Réunion 1", "5 nov. 2012", done=True)], [], [Entry("Réunion 2", "3 déc. 2012")]],
    )


def test_a_few_groups_keep_a_row_each():
    rows = [Row("events", "Événements", [[], [], []]), *map(group_row, range(MAX_GROUP_ROWS))]
    assert _folded(rows) == rows


def test_many_groups_fold_into_one_row_counting_each_step():
    rows = [Row("events", "Événements", [[], [], []]), *map(group_row, range(40))]
    with translation.override("fr"):
        folded = _folded(rows)
    assert [r.key for r in folded] == ["events", "group:*"]
    row = folded[-1]
    assert row.label == "Groupes de travail (40)"
    assert [[e.text for e in cell] for cell in row.cells] == [
        ["Réunion 1 : 40 groupes"],
        [],
        ["Réunion 2 : 40 groupes"],
    ]
    assert row.cells[0][0].done and not row.cells[2][0].done


def test_a_crowded_month_names_five_and_counts_the_rest():
    cell = [Entry(f"Rencontre {n}", "") for n in range(30)]
    with translation.override("fr"):
        shown = _capped(cell)
    assert len(shown) == MAX_PER_CELL
    assert [e.text for e in shown[:2]] == ["Rencontre 0", "Rencontre 1"]
    assert shown[-1].text == "et 25 de plus"
    assert _capped(cell[:MAX_PER_CELL]) == cell[:MAX_PER_CELL]
