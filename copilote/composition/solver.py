"""The exact composition solver: the problem of problem.py as a CP-SAT model (OR-Tools).

Pure Python (no Django import). ``solve(problem, options)`` never raises on bad input: a problem
without any composition comes back with status ``infeasible`` and the reasons in plain French.

The model is aggregated (see ``_Model``): per free candidate, a boolean per theme they do not
refuse (at most one); per group and class of candidates (kind × commune × maturity × wish steps
for the group's theme), how many of them it holds, the counts of a theme's groups adding up to the
class's candidates sent to the theme. Sizes within bounds, fixed members counted; per group and
per commune (and per kind), the excess beyond the tolerance between the count and the pool's
share of the group's size, both sides linear; per group and maturity level, a boolean "someone of
this level is here", and the spread's excess over every pair of levels present; the worst group's
penalty ``Z >= penalty(g)``. The objective is problem.score exactly, so the heuristic's score and
the solver's agree, and the bound is a proven bound of that score.

Interchangeable groups (same theme and bounds, nobody fixed) are ordered: the larger first, then
the one with more associations. The heuristic's composition is given as a complete hint, and the
answer is never worse than it (the better of CP-SAT's and the heuristic's, polished).

Deterministic: with ``deterministic=True`` (default) the work is bounded by CP-SAT's deterministic
time and the heuristic's step count, both derived from the time limit, with the same seed and
worker count the result is the same; a wall-clock limit (3 × the time limit) only guards against a
very loaded machine.
"""

from __future__ import annotations

import enum
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from copilote.composition import heuristic
from copilote.composition.problem import (
    SCALE,
    WISH_DEPTH,
    Candidate,
    Kind,
    Pool,
    Problem,
    free_candidates,
    price,
    problems_in,
    score,
    share_excess,
    share_range,
    tallies,
    utility,
    wish_steps,
)

#: Below this time limit, CP-SAT is not started: the heuristic's composition is the answer.
MIN_EXACT_TIME = 0.2


class Status(enum.StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"


class Method(enum.StrEnum):
    EXACT = "cp-sat"
    HEURISTIC = "heuristic"


@dataclass(frozen=True)
class Options:
    time_limit: float = 10.0
    seed: int = 0
    workers: int = 1
    #: Share of the time limit given to the heuristic's warm start.
    hint_share: float = 0.1
    #: Share of the time left after CP-SAT that polishes its best composition when it is not
    #: proven optimal (the heuristic's moves and swaps, started from it): the better one wins.
    polish_share: float = 0.25
    deterministic: bool = True


@dataclass(frozen=True)
class Solution:
    status: Status
    method: Method | None
    #: Candidate id -> group id, fixed members included; candidates left out are absent.
    assignment: Mapping[str, str] = field(default_factory=dict)
    #: Points (the higher the better); None when infeasible.
    objective: float | None = None
    #: Proven upper bound of the objective (points).
    bound: float | None = None
    #: (bound - objective) / |objective|; 0 when proven optimal.
    gap: float | None = None
    wall_time: float = 0.0
    heuristic_objective: float | None = None
    #: Why there is no composition (plain French), when infeasible.
    reasons: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        return self.status is not Status.INFEASIBLE


def gap_of(objective: float, bound: float) -> float:
    return max(0.0, bound - objective) / max(1.0, abs(objective))


def solve(problem: Problem, options: Options | None = None) -> Solution:
    options = options or Options()
    started = time.perf_counter()
    reasons = problems_in(problem)
    if reasons:
        return Solution(
            status=Status.INFEASIBLE,
            method=None,
            reasons=tuple(reasons),
            wall_time=time.perf_counter() - started,
        )
    exact = options.time_limit >= MIN_EXACT_TIME
    hint_time = options.time_limit * (options.hint_share if exact else 1.0)
    warm = heuristic.solve(
        problem,
        seed=options.seed,
        time_limit=hint_time * (3 if options.deterministic else 1),
        max_steps=max(1, int(hint_time * heuristic.STEPS_PER_SECOND))
        if options.deterministic
        else 10**12,
        restarts=not exact,
    )
    assert warm is not None  # problems_in() is empty, so a composition exists
    warm_points = warm.score / SCALE
    if not exact:
        return Solution(
            status=Status.FEASIBLE,
            method=Method.HEURISTIC,
            assignment=warm.assignment,
            objective=warm_points,
            wall_time=time.perf_counter() - started,
            heuristic_objective=warm_points,
        )
    left = max(MIN_EXACT_TIME / 2, options.time_limit - (time.perf_counter() - started))
    remaining = left * (1 - options.polish_share)
    model = _Model(problem)
    model.hint(warm.assignment)
    solver = cp_model.CpSolver()
    parameters = solver.parameters
    parameters.random_seed = options.seed
    parameters.num_workers = max(1, options.workers)
    parameters.linearization_level = 2
    if options.deterministic:
        parameters.max_deterministic_time = remaining
        parameters.max_time_in_seconds = 3 * remaining
    else:
        parameters.max_time_in_seconds = remaining
    status = solver.solve(model.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # No solution in the time (or an unexpected model status): the heuristic's stands,
        # polished with the time left.
        assignment, value = _polish(
            problem, options, dict(warm.assignment), warm.score, left, started
        )
        return Solution(
            status=Status.FEASIBLE,
            method=Method.HEURISTIC,
            assignment=assignment,
            objective=value / SCALE,
            wall_time=time.perf_counter() - started,
            heuristic_objective=warm_points,
        )
    assignment = model.assignment(solver)
    value = score(problem, assignment)
    bound = solver.best_objective_bound / SCALE
    if value < warm.score:  # the hint was lost and the time was too short to find it again
        assignment, value = dict(warm.assignment), warm.score
        method = Method.HEURISTIC
    else:
        method = Method.EXACT
    optimal = status == cp_model.OPTIMAL and method is Method.EXACT
    if not optimal:
        polished, polished_value = _polish(problem, options, assignment, value, left, started)
        if polished_value > value:
            assignment, value = polished, polished_value
            method = Method.HEURISTIC
    objective = value / SCALE
    return Solution(
        status=Status.OPTIMAL if optimal else Status.FEASIBLE,
        method=method,
        assignment=assignment,
        objective=objective,
        bound=objective if optimal else max(bound, objective),
        gap=0.0 if optimal else gap_of(objective, max(bound, objective)),
        wall_time=time.perf_counter() - started,
        heuristic_objective=warm_points,
    )


def _polish(
    problem: Problem,
    options: Options,
    assignment: dict[str, str],
    value: int,
    left: float,
    started: float,
) -> tuple[dict[str, str], int]:
    """The heuristic's moves and swaps from ``assignment`` with the polishing share of the time
    (a number of steps when deterministic); the better of the two compositions."""
    share = left * options.polish_share
    wall = options.time_limit - (time.perf_counter() - started)
    if options.deterministic:
        wall, steps = 3 * max(wall, share), max(1, int(share * heuristic.STEPS_PER_SECOND))
    elif wall <= 0.01:
        return assignment, value
    else:
        steps = 10**12
    polished = heuristic.solve(
        problem, seed=options.seed, time_limit=wall, max_steps=steps, start=assignment
    )
    if polished is not None and polished.score > value:
        return dict(polished.assignment), polished.score
    return assignment, value


def interchangeable(problem: Problem) -> list[list[int]]:
    """Classes (two groups or more) of group indexes with the same theme and bounds, none fixed."""
    classes: dict[tuple[str, int, int], list[int]] = {}
    for g, group in enumerate(problem.groups):
        if not group.fixed:
            classes.setdefault((group.theme, group.min_size, group.max_size), []).append(g)
    return [members for members in classes.values() if len(members) > 1]


def _order_key(problem: Problem, members: list[Candidate]) -> tuple[int, int]:
    """What orders interchangeable groups (the larger first, then the more associations)."""
    del problem
    return len(members), sum(c.kind is Kind.ASSOCIATION for c in members)


def canonical(problem: Problem, assignment: Mapping[str, str]) -> dict[str, str]:
    """The same composition with interchangeable groups ordered as the model orders them.

    The score does not change; the composition then satisfies the symmetry-breaking rule.
    """
    by_id = {candidate.id: candidate for candidate in problem.candidates}
    groups = problem.groups
    rename: dict[str, str] = {}
    for members in interchangeable(problem):
        ids = [groups[g].id for g in members]
        key = {
            group_id: _order_key(
                problem, [by_id[c] for c, placed in assignment.items() if placed == group_id]
            )
            for group_id in ids
        }
        ranked = sorted(ids, key=lambda k: (-key[k][0], -key[k][1], ids.index(k)))
        for target, source in zip(ids, ranked, strict=True):
            rename[source] = target
    return {candidate: rename.get(group, group) for candidate, group in assignment.items()}


#: A class of free candidates inside one theme: kind, commune, maturity level, wish steps.
ClassKey = tuple[str, str | None, int | None, int]


class _Model:
    """The aggregated model.

    Inside a theme, what a group's score depends on is how many members of each class
    (kind × commune × maturity × wish steps for the theme) it holds, never who they are. So the
    model decides, per type of free candidates (the same class in every theme they accept: the
    score cannot tell them apart), how many go to each theme (``y``), and per group and class,
    how many it holds (``n``), the counts of a theme's groups adding up to the candidates of that
    class sent to the theme. Every composition has exactly one image (same score) and
    every solution of the model maps back to compositions of that score: the model is exact,
    much smaller than one boolean per candidate and group, and identical people are no longer
    symmetric solutions. People are mapped back in candidate order (deterministic).
    """

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.pool = pool = Pool.of(problem)
        weights = problem.weights
        targets = problem.targets
        model = self.model = cp_model.CpModel()
        free = free_candidates(problem)
        self.free = free
        by_id = {candidate.id: candidate for candidate in problem.candidates}
        groups = problem.groups
        self.themes = themes = list(dict.fromkeys(group.theme for group in groups))
        self.theme_groups = {
            theme: [g for g, group in enumerate(groups) if group.theme == theme] for theme in themes
        }
        # Candidates the score cannot tell apart (same class in every theme they accept) form a
        # type; the model decides how many of a type go to each theme.
        self.types: dict[tuple[tuple[str, ClassKey], ...], list[int]] = {}
        for i, candidate in enumerate(free):
            signature = tuple(
                (theme, class_of(candidate, theme))
                for theme in themes
                if theme not in candidate.refused
            )
            if signature:
                self.types.setdefault(signature, []).append(i)
        self.y: dict[tuple[int, str], cp_model.IntVar] = {}
        self.classes: dict[tuple[str, ClassKey], list[int]] = {}
        objective: list[cp_model.LinearExprT] = []
        for t, (signature, indexes) in enumerate(self.types.items()):
            options = []
            first = free[indexes[0]]
            for theme, cls in signature:
                var = model.new_int_var(0, len(indexes), f"y{t}_{theme}")
                self.y[t, theme] = var
                options.append(var)
                self.classes.setdefault((theme, cls), []).append(t)
                group = groups[self.theme_groups[theme][0]]
                objective.append(utility(problem, first, group) * var)
            if len(options) > 1 or len(indexes) > 1:
                model.add(cp_model.LinearExpr.sum(options) <= len(indexes))
        room = [max(0, group.max_size - len(group.fixed)) for group in groups]
        self.n: dict[tuple[int, ClassKey], cp_model.IntVar] = {}
        by_group: dict[int, list[tuple[ClassKey, cp_model.IntVar]]] = {
            g: [] for g in range(len(groups))
        }
        sizes_of_type = [len(indexes) for indexes in self.types.values()]
        for (theme, cls), members_types in self.classes.items():
            available = sum(sizes_of_type[t] for t in members_types)
            counts = []
            for g in self.theme_groups[theme]:
                var = model.new_int_var(0, min(available, room[g]), f"n{g}_{cls}")
                self.n[g, cls] = var
                by_group[g].append((cls, var))
                counts.append(var)
            model.add(
                cp_model.LinearExpr.sum(counts)
                == cp_model.LinearExpr.sum([self.y[t, theme] for t in members_types])
            )
        self.excess: dict[tuple[int, str, str], cp_model.IntVar] = {}
        self.is_size: dict[int, dict[int, cp_model.IntVar]] = {}
        self.spread: dict[int, cp_model.IntVar] = {}
        self.level: dict[tuple[int, int], cp_model.IntVar] = {}
        penalties: list[cp_model.LinearExprT] = []
        levels_present = sorted({c.maturity for c in problem.candidates if c.maturity is not None})
        for g, group in enumerate(groups):
            fixed = [by_id[member_id] for member_id in group.fixed]
            members = by_group[g]
            size = len(fixed) + cp_model.LinearExpr.sum([var for _, var in members])
            # One boolean per possible size: the acceptable range of each share is then linear.
            sizes = range(max(group.min_size, len(fixed)), group.max_size + 1)
            is_size = {s: model.new_bool_var(f"s{g}_{s}") for s in sizes}
            model.add_exactly_one(is_size.values())
            model.add(size == cp_model.LinearExpr.weighted_sum(list(is_size.values()), list(sizes)))
            self.is_size[g] = is_size
            group_penalty: list[cp_model.LinearExprT] = []
            for criterion, shares, weight, position, attribute in (
                ("commune", pool.communes, weights.commune, 1, _commune),
                ("kind", pool.kinds, weights.kind, 0, _kind),
            ):
                for key, percent in shares.percent.items():
                    count = sum(attribute(c) == key for c in fixed) + cp_model.LinearExpr.sum(
                        [var for k, var in members if k[position] == key]
                    )
                    low = cp_model.LinearExpr.weighted_sum(
                        list(is_size.values()),
                        [share_range(s, percent, targets.share_tolerance)[0] for s in sizes],
                    )
                    high = cp_model.LinearExpr.weighted_sum(
                        list(is_size.values()),
                        [share_range(s, percent, targets.share_tolerance)[1] for s in sizes],
                    )
                    excess = model.new_int_var(0, group.max_size, f"e{g}_{criterion}_{key}")
                    model.add(excess >= low - count)
                    model.add(excess >= count - high)
                    self.excess[g, criterion, key] = excess
                    group_penalty.append(weight * SCALE * excess)
            if len(levels_present) > 1 and weights.maturity:
                present: dict[int, cp_model.IntVar] = {}
                fixed_levels = {c.maturity for c in fixed if c.maturity is not None}
                for level in levels_present:
                    if level in fixed_levels:
                        present[level] = model.new_constant(1)
                        continue
                    holders = [var for k, var in members if k[2] == level]
                    if not holders:
                        continue
                    flag = model.new_bool_var(f"p{g}_{level}")
                    model.add(cp_model.LinearExpr.sum(holders) <= room[g] * flag)
                    model.add(cp_model.LinearExpr.sum(holders) >= flag)
                    self.level[g, level] = flag
                    present[level] = flag
                widest = levels_present[-1] - levels_present[0] - targets.maturity_spread
                if widest > 0:
                    spread = model.new_int_var(0, widest, f"m{g}")
                    for lowest in present:
                        for highest in present:
                            over = highest - lowest - targets.maturity_spread
                            if over > 0:
                                both = present[lowest] + present[highest] - 1
                                model.add(spread >= over * both)
                    self.spread[g] = spread
                    group_penalty.append(weights.maturity * SCALE * spread)
            objective.extend(-term for term in group_penalty)
            missed = cp_model.LinearExpr.weighted_sum(
                [var for _, var in members],
                [SCALE * weights.wish * (WISH_DEPTH - k[3]) for k, _ in members],
            )
            penalties.append(cp_model.LinearExpr.sum(group_penalty) + missed)
        self._break_symmetry(by_group)
        self.worst: cp_model.IntVar | None = None
        if weights.worst and penalties:
            ceiling = self._penalty_ceiling()
            worst = model.new_int_var(0, ceiling, "worst")
            for penalty in penalties:
                model.add(worst >= penalty)
            objective.append(-weights.worst * worst)
            self.worst = worst
        model.maximize(sum(objective))

    def _penalty_ceiling(self) -> int:
        problem = self.problem
        weights = problem.weights
        largest = max((group.max_size for group in problem.groups), default=0)
        per_share = SCALE * largest
        shares = (
            len(self.pool.communes.percent) * weights.commune
            + len(self.pool.kinds.percent) * weights.kind
        )
        levels = [c.maturity for c in problem.candidates if c.maturity is not None]
        spread = (max(levels) - min(levels)) if levels else 0
        return (
            per_share * shares
            + weights.maturity * SCALE * spread
            + largest * SCALE * weights.wish * WISH_DEPTH
        )

    def _break_symmetry(
        self,
        by_group: Mapping[int, list[tuple[ClassKey, cp_model.IntVar]]],
    ) -> None:
        """Interchangeable groups in order: larger first, then more associations (a valid
        order: any composition becomes one that respects it by renaming those groups)."""
        for members in interchangeable(self.problem):
            base = self.problem.groups[members[0]].max_size + 1
            # Nobody is fixed in these groups: the size is the sum of the counts.
            keys = [
                cp_model.LinearExpr.weighted_sum(
                    [var for _, var in by_group[g]],
                    [base + (k[0] == Kind.ASSOCIATION.value) for k, _ in by_group[g]],
                )
                for g in members
            ]
            for before, after in zip(keys, keys[1:], strict=False):
                self.model.add(before >= after)

    def hint(self, assignment: Mapping[str, str]) -> None:
        """A complete hint: the assignment and every auxiliary variable's value under it."""
        problem = self.problem
        assignment = canonical(problem, assignment)
        groups = problem.groups
        group_index = {group.id: g for g, group in enumerate(groups)}
        placed = {
            i: group_index[assignment[candidate.id]]
            for i, candidate in enumerate(self.free)
            if candidate.id in assignment
        }
        sent: Counter[tuple[int, str]] = Counter()
        for t, indexes in enumerate(self.types.values()):
            for i in indexes:
                if i in placed:
                    sent[t, groups[placed[i]].theme] += 1
        for way, var in self.y.items():
            self.model.add_hint(var, sent[way])
        counts: Counter[tuple[int, ClassKey]] = Counter(
            (g, class_of(self.free[i], groups[g].theme)) for i, g in placed.items()
        )
        for slot, var in self.n.items():
            self.model.add_hint(var, counts[slot])
        group_tallies = tallies(problem, assignment)
        for g, is_size in self.is_size.items():
            size = group_tallies[groups[g].id].size
            for s, var in is_size.items():
                self.model.add_hint(var, 1 if s == size else 0)
        tolerance = problem.targets.share_tolerance
        for (g, criterion, key), var in self.excess.items():
            tally = group_tallies[groups[g].id]
            tallied = tally.communes if criterion == "commune" else tally.kinds
            shares = self.pool.communes if criterion == "commune" else self.pool.kinds
            self.model.add_hint(
                var, share_excess(tallied.get(key, 0), tally.size, shares.percent[key], tolerance)
            )
        for (g, level), var in self.level.items():
            tally = group_tallies[groups[g].id]
            self.model.add_hint(var, 1 if tally.levels.get(level, 0) > 0 else 0)
        for g, var in self.spread.items():
            tally = group_tallies[groups[g].id]
            self.model.add_hint(var, max(0, tally.spread() - problem.targets.maturity_spread))
        if self.worst is not None:
            worst = max(
                (price(self.pool, tally).penalty for tally in group_tallies.values()), default=0
            )
            self.model.add_hint(self.worst, worst)

    def assignment(self, solver: cp_model.CpSolver) -> dict[str, str]:
        """The solution's composition: in each type, candidates in candidate order go to the
        themes in theme order, as many as each count; then in each class, the candidates sent to
        the theme, in candidate order, fill its groups in group order, as many as each count."""
        groups = self.problem.groups
        result = {member_id: group.id for group in groups for member_id in group.fixed}
        sent: dict[tuple[int, str], list[int]] = {}
        for t, (signature, indexes) in enumerate(self.types.items()):
            position = 0
            for theme, _cls in signature:
                count = solver.value(self.y[t, theme])
                sent[t, theme] = indexes[position : position + count]
                position += count
        for (theme, cls), members_types in self.classes.items():
            chosen = sorted(i for t in members_types for i in sent[t, theme])
            position = 0
            for g in self.theme_groups[theme]:
                count = solver.value(self.n[g, cls])
                for i in chosen[position : position + count]:
                    result[self.free[i].id] = groups[g].id
                position += count
        return result


def class_of(candidate: Candidate, theme: str) -> ClassKey:
    """What the score sees of a free candidate placed in a group of this theme."""
    return (
        candidate.kind.value,
        candidate.commune,
        candidate.maturity,
        wish_steps(candidate, theme),
    )


def _commune(candidate: Candidate) -> str | None:
    return candidate.commune


def _kind(candidate: Candidate) -> str | None:
    return candidate.kind.value
