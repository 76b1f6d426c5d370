"""A max-min swap local search (in the spirit of CATME Team-Maker) for the composition problem.

Used three ways: as the exact solver's warm start (solution hint), as its fallback when the time
limit is too short for it, and as the baseline of ``bench/composition.py``. Pure Python.

It starts from a filling of every group's minimum (a bipartite matching, so it always exists when
the problem is feasible), places the others where they earn the most, then improves: moves of one
candidate, then swaps between the worst group's members and everybody else, until no step improves
the score; then it perturbs the best composition and searches again while the budget lasts. The
budget is a number of evaluated steps (deterministic for a seed) and a wall-clock limit.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from dataclasses import dataclass

from copilote.composition.problem import (
    SCALE,
    Candidate,
    Pool,
    Problem,
    eligible,
    free_candidates,
    minimum_filling,
    problems_in,
    share_range,
    utility,
    wish_miss,
)

#: Evaluated steps per second of budget on a modest machine (used when only a time is given).
STEPS_PER_SECOND = 20_000
#: Groups tried per candidate and pass of single moves.
MOVE_TARGETS = 16
#: Candidates tried per member of a worst group and pass of swaps.
SWAP_PARTNERS = 200


@dataclass(frozen=True)
class HeuristicResult:
    assignment: Mapping[str, str]
    score: int
    steps: int
    wall_time: float


def solve(
    problem: Problem,
    *,
    seed: int = 0,
    time_limit: float = 1.0,
    max_steps: int | None = None,
    restarts: bool = True,
    start: Mapping[str, str] | None = None,
) -> HeuristicResult | None:
    """The best composition found, or None when the problem has none (see problems_in).

    restarts=False stops at the first local optimum (a quick warm start). ``start``: a valid
    composition (candidate id -> group id) to improve instead of building one (e.g. the exact
    solver's best, polished with the time left)."""
    started = time.perf_counter()
    if problems_in(problem):
        return None
    search = _Search(problem, seed=seed)
    steps = max_steps if max_steps is not None else max(1, int(time_limit * STEPS_PER_SECOND))
    search.run(deadline=started + time_limit, max_steps=steps, restarts=restarts, start=start)
    return HeuristicResult(
        assignment=search.best_assignment(),
        score=search.best_score,
        steps=search.steps,
        wall_time=time.perf_counter() - started,
    )


class _Budget(Exception):
    pass


class _Search:
    """The search state in flat lists (candidates and groups as indexes), priced incrementally."""

    def __init__(self, problem: Problem, *, seed: int) -> None:
        self.problem = problem
        pool = Pool.of(problem)
        weights = problem.weights
        targets = problem.targets
        self.random = random.Random(seed)
        self.groups = list(problem.groups)
        self.free = free_candidates(problem)
        index_of = {candidate.id: index for index, candidate in enumerate(problem.candidates)}
        self.free_index = {index_of[candidate.id]: i for i, candidate in enumerate(self.free)}
        commune_keys = list(pool.communes.percent)
        kind_keys = list(pool.kinds.percent)
        levels = sorted({c.maturity for c in problem.candidates if c.maturity is not None})
        self.levels = levels
        self.share_weight = [SCALE * weights.commune] * len(commune_keys) + [
            SCALE * weights.kind
        ] * len(kind_keys)
        self.maturity_weight = SCALE * weights.maturity
        self.spread_allowed = targets.maturity_spread
        self.worst_weight = weights.worst
        percents = [pool.communes.percent[k] for k in commune_keys] + [
            pool.kinds.percent[k] for k in kind_keys
        ]
        self.keys = len(percents)

        def attributes(candidate: Candidate) -> tuple[list[int], int]:
            keys = []
            if candidate.commune in commune_keys:
                keys.append(commune_keys.index(candidate.commune))
            if candidate.kind.value in kind_keys:
                keys.append(len(commune_keys) + kind_keys.index(candidate.kind.value))
            level = levels.index(candidate.maturity) if candidate.maturity is not None else -1
            return keys, level

        largest = max((group.max_size for group in self.groups), default=0)
        self.ranges = [
            [share_range(size, percent, targets.share_tolerance) for percent in percents]
            for size in range(largest + 2)
        ]
        self.options: list[list[int]] = []
        self.gain: list[dict[int, int]] = []
        self.miss: list[dict[int, int]] = []
        self.key_of: list[list[int]] = []
        self.level_of: list[int] = []
        for candidate in self.free:
            groups = [g for g, group in enumerate(self.groups) if eligible(candidate, group)]
            self.options.append(groups)
            self.gain.append({g: utility(problem, candidate, self.groups[g]) for g in groups})
            self.miss.append({g: wish_miss(problem, candidate, self.groups[g]) for g in groups})
            keys, level = attributes(candidate)
            self.key_of.append(keys)
            self.level_of.append(level)
        by_id = {candidate.id: candidate for candidate in problem.candidates}
        self.size = [0] * len(self.groups)
        self.counts = [[0] * self.keys for _ in self.groups]
        self.level_counts = [[0] * len(levels) for _ in self.groups]
        self.missed = [0] * len(self.groups)
        for g, group in enumerate(self.groups):
            for member_id in group.fixed:
                keys, level = attributes(by_id[member_id])
                self.size[g] += 1
                for key in keys:
                    self.counts[g][key] += 1
                if level >= 0:
                    self.level_counts[g][level] += 1
        self.where = [-1] * len(self.free)
        self.members: list[set[int]] = [set() for _ in self.groups]
        self.balances = [0] * len(self.groups)
        self.penalties = [0] * len(self.groups)
        for g in range(len(self.groups)):
            self._reprice(g)
        self.balance = sum(self.balances)
        self.gained = 0
        self.steps = 0
        self.max_steps = 0
        self.deadline = 0.0
        self.best_score = 0
        self.best_where = list(self.where)

    # -- score -------------------------------------------------------------------------------
    def score(self) -> int:
        worst = max(self.penalties, default=0)
        return self.gained - self.balance - self.worst_weight * worst

    def _tick(self) -> None:
        self.steps += 1
        if self.steps >= self.max_steps or (
            self.steps % 256 == 0 and time.perf_counter() > self.deadline
        ):
            raise _Budget

    def _place(self, i: int, g: int) -> None:
        """Move free candidate i to group g (-1: out), updating counts and prices."""
        a = self.where[i]
        if a == g:
            return
        if a >= 0:
            self._count(i, a, -1)
            self.members[a].discard(i)
            self.gained -= self.gain[i][a]
        if g >= 0:
            self._count(i, g, 1)
            self.members[g].add(i)
            self.gained += self.gain[i][g]
        self.where[i] = g

    def _count(self, i: int, g: int, sign: int) -> None:
        self.size[g] += sign
        counts = self.counts[g]
        for key in self.key_of[i]:
            counts[key] += sign
        level = self.level_of[i]
        if level >= 0:
            self.level_counts[g][level] += sign
        self.missed[g] += sign * self.miss[i][g]
        old = self.balances[g]
        self._reprice(g)
        self.balance += self.balances[g] - old

    def _reprice(self, g: int) -> None:
        """The group's balance penalty and its whole penalty (problem.price, on flat counts)."""
        balance = 0
        counts = self.counts[g]
        for key, (low, high) in enumerate(self.ranges[self.size[g]]):
            count = counts[key]
            if count < low:
                balance += self.share_weight[key] * (low - count)
            elif count > high:
                balance += self.share_weight[key] * (count - high)
        lowest = highest = -1
        for level, count in enumerate(self.level_counts[g]):
            if count > 0:
                highest = level
                if lowest < 0:
                    lowest = level
        if lowest >= 0:
            spread = self.levels[highest] - self.levels[lowest]
            if spread > self.spread_allowed:
                balance += self.maturity_weight * (spread - self.spread_allowed)
        self.balances[g] = balance
        self.penalties[g] = balance + self.missed[g]

    def _can_leave(self, g: int) -> bool:
        return g < 0 or self.size[g] > self.groups[g].min_size

    def _can_enter(self, g: int) -> bool:
        return g < 0 or self.size[g] < self.groups[g].max_size

    def _try_move(self, i: int, g: int) -> int:
        self._tick()
        return self._delta(i, g)

    def _delta(self, i: int, g: int) -> int:
        """Score change of moving i to g (applied then undone)."""
        a = self.where[i]
        before = self.score()
        self._place(i, g)
        after = self.score()
        self._place(i, a)
        return after - before

    def _try_swap(self, i: int, j: int) -> int:
        self._tick()
        a, b = self.where[i], self.where[j]
        before = self.score()
        self._place(i, -1)
        self._place(j, a)
        self._place(i, b)
        after = self.score()
        self._place(i, -1)
        self._place(j, b)
        self._place(i, a)
        return after - before

    # -- search ------------------------------------------------------------------------------
    def run(
        self,
        *,
        deadline: float,
        max_steps: int,
        restarts: bool,
        start: Mapping[str, str] | None = None,
    ) -> None:
        self.deadline = deadline
        self.max_steps = max_steps
        if start is None:
            self._start()
        else:
            group_of = {group.id: g for g, group in enumerate(self.groups)}
            for i, candidate in enumerate(self.free):
                if candidate.id in start:
                    self._place(i, group_of[start[candidate.id]])
        self.best_score = self.score()
        self.best_where = list(self.where)
        try:
            self._descend()
            self._keep_best()
            while restarts and self.free:
                self._tick()  # every round costs at least one step, even without any move
                self._restore_best()
                self._perturb()
                self._descend()
                self._keep_best()
        except _Budget:
            self._keep_best()

    def _start(self) -> None:
        for g, indexes in enumerate(minimum_filling(self.problem)):
            for index in indexes:
                self._place(self.free_index[index], g)
        order = [i for i in range(len(self.free)) if self.where[i] < 0]
        self.random.shuffle(order)
        for i in order:
            best_g, best_gain = -1, 0
            for g in self.options[i]:
                if not self._can_enter(g):
                    continue
                change = self._delta(i, g)
                if change > best_gain:
                    best_g, best_gain = g, change
            self._place(i, best_g)

    def _keep_best(self) -> None:
        current = self.score()
        if current > self.best_score:
            self.best_score = current
            self.best_where = list(self.where)

    def _restore_best(self) -> None:
        for i in range(len(self.free)):
            self._place(i, -1)
        for i, g in enumerate(self.best_where):
            if g >= 0:
                self._place(i, g)

    def _descend(self) -> None:
        improved = True
        while improved:
            moved = self._moves()
            swapped = self._swaps()
            improved = moved or swapped

    def _moves(self) -> bool:
        improved = False
        order = list(range(len(self.free)))
        self.random.shuffle(order)
        order.sort(key=lambda i: -self.penalties[self.where[i]] if self.where[i] >= 0 else 0)
        for i in order:
            a = self.where[i]
            if not self._can_leave(a):
                continue
            best_g, best_change = a, 0
            for g in self._targets(i):
                if g == a or not self._can_enter(g):
                    continue
                change = self._try_move(i, g)
                if change > best_change:
                    best_g, best_change = g, change
            if best_g != a:
                self._place(i, best_g)
                improved = True
        return improved

    def _targets(self, i: int) -> list[int]:
        """Groups worth trying for i: those earning at most one wish rank less than now, at most
        MOVE_TARGETS of them (at random), and out."""
        a = self.where[i]
        floor = (self.gain[i][a] if a >= 0 else 0) - SCALE * self.problem.weights.wish
        targets = [g for g in self.options[i] if self.gain[i][g] >= floor]
        if len(targets) > MOVE_TARGETS:
            targets = self.random.sample(targets, MOVE_TARGETS)
        return [*targets, -1]

    def _swaps(self) -> bool:
        """Swap members of the worst groups with anybody whose group fits them."""
        ranked = sorted(range(len(self.groups)), key=lambda g: -self.penalties[g])
        others = list(range(len(self.free)))
        self.random.shuffle(others)
        improved = False
        for g in ranked[:3]:
            for i in sorted(self.members[g]):
                start = self.random.randrange(len(others))
                for j in (others[start:] + others[:start])[:SWAP_PARTNERS]:
                    if self.where[i] != g:
                        break
                    b = self.where[j]
                    if b == g or (b >= 0 and b not in self.gain[i]) or g not in self.gain[j]:
                        continue
                    if self._try_swap(i, j) > 0:
                        self._place(i, -1)
                        self._place(j, g)
                        self._place(i, b)
                        improved = True
        return improved

    def _perturb(self) -> None:
        """A few random feasible moves and swaps, to leave a local optimum."""
        count = max(2, len(self.free) // 20)
        for _ in range(count):
            i = self.random.randrange(len(self.free)) if self.free else 0
            if not self.free:
                return
            a = self.where[i]
            j = self.random.randrange(len(self.free))
            b = self.where[j]
            if a != b and (b < 0 or b in self.gain[i]) and (a < 0 or a in self.gain[j]):
                self._place(i, -1)
                self._place(j, a)
                self._place(i, b)
            elif self.options[i]:
                g = self.random.choice(self.options[i])
                if g != a and self._can_leave(a) and self._can_enter(g):
                    self._place(i, g)

    def best_assignment(self) -> dict[str, str]:
        assignment = {member_id: group.id for group in self.groups for member_id in group.fixed}
        for i, g in enumerate(self.best_where):
            if g >= 0:
                assignment[self.free[i].id] = self.groups[g].id
        return assignment
