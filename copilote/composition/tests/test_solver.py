"""The pure composition modules: hard rules on random instances (hypothesis), the score shared by
the exact solver and the heuristic, infeasible inputs explained, determinism, explanations.
No database."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from copilote.composition import heuristic
from copilote.composition.explain import explain
from copilote.composition.problem import (
    SCALE,
    Candidate,
    Group,
    Kind,
    Problem,
    Targets,
    Weights,
    problems_in,
    score,
    share_excess,
    violations,
)
from copilote.composition.solver import Method, Options, Status, solve

THEMES = ("insertion", "handicap", "precarite")
PURE = ("problem", "heuristic", "solver", "explain")
FAST = Options(time_limit=2.0, seed=1, workers=1)


@st.composite
def problems(draw: st.DrawFn, most: int = 14, most_groups: int = 4) -> Problem:
    count = draw(st.integers(min_value=0, max_value=most))
    candidates = []
    for index in range(count):
        wishes = draw(st.lists(st.sampled_from(THEMES), unique=True, max_size=3))
        refused = draw(st.frozensets(st.sampled_from(THEMES), max_size=2))
        candidates.append(
            Candidate(
                id=f"c{index}",
                kind=draw(st.sampled_from(list(Kind))),
                commune=draw(st.sampled_from(["Charenton-le-Pont", "Saint-Maurice", None])),
                maturity=draw(st.sampled_from([1, 2, 3, None])),
                wishes=tuple(wishes),
                refused=refused,
            )
        )
    ids = [candidate.id for candidate in candidates]
    groups = []
    taken: set[str] = set()
    for g in range(draw(st.integers(min_value=1, max_value=most_groups))):
        low = draw(st.integers(min_value=0, max_value=4))
        high = low + draw(st.integers(min_value=0, max_value=4))
        fixed = draw(st.lists(st.sampled_from(ids), unique=True, max_size=2)) if ids else []
        fixed = [member for member in fixed if member not in taken]
        taken.update(fixed)
        groups.append(
            Group(
                id=f"g{g}",
                theme=draw(st.sampled_from(THEMES)),
                min_size=low,
                max_size=high,
                fixed=tuple(fixed),
            )
        )
    return Problem(candidates=tuple(candidates), groups=tuple(groups))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_hard_rules_hold_or_the_problem_is_explained(problem: Problem) -> None:
    solution = solve(problem, FAST)
    reasons = problems_in(problem)
    if reasons:
        assert solution.status is Status.INFEASIBLE
        assert solution.reasons == tuple(reasons)
        assert all(isinstance(reason, str) and reason for reason in reasons)
        assert explain(problem, solution).summary.startswith("Aucune composition")
        return
    assert solution.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert violations(problem, solution.assignment) == []
    # The reported objective is the problem's own score of the assignment.
    assert solution.objective == score(problem, solution.assignment) / SCALE
    assert solution.bound is None or solution.bound >= solution.objective
    assert solution.heuristic_objective is not None
    assert solution.objective >= solution.heuristic_objective
    report = explain(problem, solution)
    assert len(report.groups) == len(problem.groups)
    placed = set(solution.assignment)
    assert {left.candidate_id for left in report.left_out} == {
        c.id for c in problem.candidates if c.id not in placed
    }


def best_by_enumeration(problem: Problem) -> int:
    """The best score over every composition (tiny problems only)."""
    fixed = {member for group in problem.groups for member in group.fixed}
    free = [candidate.id for candidate in problem.candidates if candidate.id not in fixed]
    options = [None, *(group.id for group in problem.groups)]
    best = None
    for choice in itertools.product(options, repeat=len(free)):
        assignment = {c: g for c, g in zip(free, choice, strict=True) if g is not None}
        if violations(problem, assignment) == []:
            value = score(problem, assignment)
            best = value if best is None else max(best, value)
    assert best is not None
    return best


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(problems(most=6, most_groups=3))
def test_the_aggregated_model_finds_the_true_optimum(problem: Problem) -> None:
    assume(not problems_in(problem))
    # Interchangeable groups (same theme and bounds, nobody fixed) test the symmetry breaking.
    solution = solve(problem, Options(time_limit=5.0, seed=0, workers=1, polish_share=0.0))
    assert solution.status is Status.OPTIMAL
    assert solution.objective == best_by_enumeration(problem) / SCALE


def test_interchangeable_groups_keep_the_true_optimum() -> None:
    """Three groups of one theme, same bounds, nobody fixed: the symmetry breaking between them
    must not cut off the best composition."""
    candidates = tuple(
        Candidate(
            id=f"c{index}",
            kind=(Kind.ASSOCIATION, Kind.COMPANY, Kind.OTHER)[index % 3],
            commune=("Charenton-le-Pont", "Saint-Maurice")[index % 2],
            maturity=1 + index % 3,
            wishes=("insertion",) if index % 4 else (),
        )
        for index in range(6)
    )
    groups = tuple(Group(id=f"g{g}", theme="insertion", min_size=2, max_size=2) for g in range(3))
    problem = Problem(candidates=candidates, groups=groups)
    solution = solve(problem, Options(time_limit=5.0, seed=0, workers=1, polish_share=0.0))
    assert solution.status is Status.OPTIMAL
    assert solution.objective == best_by_enumeration(problem) / SCALE


@settings(max_examples=40, deadline=None)
@given(problems(), st.integers(min_value=0, max_value=5))
def test_the_heuristic_respects_the_hard_rules(problem: Problem, seed: int) -> None:
    result = heuristic.solve(problem, seed=seed, time_limit=1.0, max_steps=500)
    if problems_in(problem):
        assert result is None
        return
    assert result is not None
    assert violations(problem, result.assignment) == []
    assert result.score == score(problem, result.assignment)


def pool(size: int = 12) -> tuple[Candidate, ...]:
    kinds = [Kind.ASSOCIATION, Kind.ASSOCIATION, Kind.COMPANY]
    communes = ["Charenton-le-Pont", "Saint-Maurice"]
    return tuple(
        Candidate(
            id=f"c{index}",
            kind=kinds[index % 3],
            commune=communes[index % 2],
            maturity=1 + index % 3,
            wishes=(THEMES[index % 2],),
        )
        for index in range(size)
    )


def test_small_instance_is_proven_optimal_and_balanced() -> None:
    groups = (
        Group(id="a", theme="insertion", min_size=4, max_size=6, fixed=("c0", "c2")),
        Group(id="b", theme="handicap", min_size=4, max_size=6),
    )
    problem = Problem(candidates=pool(), groups=groups)
    solution = solve(problem, FAST)
    assert solution.status is Status.OPTIMAL
    assert solution.method is Method.EXACT
    assert solution.gap == 0.0
    assert solution.assignment["c0"] == "a" and solution.assignment["c2"] == "a"
    report = explain(problem, solution)
    assert [group.size for group in report.groups] == [6, 6]
    assert "optimale" in report.summary


def test_fixed_members_count_in_the_balance() -> None:
    # Three companies fixed in the group: the solver adds associations, not more companies.
    people = tuple(
        Candidate(id=f"a{i}", kind=Kind.ASSOCIATION, wishes=("insertion",)) for i in range(6)
    ) + tuple(Candidate(id=f"e{i}", kind=Kind.COMPANY, wishes=("insertion",)) for i in range(6))
    group = Group(id="g", theme="insertion", min_size=6, max_size=6, fixed=("e0", "e1", "e2"))
    problem = Problem(candidates=people, groups=(group,), targets=Targets(share_tolerance=0))
    solution = solve(problem, FAST)
    members = [c for c, g in solution.assignment.items() if g == "g"]
    assert sum(member.startswith("e") for member in members) == 3
    assert set(members) >= {"e0", "e1", "e2"}


def test_refused_theme_is_never_given_and_reason_explained() -> None:
    people = pool(6) + (Candidate(id="x", refused=frozenset(THEMES), label="Mme X"),)
    problem = Problem(
        candidates=people, groups=(Group(id="g", theme="insertion", min_size=0, max_size=10),)
    )
    solution = solve(problem, FAST)
    assert "x" not in solution.assignment
    report = explain(problem, solution)
    (left,) = [left for left in report.left_out if left.candidate_id == "x"]
    assert left.name == "Mme X"
    assert "refusé toutes les thématiques" in left.reason


def test_full_groups_are_the_reason_for_those_left_out() -> None:
    problem = Problem(
        candidates=pool(8), groups=(Group(id="g", theme="insertion", min_size=2, max_size=4),)
    )
    solution = solve(problem, FAST)
    report = explain(problem, solution)
    assert len(solution.assignment) == 4
    assert len(report.left_out) == 4
    assert all("complets" in left.reason for left in report.left_out)


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        (
            (Group(id="g", theme="insertion", min_size=20, max_size=30),),
            "Trop peu de candidats",
        ),
        (
            (
                Group(id="g", theme="insertion", min_size=0, max_size=5, fixed=("c0",)),
                Group(id="h", theme="handicap", min_size=0, max_size=5, fixed=("c0",)),
            ),
            "fixé(e) dans plusieurs groupes",
        ),
        (
            (Group(id="g", theme="insertion", min_size=6, max_size=4),),
            "au moins 6 membres mais au plus 4",
        ),
        (
            (Group(id="g", theme="insertion", min_size=0, max_size=1, fixed=("c0", "c1")),),
            "2 membres fixés pour 1 places",
        ),
        (
            (Group(id="g", theme="insertion", min_size=0, max_size=3, fixed=("nobody",)),),
            "n'est pas parmi les candidats",
        ),
    ],
)
def test_infeasible_inputs_are_explained_in_french(
    groups: tuple[Group, ...], expected: str
) -> None:
    problem = Problem(candidates=pool(10), groups=groups)
    solution = solve(problem, FAST)
    assert solution.status is Status.INFEASIBLE
    assert any(expected in reason for reason in solution.reasons), solution.reasons
    assert expected in explain(problem, solution).summary


def test_a_refused_theme_can_make_a_minimum_unreachable() -> None:
    people = tuple(
        Candidate(id=f"c{i}", refused=frozenset({"handicap"}) if i else frozenset())
        for i in range(6)
    )
    groups = (
        Group(id="g", theme="handicap", min_size=2, max_size=4),
        Group(id="h", theme="insertion", min_size=2, max_size=4),
    )
    solution = solve(Problem(candidates=people, groups=groups), FAST)
    assert solution.status is Status.INFEASIBLE
    assert "ne peut pas atteindre sa taille minimale" in solution.reasons[0]


def test_same_seed_same_composition() -> None:
    people = pool(24)
    groups = tuple(Group(id=f"g{i}", theme=THEMES[i % 2], min_size=4, max_size=8) for i in range(4))
    problem = Problem(candidates=people, groups=groups)
    options = Options(time_limit=1.0, seed=7, workers=2)
    first, second = solve(problem, options), solve(problem, options)
    assert first.assignment == second.assignment
    assert first.objective == second.objective


def test_tiny_time_limit_falls_back_to_the_heuristic() -> None:
    problem = Problem(
        candidates=pool(), groups=(Group(id="g", theme="insertion", min_size=2, max_size=8),)
    )
    solution = solve(problem, Options(time_limit=0.05))
    assert solution.status is Status.FEASIBLE
    assert solution.method is Method.HEURISTIC
    assert solution.bound is None and solution.gap is None
    assert violations(problem, solution.assignment) == []
    assert "heuristique" in explain(problem, solution).summary


def test_weights_steer_the_composition() -> None:
    # One group per theme; the wishes alone put all companies together, the kind balance not.
    people = tuple(
        Candidate(id=f"a{i}", kind=Kind.ASSOCIATION, wishes=("insertion",)) for i in range(4)
    ) + tuple(Candidate(id=f"e{i}", kind=Kind.COMPANY, wishes=("handicap",)) for i in range(4))
    groups = (
        Group(id="g", theme="insertion", min_size=4, max_size=4),
        Group(id="h", theme="handicap", min_size=4, max_size=4),
    )
    wishes_only = Weights(commune=0, kind=0, maturity=0, worst=0)
    problem = Problem(candidates=people, groups=groups, weights=wishes_only)
    apart = solve(problem, FAST)
    assert {apart.assignment[f"e{i}"] for i in range(4)} == {"h"}
    mixed = solve(replace(problem, weights=Weights(kind=20)), FAST)
    assert {mixed.assignment[f"e{i}"] for i in range(4)} == {"g", "h"}


def test_share_excess_counts_whole_persons_beyond_the_tolerance() -> None:
    assert share_excess(count=3, size=10, percent=30, tolerance=1) == 0
    assert share_excess(count=5, size=10, percent=30, tolerance=1) == 1
    assert share_excess(count=0, size=10, percent=30, tolerance=1) == 2
    # 55 % of 10 is 5.5: on target from 5 (4.5 rounded up) to 6 (6.5 rounded down).
    assert share_excess(count=5, size=10, percent=55, tolerance=1) == 0
    assert share_excess(count=4, size=10, percent=55, tolerance=1) == 1
    assert share_excess(count=7, size=10, percent=55, tolerance=1) == 1


def test_pure_modules_import_no_django() -> None:
    modules = ", ".join(f"copilote.composition.{name}" for name in PURE)
    code = f"import sys, {modules}; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_pure_modules_are_strictly_typed() -> None:
    """The same check as `make typecheck` (mypy --strict), with a cache kept between runs."""
    root = Path(__file__).resolve().parents[1]
    cache = Path(tempfile.gettempdir()) / f"copilote-mypy-{os.getuid()}"
    files = [str(root / f"{name}.py") for name in PURE]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), *files],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
