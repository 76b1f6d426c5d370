"""The programme's candidates and groups as the solver's problem, and back as JSON."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copilote.composition import adapter
from copilote.composition.explain import explain
from copilote.composition.problem import Kind, problems_in
from copilote.composition.solver import Options, solve
from copilote.workgroups.models import Attendance, GroupStatus
from copilote.workgroups.tests.factories import GroupMeetingFactory, MemberFactory

pytestmark = pytest.mark.django_db


def test_candidates_carry_kind_commune_maturity_wishes_and_refusals(pool):
    problem, current = adapter.build_problem(pool.programme)
    by_name = {c.label: c for c in problem.candidates}
    c = by_name["Camille Libre C (fictif)"]
    assert (c.kind, c.commune, c.maturity) == (Kind.COMPANY, "Saint-Maurice", 1)
    assert c.wishes == ("insertion-des-jeunes", "handicap")
    assert by_name["Camille Libre A (fictif)"].maturity == 2
    d = by_name["Camille Libre D (fictif)"]
    assert (d.kind, d.commune, d.maturity, d.wishes) == (Kind.OTHER, None, None, ())
    assert by_name["Camille Refuse (fictif)"].refused == frozenset({"handicap"})
    assert current == {
        str(pool.colead.candidate_id): "handicap",
        str(pool.confirmed.candidate_id): "insertion-des-jeunes",
        str(pool.considered.candidate_id): "insertion-des-jeunes",
    }


def test_groups_count_the_colead_pair_in_their_bounds_and_fix_it_with_confirmed_members(pool):
    problem, _current = adapter.build_problem(pool.programme)
    handicap, youth = problem.groups
    assert (handicap.id, handicap.theme, handicap.theme_label) == (
        "handicap",
        "handicap",
        "Handicap",
    )
    # 2 to 3 participants, plus the co-lead.
    assert (handicap.min_size, handicap.max_size) == (3, 4)
    assert (youth.min_size, youth.max_size) == (2, 3)
    assert handicap.fixed == (str(pool.colead.candidate_id),)
    # The member only considered is not fixed: the proposal may move them.
    assert youth.fixed == (str(pool.confirmed.candidate_id),)
    assert problems_in(problem) == []


def test_confirmed_members_move_only_when_the_lead_allows_it(pool):
    problem, _current = adapter.build_problem(pool.programme, move_confirmed=True)
    assert problem.groups[1].fixed == ()
    # A member who attended a meeting stays, even then.
    meeting = GroupMeetingFactory(group=pool.group_y)
    Attendance.objects.create(meeting=meeting, member=pool.confirmed, present=True)
    problem, _current = adapter.build_problem(pool.programme, move_confirmed=True)
    assert problem.groups[1].fixed == (str(pool.confirmed.candidate_id),)


def test_closed_groups_and_their_members_take_no_part(pool):
    pool.group_y.status = GroupStatus.CLOSED
    pool.group_y.save(update_fields=["status"])
    problem, current = adapter.build_problem(pool.programme)
    assert [group.id for group in problem.groups] == ["handicap"]
    ids = {candidate.id for candidate in problem.candidates}
    assert str(pool.confirmed.candidate_id) not in ids
    assert str(pool.considered.candidate_id) not in ids
    assert str(pool.free[0].pk) in ids
    assert current == {str(pool.colead.candidate_id): "handicap"}
    assert problems_in(problem) == []


def test_problem_and_explanation_survive_json(pool):
    problem, current = adapter.build_problem(pool.programme)
    data = adapter.problem_to_data(problem, current)
    assert adapter.problem_from_data(data) == problem
    assert data["current"] == current
    solution = solve(problem, Options(time_limit=1.0, seed=0, workers=1))
    explanation = explain(problem, solution)
    assert adapter.explanation_from_data(adapter.explanation_to_data(explanation)) == explanation


def test_reads_in_a_fixed_number_of_queries(pool):
    with CaptureQueriesContext(connection) as few:
        adapter.build_problem(pool.programme)
    for _ in range(10):
        pool.candidate("Encore", "association", pool.north, "debutant", [pool.handicap])
        MemberFactory(group=pool.group_y, confirmed=True)
    with CaptureQueriesContext(connection) as many:
        adapter.build_problem(pool.programme)
    assert len(many) == len(few)
