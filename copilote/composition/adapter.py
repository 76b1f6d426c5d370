"""Between the database and the pure solver: a programme's candidates and working groups as a
``problem.Problem``, and the problem, the solution and the explanation as JSON for the proposal.

Candidate ids are ``workgroups.Candidate`` primary keys as text; group ids are the groups' slugs;
themes are the themes' slugs. Sizes: a working group's ``size_min``–``size_max`` count its
participants, so the co-lead pair is added to both bounds (the solver counts fixed members).

Fixed members (they stay where they are, and count in every balance): the co-lead pair, members
who attended a meeting (their attendance is kept), and confirmed members unless the lead allowed
moving them (``move_confirmed``). Members only considered (« pressentis ») may be moved or left
out by the proposal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from django.db.models import Prefetch

from copilote.actors.models import Maturity, OrganisationKind
from copilote.composition.explain import Criterion, Explanation, GroupReport, LeftOut
from copilote.composition.problem import Candidate, Group, Kind, Problem, Targets, Weights
from copilote.composition.solver import Method, Solution, Status, gap_of

KINDS = {
    OrganisationKind.ASSOCIATION.value: Kind.ASSOCIATION,
    OrganisationKind.COMPANY.value: Kind.COMPANY,
}
#: Maturity levels, from the directory's values (débutant 1 … expérimenté 3).
LEVELS = {value: level for level, value in enumerate(Maturity.values, start=1)}


def build_problem(
    programme, *, move_confirmed: bool = False, include_closed: bool = False
) -> tuple[Problem, dict[str, str]]:
    """The programme's composition problem and where each member is now (candidate id -> group
    id). Reads in a fixed number of queries, whatever the number of candidates and groups.
    Closed groups and their members take no part, unless ``include_closed`` (a dry run that
    replays how groups already closed could have been composed)."""
    from copilote.workgroups.models import Attendance, GroupStatus, Member, ThemeWish
    from copilote.workgroups.models import Candidate as Row

    shut = [] if include_closed else [GroupStatus.CLOSED]
    closed = Member.objects.filter(programme=programme, group__status__in=shut)
    rows = list(
        Row.objects.filter(programme=programme)
        .exclude(pk__in=closed.values("candidate_id"))
        .select_related("person", "commune")
        .prefetch_related(
            Prefetch(
                "wishes", queryset=ThemeWish.objects.select_related("theme").order_by("rank", "id")
            ),
            "refused_themes",
        )
        .order_by("pk")
    )
    groups = list(
        programme.working_groups.exclude(status__in=shut)
        .select_related("theme")
        .order_by("position", "id")
    )
    members = list(
        Member.objects.filter(programme=programme)
        .exclude(group__status__in=shut)
        .only("pk", "group_id", "candidate_id", "role", "confirmed")
    )
    attended = set(
        Attendance.objects.filter(member__programme=programme, present=True).values_list(
            "member_id", flat=True
        )
    )
    slug_of = {group.pk: group.slug for group in groups}
    current = {str(m.candidate_id): slug_of[m.group_id] for m in members}
    fixed: dict[str, list[str]] = {group.slug: [] for group in groups}
    coleads: dict[str, int] = {group.slug: 0 for group in groups}
    for member in sorted(members, key=lambda m: m.pk):
        slug = slug_of[member.group_id]
        colead = member.role == "colead"
        if colead:
            coleads[slug] += 1
        if colead or member.pk in attended or (member.confirmed and not move_confirmed):
            fixed[slug].append(str(member.candidate_id))
    candidates = tuple(
        Candidate(
            id=str(row.pk),
            kind=KINDS.get(row.kind, Kind.OTHER),
            commune=row.commune.name if row.commune_id else None,
            maturity=LEVELS.get(row.maturity),
            wishes=tuple(wish.theme.slug for wish in row.wishes.all()),
            refused=frozenset(theme.slug for theme in row.refused_themes.all()),
            label=row.full_name,
        )
        for row in rows
    )
    problem = Problem(
        candidates=candidates,
        groups=tuple(
            Group(
                id=group.slug,
                theme=group.theme.slug,
                min_size=group.size_min + coleads[group.slug],
                max_size=group.size_max + coleads[group.slug],
                fixed=tuple(fixed[group.slug]),
                label=group.name,
                theme_label=group.theme.name,
            )
            for group in groups
        ),
    )
    return problem, current


# JSON ------------------------------------------------------------------------------------------


def problem_to_data(problem: Problem, current: Mapping[str, str]) -> dict[str, Any]:
    return {
        "candidates": [
            {
                **asdict(c),
                "kind": c.kind.value,
                "wishes": list(c.wishes),
                "refused": sorted(c.refused),
            }
            for c in problem.candidates
        ],
        "groups": [{**asdict(g), "fixed": list(g.fixed)} for g in problem.groups],
        "weights": asdict(problem.weights),
        "targets": asdict(problem.targets),
        "current": dict(current),
    }


def problem_from_data(data: Mapping[str, Any]) -> Problem:
    return Problem(
        candidates=tuple(
            Candidate(
                id=c["id"],
                kind=Kind(c["kind"]),
                commune=c["commune"],
                maturity=c["maturity"],
                wishes=tuple(c["wishes"]),
                refused=frozenset(c["refused"]),
                label=c["label"],
            )
            for c in data.get("candidates", [])
        ),
        groups=tuple(
            Group(
                id=g["id"],
                theme=g["theme"],
                min_size=g["min_size"],
                max_size=g["max_size"],
                fixed=tuple(g["fixed"]),
                label=g["label"],
                theme_label=g["theme_label"],
            )
            for g in data.get("groups", [])
        ),
        weights=Weights(**data.get("weights", {})),
        targets=Targets(**data.get("targets", {})),
    )


def explanation_to_data(explanation: Explanation) -> dict[str, Any]:
    return asdict(explanation)


def explanation_from_data(data: Mapping[str, Any]) -> Explanation:
    return Explanation(
        status=data["status"],
        summary=data["summary"],
        groups=tuple(
            GroupReport(
                **{
                    **group,
                    "criteria": tuple(Criterion(**criterion) for criterion in group["criteria"]),
                }
            )
            for group in data["groups"]
        ),
        left_out=tuple(LeftOut(**item) for item in data["left_out"]),
        reasons=tuple(data["reasons"]),
    )


def as_solution(
    assignment: Mapping[str, str], *, objective: float | None, bound: float | None
) -> Solution:
    """A composition to explain (e.g. the current groups, or a proposal adjusted by hand)."""
    return Solution(
        status=Status.FEASIBLE,
        method=Method.HEURISTIC,
        assignment=dict(assignment),
        objective=objective,
        bound=bound,
        gap=gap_of(objective, bound) if objective is not None and bound is not None else None,
    )
