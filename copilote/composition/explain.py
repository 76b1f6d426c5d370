"""Explanations of a composition in plain French: per group, each criterion's value and whether it
meets its target; per candidate left out, why; for a problem without composition, the causes.

Pure Python (no Django import); computed from problem.py's own numbers, so the explanation and the
solver never disagree. The text is French on purpose: it is shown as is to the programme lead
(the command line and the page), like the kit's own wording.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from copilote.composition.problem import (
    BALANCED_KINDS,
    SCALE,
    Candidate,
    Group,
    GroupTally,
    Kind,
    Pool,
    Problem,
    eligible,
    free_candidates,
    price,
    share_excess,
    tallies,
    wish_rank,
)
from copilote.composition.solver import Solution, Status

KIND_LABELS = {Kind.ASSOCIATION.value: "associations", Kind.COMPANY.value: "entreprises"}


@dataclass(frozen=True)
class Criterion:
    label: str
    value: str
    target: str
    met: bool


@dataclass(frozen=True)
class GroupReport:
    group_id: str
    name: str
    theme: str
    size: int
    fixed: int
    criteria: tuple[Criterion, ...]
    #: The group's penalty in points (0: every target met, wishes included).
    penalty: float
    worst: bool

    @property
    def balanced(self) -> bool:
        return all(criterion.met for criterion in self.criteria)


@dataclass(frozen=True)
class LeftOut:
    candidate_id: str
    name: str
    reason: str


@dataclass(frozen=True)
class Explanation:
    status: str
    summary: str
    groups: tuple[GroupReport, ...]
    left_out: tuple[LeftOut, ...]
    #: Why there is no composition (empty when there is one).
    reasons: tuple[str, ...]


def status_label(solution: Solution) -> str:
    if solution.status is Status.OPTIMAL:
        return "optimale (prouvée)"
    if solution.status is Status.FEASIBLE:
        if solution.gap is not None:
            return f"réalisable (au plus {percent(solution.gap)} de la meilleure possible)"
        return "réalisable (heuristique, sans preuve d'optimalité)"
    return "impossible"


def percent(ratio: float) -> str:
    return f"{100 * ratio:.1f} %".replace(".", ",")


def explain(problem: Problem, solution: Solution) -> Explanation:
    if not solution.found:
        return Explanation(
            status=status_label(solution),
            summary="Aucune composition ne respecte les règles : " + " ".join(solution.reasons),
            groups=(),
            left_out=(),
            reasons=solution.reasons,
        )
    pool = Pool.of(problem)
    themes = theme_labels(problem)
    by_id = {candidate.id: candidate for candidate in problem.candidates}
    group_tallies = tallies(problem, solution.assignment)
    prices = {group_id: price(pool, tally) for group_id, tally in group_tallies.items()}
    worst = max((p.penalty for p in prices.values()), default=0)
    reports = []
    for group in problem.groups:
        members = [
            by_id[candidate_id]
            for candidate_id, group_id in solution.assignment.items()
            if group_id == group.id
        ]
        penalty = prices[group.id].penalty
        reports.append(
            GroupReport(
                group_id=group.id,
                name=group.name,
                theme=themes.get(group.theme, group.theme),
                size=len(members),
                fixed=len(group.fixed),
                criteria=criteria(problem, pool, group, members, group_tallies[group.id], themes),
                penalty=penalty / SCALE,
                worst=penalty == worst and worst > 0,
            )
        )
    left = [
        LeftOut(
            candidate_id=candidate.id,
            name=candidate.name,
            reason=left_out_reason(problem, solution.assignment, candidate, themes),
        )
        for candidate in free_candidates(problem)
        if candidate.id not in solution.assignment
    ]
    placed = len(solution.assignment)
    summary = (
        f"Composition {status_label(solution)} : {placed} personne(s) dans "
        f"{len(problem.groups)} groupe(s), {len(left)} laissée(s) de côté, "
        f"{sum(report.balanced for report in reports)} groupe(s) sur {len(reports)} "
        "atteignent tous leurs objectifs."
    )
    return Explanation(
        status=status_label(solution),
        summary=summary,
        groups=tuple(reports),
        left_out=tuple(left),
        reasons=(),
    )


def theme_labels(problem: Problem) -> dict[str, str]:
    return {group.theme: group.theme_label or group.theme for group in problem.groups}


def criteria(
    problem: Problem,
    pool: Pool,
    group: Group,
    members: list[Candidate],
    tally: GroupTally,
    themes: Mapping[str, str],
) -> tuple[Criterion, ...]:
    targets = problem.targets
    tolerance = targets.share_tolerance
    size = tally.size
    result = [
        Criterion(
            label="Taille",
            value=f"{size} membre(s) dont {len(group.fixed)} fixé(s)",
            target=f"entre {group.min_size} et {group.max_size}",
            met=group.min_size <= size <= group.max_size,
        )
    ]
    fixed = set(group.fixed)
    placed = [member for member in members if member.id not in fixed]
    ranks: dict[str, int] = {}
    outside = 0
    for member in placed:
        if not member.wishes:
            ranks["sans vœu"] = ranks.get("sans vœu", 0) + 1
            continue
        rank = wish_rank(member, group.theme)
        if rank is None:
            outside += 1
        else:
            key = "1er vœu" if rank == 0 else f"{rank + 1}e vœu"
            ranks[key] = ranks.get(key, 0) + 1
    parts = [
        f"{count} au {key}" if key != "sans vœu" else f"{count} sans vœu"
        for key, count in sorted(ranks.items())
    ]
    if outside:
        parts.append(f"{outside} hors de leurs vœux")
    result.append(
        Criterion(
            label="Vœux",
            value=", ".join(parts) or "personne de placé",
            target="chacun dans une thématique demandée",
            met=outside == 0,
        )
    )
    if pool.communes.percent:
        excess = sum(
            share_excess(tally.communes.get(key, 0), size, share, tolerance)
            for key, share in pool.communes.percent.items()
        )
        result.append(
            Criterion(
                label="Communes",
                value=", ".join(
                    f"{key} {tally.communes.get(key, 0)}" for key in pool.communes.percent
                ),
                target=f"à {tolerance} personne(s) près de la part du vivier ("
                + ", ".join(f"{key} {share} %" for key, share in pool.communes.percent.items())
                + ")",
                met=excess == 0,
            )
        )
    if pool.kinds.percent:
        excess = sum(
            share_excess(tally.kinds.get(key, 0), size, share, tolerance)
            for key, share in pool.kinds.percent.items()
        )
        result.append(
            Criterion(
                label="Associations et entreprises",
                value=", ".join(
                    f"{tally.kinds.get(kind.value, 0)} {KIND_LABELS[kind.value]}"
                    for kind in BALANCED_KINDS
                ),
                target=f"à {tolerance} personne(s) près de la part du vivier ("
                + ", ".join(
                    f"{KIND_LABELS[key]} {share} %" for key, share in pool.kinds.percent.items()
                )
                + ")",
                met=excess == 0,
            )
        )
    levels = sorted(level for level, count in tally.levels.items() if count > 0)
    if any(candidate.maturity is not None for candidate in problem.candidates):
        spread = tally.spread()
        value = (
            f"niveaux {levels[0]} à {levels[-1]} (écart {spread})"
            if len(levels) > 1
            else (f"niveau {levels[0]}" if levels else "non renseignée")
        )
        result.append(
            Criterion(
                label="Maturité",
                value=value,
                target=f"écart de {targets.maturity_spread} niveau(x) au plus",
                met=spread <= targets.maturity_spread,
            )
        )
    del themes
    return tuple(result)


def left_out_reason(
    problem: Problem,
    assignment: Mapping[str, str],
    candidate: Candidate,
    themes: Mapping[str, str],
) -> str:
    open_to = [group for group in problem.groups if eligible(candidate, group)]
    if not open_to:
        return "a refusé toutes les thématiques qui ont un groupe."
    sizes: dict[str, int] = {}
    for group_id in assignment.values():
        sizes[group_id] = sizes.get(group_id, 0) + 1
    with_room = [group for group in open_to if sizes.get(group.id, 0) < group.max_size]
    wished = [group for group in open_to if group.theme in candidate.wishes]
    if candidate.wishes and not wished:
        asked = ", ".join(themes.get(theme, theme) for theme in candidate.wishes)
        if not with_room:
            return f"aucun groupe pour ses vœux ({asked}) et les autres groupes sont complets."
        return (
            f"aucun groupe pour ses vœux ({asked}) ; le placer ailleurs déséquilibrerait "
            f"{names(with_room)} plus qu'il ne rapporte."
        )
    if not with_room:
        return f"les groupes qui lui conviennent sont complets ({names(open_to)})."
    return (
        f"les groupes qui ont encore de la place ({names(with_room)}) seraient déséquilibrés "
        "par son arrivée plus qu'ils n'y gagnent."
    )


def names(groups: list[Group]) -> str:
    shown = [f"« {group.name} »" for group in groups[:4]]
    if len(groups) > 4:
        shown.append(f"et {len(groups) - 4} autre(s)")
    return ", ".join(shown)
