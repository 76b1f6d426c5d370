"""Reads for the composition pages: the current groups and a proposal side by side."""

from __future__ import annotations

from dataclasses import dataclass, field

from copilote.composition import adapter
from copilote.composition.explain import Explanation, GroupReport, explain
from copilote.composition.models import CompositionProposal
from copilote.composition.problem import Kind, Problem, wish_rank

KIND_LABELS = {Kind.ASSOCIATION: "association", Kind.COMPANY: "entreprise", Kind.OTHER: "autre"}


@dataclass
class Person:
    id: str
    name: str
    kind: str
    commune: str
    maturity: int | None
    wish: str
    fixed: bool = False
    new: bool = False


@dataclass
class Column:
    report: GroupReport | None
    people: list[Person] = field(default_factory=list)


@dataclass
class GroupRow:
    id: str
    name: str
    current: Column
    proposed: Column | None
    accepted: bool = False


def recent_proposals(programme, limit: int = 5):
    return CompositionProposal.objects.filter(programme=programme).defer(
        "problem", "assignment", "explanation"
    )[:limit]


def current_composition(programme) -> tuple[Problem, dict[str, str], Explanation]:
    """The groups as they are now, explained with the same criteria as a proposal."""
    problem, current = adapter.build_problem(programme)
    solution = adapter.as_solution(current, objective=None, bound=None)
    return problem, current, explain(problem, solution)


def _wish(problem_candidate, theme: str) -> str:
    if not problem_candidate.wishes:
        return "sans vœu"
    rank = wish_rank(problem_candidate, theme)
    if rank is None:
        return "hors vœux"
    return "1er vœu" if rank == 0 else f"{rank + 1}e vœu"


def _people(
    problem: Problem, assignment: dict[str, str], group_id: str, before=None
) -> list[Person]:
    groups = {g.id: g for g in problem.groups}
    fixed = {member for g in problem.groups for member in g.fixed}
    theme = groups[group_id].theme
    people = [
        Person(
            id=c.id,
            name=c.name,
            kind=KIND_LABELS[c.kind],
            commune=c.commune or "—",
            maturity=c.maturity,
            wish=_wish(c, theme),
            fixed=c.id in fixed,
            new=before is not None and before.get(c.id) != group_id,
        )
        for c in problem.candidates
        if assignment.get(c.id) == group_id
    ]
    return sorted(people, key=lambda p: (not p.fixed, p.name))


def side_by_side(programme, proposal: CompositionProposal | None) -> list[GroupRow]:
    """Per group of the programme: its members and balance now, and in the proposal."""
    problem, current, explanation = current_composition(programme)
    reports = {report.group_id: report for report in explanation.groups}
    rows = {
        g.id: GroupRow(
            id=g.id,
            name=g.name,
            current=Column(reports.get(g.id), _people(problem, current, g.id)),
            proposed=None,
        )
        for g in problem.groups
    }
    if proposal is not None and proposal.found:
        snapshot = adapter.problem_from_data(proposal.problem)
        proposed = adapter.explanation_from_data(proposal.explanation)
        proposed_reports = {report.group_id: report for report in proposed.groups}
        for group in snapshot.groups:
            row = rows.get(group.id)
            if row is None:  # deleted since: shown from the snapshot only
                row = rows[group.id] = GroupRow(group.id, group.name, Column(None), None)
            row.proposed = Column(
                proposed_reports.get(group.id),
                _people(snapshot, proposal.assignment, group.id, before=current),
            )
            row.accepted = group.id in proposal.accepted_groups
    return list(rows.values())
