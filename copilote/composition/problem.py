"""The composition problem: who can go in which working group, and how good a composition is.

Pure Python (no Django import), shared by the exact solver (solver.py), the heuristic
(heuristic.py) and the explanations (explain.py), so that the three agree on every number.

A composition places candidates into groups. Hard rules: each group's size stays between its
minimum and maximum (fixed members included), a candidate is in at most one group, fixed members
(the co-lead pair, confirmed members) stay where they are, nobody is placed in a theme they refused.
Soft rules, as one score to maximise (points, the higher the better):

- every placed candidate earns ``placed`` points, plus ``wish`` points per rank step for a theme
  they asked for (first wish: ``wish × WISH_DEPTH``; no wish stated: as a first wish);
- each group loses points when a commune's share among its members strays from the pool's share by
  more than ``share_tolerance`` persons, the same for associations and companies, and when its
  maturity spread (highest minus lowest level) exceeds ``maturity_spread``;
- the worst group (the largest penalty, wishes missed included) loses ``worst`` times its penalty
  once more, so that no group is sacrificed to the others (max-min).

Fixed members count in sizes and in every balance. Scores are integers scaled by ``SCALE`` inside;
the public numbers are in points (``score / SCALE``).
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

#: Integer scale of the internal score (shares are measured in hundredths of a person).
SCALE = 100
#: How many ranks of wishes earn points (first wish: 3 steps, second: 2, third: 1).
WISH_DEPTH = 3


class Kind(enum.StrEnum):
    ASSOCIATION = "association"
    COMPANY = "company"
    OTHER = "other"


#: The kinds whose shares are balanced in each group.
BALANCED_KINDS: tuple[Kind, ...] = (Kind.ASSOCIATION, Kind.COMPANY)


@dataclass(frozen=True)
class Candidate:
    id: str
    kind: Kind = Kind.OTHER
    commune: str | None = None
    #: Maturity level (e.g. 1 = découverte … 3 = partenariats déjà engagés); None = unknown.
    maturity: int | None = None
    #: Theme ids by preference, first = preferred.
    wishes: tuple[str, ...] = ()
    refused: frozenset[str] = frozenset()
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.id


@dataclass(frozen=True)
class Group:
    id: str
    theme: str
    min_size: int
    max_size: int
    #: Candidate ids that stay in this group (co-lead pair, confirmed members).
    fixed: tuple[str, ...] = ()
    label: str = ""
    theme_label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.id


@dataclass(frozen=True)
class Weights:
    placed: int = 10
    wish: int = 2
    commune: int = 3
    kind: int = 3
    maturity: int = 3
    worst: int = 1


@dataclass(frozen=True)
class Targets:
    #: A share is on target when the count is within this many persons of the pool's share.
    share_tolerance: int = 1
    #: Highest minus lowest maturity level allowed in a group without penalty.
    maturity_spread: int = 1


@dataclass(frozen=True)
class Problem:
    candidates: tuple[Candidate, ...]
    groups: tuple[Group, ...]
    weights: Weights = field(default_factory=Weights)
    targets: Targets = field(default_factory=Targets)


def problems_in(problem: Problem) -> list[str]:
    """Why the problem has no composition at all, in plain French (empty list: it has one).

    The checks are complete: when they pass, filling every group's minimum is a bipartite
    matching that exists, and any such filling respects every hard rule.
    """
    issues: list[str] = []
    by_id = {candidate.id: candidate for candidate in problem.candidates}
    if len(by_id) != len(problem.candidates):
        counts = Counter(candidate.id for candidate in problem.candidates)
        twice = sorted(key for key, count in counts.items() if count > 1)
        issues.append(f"Candidats en double dans la liste : {', '.join(twice)}.")
    group_ids = Counter(group.id for group in problem.groups)
    for group_id, count in sorted(group_ids.items()):
        if count > 1:
            issues.append(f"Le groupe « {group_id} » apparaît {count} fois.")
    fixed_in: dict[str, list[Group]] = {}
    for group in problem.groups:
        if group.min_size < 0 or group.max_size < 0:
            issues.append(f"Le groupe « {group.name} » a une taille négative.")
        if group.min_size > group.max_size:
            issues.append(
                f"Le groupe « {group.name} » demande au moins {group.min_size} membres "
                f"mais au plus {group.max_size}."
            )
        if len(group.fixed) > group.max_size:
            issues.append(
                f"Le groupe « {group.name} » a {len(group.fixed)} membres fixés "
                f"pour {group.max_size} places au plus."
            )
        for member_id in dict.fromkeys(group.fixed):
            fixed_in.setdefault(member_id, []).append(group)
            member = by_id.get(member_id)
            if member is None:
                issues.append(
                    f"Le membre fixé « {member_id} » du groupe « {group.name} » "
                    "n'est pas parmi les candidats."
                )
            elif group.theme in member.refused:
                issues.append(
                    f"{member.name} est fixé(e) dans le groupe « {group.name} » "
                    "dont la thématique a été refusée."
                )
    for member_id, groups in sorted(fixed_in.items()):
        if len(groups) > 1:
            name = by_id[member_id].name if member_id in by_id else member_id
            names = " et ".join(f"« {group.name} »" for group in groups)
            issues.append(f"{name} est fixé(e) dans plusieurs groupes : {names}.")
    if issues:
        return issues
    shortfall = minimum_shortfall(problem)
    if shortfall:
        free = len(free_candidates(problem))
        needed = sum(max(0, g.min_size - len(g.fixed)) for g in problem.groups)
        if needed > free:
            issues.append(
                f"Trop peu de candidats : il faut au moins {needed} personnes de plus pour "
                f"atteindre la taille minimale de chaque groupe, il y en a {free}."
            )
        else:
            for group, missing in shortfall.items():
                issues.append(
                    f"Le groupe « {group.name} » ne peut pas atteindre sa taille minimale "
                    f"({group.min_size}) : il manque {missing} personne(s) qui acceptent "
                    "sa thématique sans être déjà nécessaires ailleurs."
                )
    return issues


def free_candidates(problem: Problem) -> list[Candidate]:
    """Candidates who are not fixed in a group: the ones the composition places."""
    fixed = {member for group in problem.groups for member in group.fixed}
    return [candidate for candidate in problem.candidates if candidate.id not in fixed]


def eligible(candidate: Candidate, group: Group) -> bool:
    return group.theme not in candidate.refused


def minimum_shortfall(problem: Problem) -> dict[Group, int]:
    """Groups whose minimum cannot be reached (maximum bipartite b-matching), with how many miss."""
    fill = minimum_filling(problem)
    shortfall: dict[Group, int] = {}
    for index, group in enumerate(problem.groups):
        missing = max(0, group.min_size - len(group.fixed)) - len(fill[index])
        if missing > 0:
            shortfall[group] = missing
    return shortfall


def minimum_filling(problem: Problem) -> list[list[int]]:
    """A largest way to fill every group up to its minimum: per group, candidate indexes.

    Greedy (the most constrained candidates first) then augmenting paths for what is left.
    Indexes are positions in ``problem.candidates``; only free candidates are used.
    """
    groups = problem.groups
    candidates = problem.candidates
    need = [max(0, group.min_size - len(group.fixed)) for group in groups]
    fixed = {member for group in groups for member in group.fixed}
    options: dict[int, list[int]] = {}
    for c_index, candidate in enumerate(candidates):
        if candidate.id in fixed:
            continue
        options[c_index] = [
            g_index for g_index, group in enumerate(groups) if eligible(candidate, group)
        ]
    fill: list[list[int]] = [[] for _ in groups]
    owner: dict[int, int] = {}
    for c_index in sorted(options, key=lambda index: (len(options[index]), index)):
        open_groups = [g for g in options[c_index] if len(fill[g]) < need[g]]
        if open_groups:
            target = max(open_groups, key=lambda g: (need[g] - len(fill[g]), -g))
            fill[target].append(c_index)
            owner[c_index] = target
    # Augmenting paths: group (short) <- candidate (moves from its group) <- … <- free candidate.
    for g_index, group in enumerate(groups):
        while len(fill[g_index]) < need[g_index]:
            if not _augment(g_index, options, fill, owner, need):
                break
        del group
    return fill


def _augment(
    start: int,
    options: Mapping[int, list[int]],
    fill: list[list[int]],
    owner: dict[int, int],
    need: list[int],
) -> bool:
    eligible_for: dict[int, list[int]] = {}
    for c_index, groups in options.items():
        for g_index in groups:
            eligible_for.setdefault(g_index, []).append(c_index)
    # BFS over groups; an edge group g -> candidate c (eligible for g) -> c's current group.
    parent: dict[int, tuple[int, int]] = {}
    seen_groups = {start}
    frontier = [start]
    while frontier:
        next_frontier: list[int] = []
        for g_index in frontier:
            for c_index in eligible_for.get(g_index, []):
                current = owner.get(c_index)
                if current == g_index:
                    continue
                if current is None:
                    # Found a free candidate: shift along the path.
                    _shift(g_index, c_index, parent, fill, owner)
                    return True
                if current not in seen_groups:
                    seen_groups.add(current)
                    parent[current] = (g_index, c_index)
                    next_frontier.append(current)
        frontier = next_frontier
    return False


def _shift(
    g_index: int,
    c_index: int,
    parent: Mapping[int, tuple[int, int]],
    fill: list[list[int]],
    owner: dict[int, int],
) -> None:
    while True:
        previous = owner.get(c_index)
        if previous is not None:
            fill[previous].remove(c_index)
        fill[g_index].append(c_index)
        owner[c_index] = g_index
        if g_index not in parent:
            return
        g_index, c_index = parent[g_index]


@dataclass(frozen=True)
class Shares:
    """Pool shares per category of one attribute, in hundredths (rounded)."""

    percent: Mapping[str, int]

    @classmethod
    def of(cls, values: Iterable[str | None], categories: Iterable[str] | None = None) -> Shares:
        values = list(values)
        total = len(values)
        counts = Counter(value for value in values if value is not None)
        keys = sorted(counts) if categories is None else list(categories)
        if total == 0 or len([key for key in keys if counts.get(key)]) < 2:
            return cls(percent={})
        return cls(percent={key: round(SCALE * counts.get(key, 0) / total) for key in keys})


@dataclass(frozen=True)
class Pool:
    """What the score needs about the pool, computed once."""

    problem: Problem
    communes: Shares
    kinds: Shares

    @classmethod
    def of(cls, problem: Problem) -> Pool:
        return cls(
            problem=problem,
            communes=Shares.of(candidate.commune for candidate in problem.candidates),
            kinds=Shares.of(
                (candidate.kind.value for candidate in problem.candidates),
                categories=[kind.value for kind in BALANCED_KINDS],
            ),
        )


def wish_rank(candidate: Candidate, theme: str) -> int | None:
    """0 for the first wish, 1 for the second…; None when the theme is not among the wishes."""
    try:
        return candidate.wishes.index(theme)
    except ValueError:
        return None


def wish_steps(candidate: Candidate, theme: str) -> int:
    """Rank steps earned by placing the candidate in this theme (WISH_DEPTH for a first wish)."""
    if not candidate.wishes:
        return WISH_DEPTH
    rank = wish_rank(candidate, theme)
    if rank is None:
        return 0
    return max(0, WISH_DEPTH - rank)


def utility(problem: Problem, candidate: Candidate, group: Group) -> int:
    """Scaled points earned by placing the candidate in the group."""
    weights = problem.weights
    return SCALE * (weights.placed + weights.wish * wish_steps(candidate, group.theme))


def wish_miss(problem: Problem, candidate: Candidate, group: Group) -> int:
    """Scaled wish points the candidate misses in this group (0 when in their first wish)."""
    return SCALE * problem.weights.wish * (WISH_DEPTH - wish_steps(candidate, group.theme))


def share_range(size: int, percent: int, tolerance: int) -> tuple[int, int]:
    """The counts on target in a group of this size: within the tolerance of the share."""
    low = -(-(percent * size - SCALE * tolerance) // SCALE)
    high = (percent * size + SCALE * tolerance) // SCALE
    return max(0, low), min(size, high)


def share_excess(count: int, size: int, percent: int, tolerance: int) -> int:
    """Whole persons between a count and the range on target (0 when on target)."""
    low, high = share_range(size, percent, tolerance)
    return max(0, low - count, count - high)


@dataclass
class GroupTally:
    """Counts of one group's members, enough to price it (updated by the heuristic)."""

    size: int = 0
    communes: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    levels: Counter[int] = field(default_factory=Counter)
    missed: int = 0

    def add(self, candidate: Candidate, miss: int, sign: int = 1) -> None:
        self.size += sign
        if candidate.commune is not None:
            self.communes[candidate.commune] += sign
        self.kinds[candidate.kind.value] += sign
        if candidate.maturity is not None:
            self.levels[candidate.maturity] += sign
        self.missed += sign * miss

    def spread(self) -> int:
        present = [level for level, count in self.levels.items() if count > 0]
        return max(present) - min(present) if present else 0


@dataclass(frozen=True)
class GroupPrice:
    commune: int
    kind: int
    maturity: int
    missed: int

    @property
    def balance(self) -> int:
        return self.commune + self.kind + self.maturity

    @property
    def penalty(self) -> int:
        return self.balance + self.missed


def price(pool: Pool, tally: GroupTally) -> GroupPrice:
    weights = pool.problem.weights
    tolerance = pool.problem.targets.share_tolerance
    commune = sum(
        share_excess(tally.communes.get(key, 0), tally.size, percent, tolerance)
        for key, percent in pool.communes.percent.items()
    )
    kind = sum(
        share_excess(tally.kinds.get(key, 0), tally.size, percent, tolerance)
        for key, percent in pool.kinds.percent.items()
    )
    maturity = SCALE * max(0, tally.spread() - pool.problem.targets.maturity_spread)
    return GroupPrice(
        commune=weights.commune * SCALE * commune,
        kind=weights.kind * SCALE * kind,
        maturity=weights.maturity * maturity,
        missed=tally.missed,
    )


def tallies(problem: Problem, assignment: Mapping[str, str]) -> dict[str, GroupTally]:
    """Per group id, the tally of its members: fixed members plus the assignment's."""
    by_id = {candidate.id: candidate for candidate in problem.candidates}
    groups = {group.id: group for group in problem.groups}
    result = {group.id: GroupTally() for group in problem.groups}
    for group in problem.groups:
        for member_id in group.fixed:
            result[group.id].add(by_id[member_id], 0)
    fixed = {member for group in problem.groups for member in group.fixed}
    for candidate_id, group_id in assignment.items():
        if candidate_id in fixed:
            continue
        candidate = by_id[candidate_id]
        group = groups[group_id]
        result[group_id].add(candidate, wish_miss(problem, candidate, group))
    return result


def score(problem: Problem, assignment: Mapping[str, str], pool: Pool | None = None) -> int:
    """The scaled score of an assignment (free candidate id -> group id); fixed members implied."""
    pool = pool or Pool.of(problem)
    by_id = {candidate.id: candidate for candidate in problem.candidates}
    groups = {group.id: group for group in problem.groups}
    fixed = {member for group in problem.groups for member in group.fixed}
    gained = sum(
        utility(problem, by_id[candidate_id], groups[group_id])
        for candidate_id, group_id in assignment.items()
        if candidate_id not in fixed
    )
    prices = [price(pool, tally) for tally in tallies(problem, assignment).values()]
    worst = max((p.penalty for p in prices), default=0)
    return gained - sum(p.balance for p in prices) - problem.weights.worst * worst


def violations(problem: Problem, assignment: Mapping[str, str]) -> list[str]:
    """Hard rules an assignment breaks (empty: it is a valid composition). For tests and guards."""
    broken: list[str] = []
    by_id = {candidate.id: candidate for candidate in problem.candidates}
    groups = {group.id: group for group in problem.groups}
    fixed_at = {member: group.id for group in problem.groups for member in group.fixed}
    for candidate_id, group_id in assignment.items():
        if candidate_id not in by_id:
            broken.append(f"unknown candidate {candidate_id}")
            continue
        if group_id not in groups:
            broken.append(f"unknown group {group_id}")
            continue
        if candidate_id in fixed_at and fixed_at[candidate_id] != group_id:
            broken.append(f"fixed member {candidate_id} moved")
        if not eligible(by_id[candidate_id], groups[group_id]):
            broken.append(f"{candidate_id} in refused theme")
    sizes = Counter(group_id for group_id in assignment.values())
    for member_id, group_id in fixed_at.items():
        if assignment.get(member_id, group_id) == group_id and member_id not in assignment:
            sizes[group_id] += 1
    for group in problem.groups:
        if not group.min_size <= sizes[group.id] <= group.max_size:
            broken.append(f"group {group.id} has {sizes[group.id]} members")
    return broken
