"""A programme with many groups or a crowded month keeps a readable, light calendar: the
providers read only what the grid shows (a few items per row and month, the groups folded)."""

import datetime as dt

import pytest
from django.utils import translation
from django_scopes import scope

from copilote.core.tests.factories import MilestoneFactory
from copilote.planning import selectors
from copilote.planning.selectors import MAX_GROUP_ROWS, MAX_PER_CELL, Entry, _capped
from copilote.workgroups.models import MeetingStatus
from copilote.workgroups.tests.factories import GroupMeetingFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def with_groups(programme, n: int) -> None:
    for i in range(n):
        group = WorkingGroupFactory(programme=programme, slug=f"g{i}", name=f"GT {i}")
        GroupMeetingFactory(
            group=group, number=1, date=dt.date(2012, 11, 5), status=MeetingStatus.HELD
        )
        GroupMeetingFactory(group=group, number=2, date=dt.date(2013, 1, 7))


def texts(grid, key: str) -> list[list[str]]:
    row = next(r for r in grid.rows if r.key == key)
    return [[e.text for e in cell] for cell in row.cells]


def test_a_few_groups_keep_a_row_each(programme):
    with scope(territory=programme.territory):
        with_groups(programme, MAX_GROUP_ROWS)
        grid = selectors.gantt(programme)
    groups = [r for r in grid.rows if r.key.startswith("group:")]
    assert len(groups) == MAX_GROUP_ROWS


def test_many_groups_fold_into_one_row_counting_each_step(programme):
    with scope(territory=programme.territory), translation.override("fr"):
        with_groups(programme, 40)
        grid = selectors.gantt(programme)
    groups = [r for r in grid.rows if r.key.startswith("group:")]
    assert [r.key for r in groups] == ["group:*"]
    assert groups[0].label == "Groupes de travail (40)"
    assert texts(grid, "group:*") == [["Réunion 1 : 40 groupes"], [], ["Réunion 2 : 40 groupes"]]
    assert groups[0].cells[0][0].done and not groups[0].cells[2][0].done


def test_a_crowded_month_names_five_and_counts_those_not_read(programme):
    with scope(territory=programme.territory), translation.override("fr"):
        for n in range(30):
            MilestoneFactory(
                programme=programme, title=f"Rencontre {n:02d}", start=dt.date(2013, 3, 1 + n)
            )
        items = selectors.grid_timeline(programme)
        grid = selectors.gantt(programme, items=items)
    assert len(items) == MAX_PER_CELL  # the rest of the month is counted, not read
    (cell,) = texts(grid, "steps")
    assert cell == [f"Rencontre {n:02d}" for n in range(5)] + ["et 25 de plus"]


def test_a_cell_made_of_several_reads_counts_them_all():
    cell = [Entry(f"Rencontre {n}", "") for n in range(4)]
    with translation.override("fr"):
        assert _capped(cell, 10)[-1].text == "et 9 de plus"
        assert _capped(cell, 2) == cell
