"""Writes on composition proposals: ask for one (the task worker computes it), compute it, move a
candidate by hand, accept all groups or one group.

Every function is keyword-only and atomic and logs one entry. Accepting writes the members
through the working groups' own services (placing, taking out), so their rules hold: a full
group, a refused theme, a member who attended a meeting are refused there too.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from copilote.composition import adapter
from copilote.composition.explain import Explanation, explain
from copilote.composition.models import CompositionProposal, Outcome, RunStatus
from copilote.composition.problem import SCALE, Problem, eligible, score
from copilote.composition.solver import Options, Solution, gap_of, solve
from copilote.core.services import log_programme_action

MIN_TIME_LIMIT = 1.0
MAX_TIME_LIMIT = 120.0
DEFAULT_TIME_LIMIT = 10.0
#: Fixed: the same candidates and groups give the same proposal.
DEFAULT_SEED = 0
#: One worker: CP-SAT is then reproducible whatever the machine's load.
WORKERS = 1
#: A computation running for longer than its time limit plus this is taken as lost.
GRACE = dt.timedelta(minutes=2)


def check_time_limit(time_limit: float) -> None:
    if not MIN_TIME_LIMIT <= time_limit <= MAX_TIME_LIMIT:
        raise ValidationError(
            _("The time limit is between %(low)s and %(high)s seconds.")
            % {"low": int(MIN_TIME_LIMIT), "high": int(MAX_TIME_LIMIT)}
        )


@transaction.atomic
def check_groups(programme, problem: Problem) -> None:
    """Refused when the problem has no group: none created yet, or every one closed."""
    if problem.groups:
        return
    if programme.working_groups.exists():
        raise ValidationError(_("Every working group is closed: there is no group to compose."))
    raise ValidationError(_("Create the working groups first: there is no group to compose."))


def create_proposal(
    *,
    user,
    programme,
    time_limit: float = DEFAULT_TIME_LIMIT,
    move_confirmed: bool = False,
    seed: int = DEFAULT_SEED,
) -> CompositionProposal:
    """A pending proposal holding the snapshot of the candidates and groups (not computed)."""
    check_time_limit(time_limit)
    problem, current = adapter.build_problem(programme, move_confirmed=move_confirmed)
    check_groups(programme, problem)
    proposal = CompositionProposal.objects.create(
        programme=programme,
        time_limit=time_limit,
        seed=seed,
        move_confirmed=move_confirmed,
        problem=adapter.problem_to_data(problem, current),
        requested_by=user if getattr(user, "is_authenticated", False) else None,
    )
    log_programme_action(
        user,
        programme,
        "composition.request",
        proposal,
        {"proposal": proposal.pk, "candidates": len(problem.candidates)},
    )
    return proposal


def request_proposal(*, user, programme, **options) -> CompositionProposal:
    """Ask for a proposal: created, then computed by the task worker (immediately in the demo and
    the tests)."""
    from copilote.composition.tasks import compute_proposal

    proposal = create_proposal(user=user, programme=programme, **options)
    # With the database backend the task row is a row like the proposal; the immediate backend
    # (demo, tests) computes it here and now.
    compute_proposal.enqueue(proposal.pk)
    proposal.refresh_from_db()
    return proposal


def solve_snapshot(proposal: CompositionProposal) -> Solution:
    problem = adapter.problem_from_data(proposal.problem)
    return solve(
        problem, Options(time_limit=proposal.time_limit, seed=proposal.seed, workers=WORKERS)
    )


def store_solution(proposal: CompositionProposal, solution: Solution) -> CompositionProposal:
    """Write a computed solution and its explanation into the proposal (status ready)."""
    problem = adapter.problem_from_data(proposal.problem)
    proposal.status = RunStatus.READY
    proposal.outcome = Outcome(solution.status.value)
    proposal.method = solution.method.value if solution.method else ""
    proposal.objective = solution.objective
    proposal.bound = solution.bound
    proposal.gap = solution.gap
    proposal.heuristic_objective = solution.heuristic_objective
    proposal.wall_time = solution.wall_time
    proposal.assignment = dict(solution.assignment)
    proposal.explanation = adapter.explanation_to_data(explain(problem, solution))
    proposal.finished_at = timezone.now()
    proposal.error = ""
    proposal.save()
    return proposal


def explanation_of(proposal: CompositionProposal) -> Explanation:
    return adapter.explanation_from_data(proposal.explanation)


def compute(proposal: CompositionProposal) -> CompositionProposal:
    """Solve a proposal's snapshot now (the task and the command line)."""
    return store_solution(proposal, solve_snapshot(proposal))


def is_lost(proposal: CompositionProposal) -> bool:
    return bool(
        proposal.status == RunStatus.RUNNING
        and proposal.started_at
        and timezone.now() - proposal.started_at
        > dt.timedelta(seconds=3 * proposal.time_limit) + GRACE
    )


# Adjusting by hand -----------------------------------------------------------------------------


def _editable(proposal: CompositionProposal) -> Problem:
    if not proposal.found:
        raise ValidationError(_("This proposal has no composition to adjust."))
    return adapter.problem_from_data(proposal.problem)


def _refresh(proposal: CompositionProposal, problem: Problem) -> None:
    """The objective, gap and explanation of the proposal's assignment as it is now."""
    objective = score(problem, proposal.assignment) / SCALE
    bound = max(proposal.bound, objective) if proposal.bound is not None else None
    proposal.objective = objective
    proposal.gap = gap_of(objective, bound) if bound is not None else None
    proposal.bound = bound
    solution = adapter.as_solution(proposal.assignment, objective=objective, bound=bound)
    proposal.explanation = adapter.explanation_to_data(explain(problem, solution))


@transaction.atomic
def move(
    *, user, proposal: CompositionProposal, candidate_id: str, group_id: str
) -> CompositionProposal:
    """Move a candidate of the proposal to another group (``group_id`` empty: leave them out)."""
    proposal = CompositionProposal.objects.select_for_update().get(pk=proposal.pk)
    problem = _editable(proposal)
    candidates = {c.id: c for c in problem.candidates}
    groups = {g.id: g for g in problem.groups}
    candidate = candidates.get(candidate_id)
    if candidate is None:
        raise ValidationError(_("This person is not among the proposal’s candidates."))
    fixed_in = {member: g.id for g in problem.groups for member in g.fixed}
    if candidate_id in fixed_in:
        raise ValidationError(
            _(
                "%(person)s stays in the group “%(group)s” (co-lead, confirmed member or "
                "present at a meeting)."
            )
            % {"person": candidate.name, "group": groups[fixed_in[candidate_id]].name}
        )
    origin = proposal.assignment.get(candidate_id)
    if group_id and group_id not in groups:
        raise ValidationError(_("This group is not one of the proposal’s."))
    touched = {g for g in (origin, group_id) if g}
    already = sorted(touched & set(proposal.accepted_groups))
    if already:
        raise ValidationError(
            _("The group “%(group)s” is already accepted: ask for a new proposal to change it.")
            % {"group": groups[already[0]].name}
        )
    if group_id:
        group = groups[group_id]
        if not eligible(candidate, group):
            raise ValidationError(
                _("%(person)s refused the theme of “%(group)s”.")
                % {"person": candidate.name, "group": group.name}
            )
        size = sum(1 for g in proposal.assignment.values() if g == group_id)
        if origin != group_id and size >= group.max_size:
            raise ValidationError(
                _("The group “%(group)s” is full: %(max)s members at most (co-leads included).")
                % {"group": group.name, "max": group.max_size}
            )
        proposal.assignment[candidate_id] = group_id
    else:
        proposal.assignment.pop(candidate_id, None)
    proposal.adjusted = True
    _refresh(proposal, problem)
    proposal.save(
        update_fields=["assignment", "adjusted", "objective", "bound", "gap", "explanation"]
    )
    log_programme_action(
        user,
        proposal.programme,
        "composition.move",
        proposal,
        {"proposal": proposal.pk, "candidate": candidate_id, "group": group_id},
    )
    return proposal


# Accepting -------------------------------------------------------------------------------------


@transaction.atomic
def accept(
    *, user, proposal: CompositionProposal, groups: list[str] | None = None
) -> CompositionProposal:
    """Write the proposal into the working groups: every group (``groups`` None) or the given
    ones. Each accepted group then holds exactly its proposed members: members only considered
    who are not proposed there are taken out, proposed candidates are placed (« pressentis »,
    to be confirmed by the lead). A confirmed member is moved only if the lead allowed it when
    asking; a co-lead or a member who attended a meeting never. All or nothing."""
    from copilote.workgroups import services as groups_services
    from copilote.workgroups.models import Candidate, Member, WorkingGroup

    proposal = CompositionProposal.objects.select_for_update().get(pk=proposal.pk)
    problem = _editable(proposal)
    programme = proposal.programme
    wanted = list(groups) if groups is not None else proposal.group_ids
    unknown = [slug for slug in wanted if slug not in proposal.group_ids]
    if unknown or not wanted:
        raise ValidationError(_("This group is not one of the proposal’s."))
    wanted = [
        slug
        for slug in proposal.group_ids
        if slug in wanted and slug not in proposal.accepted_groups
    ]
    if not wanted:
        raise ValidationError(_("These groups are already accepted."))
    by_slug = {g.slug: g for g in WorkingGroup.objects.filter(programme=programme, slug__in=wanted)}
    missing = [slug for slug in wanted if slug not in by_slug]
    if missing:
        raise ValidationError(
            _("A group of the proposal no longer exists: ask for a new proposal.")
        )
    names = {c.id: c.name for c in problem.candidates}
    placed = removed = 0
    for slug in wanted:
        group = by_slug[slug]
        target = {cid for cid, g in proposal.assignment.items() if g == slug}
        # Out first, so that the group has room for the newcomers.
        for member in Member.objects.filter(group=group).select_related("candidate", "group"):
            if str(member.candidate_id) in target:
                continue
            _check_movable(member, proposal)
            groups_services.remove_member(user=user, member=member)
            removed += 1
        present = set(Member.objects.filter(group=group).values_list("candidate_id", flat=True))
        rows = Candidate.objects.filter(programme=programme, pk__in=[int(c) for c in target])
        found = {str(row.pk): row for row in rows}
        for cid in sorted(target, key=lambda c: names.get(c, c)):
            row = found.get(cid)
            if row is None:
                raise ValidationError(
                    _("%(person)s is no longer a candidate: ask for a new proposal.")
                    % {"person": names.get(cid, cid)}
                )
            if row.pk in present:
                continue
            elsewhere = (
                Member.objects.filter(programme=programme, candidate=row)
                .select_related("group", "candidate")
                .first()
            )
            if elsewhere is not None:
                _check_movable(elsewhere, proposal)
                groups_services.remove_member(user=user, member=elsewhere)
            groups_services.place(user=user, group=group, candidate=row)
            placed += 1
    proposal.accepted_groups = [*proposal.accepted_groups, *wanted]
    if proposal.fully_accepted:
        proposal.accepted_at = timezone.now()
    proposal.save(update_fields=["accepted_groups", "accepted_at"])
    log_programme_action(
        user,
        programme,
        "composition.accept",
        proposal,
        {"proposal": proposal.pk, "groups": wanted, "placed": placed, "removed": removed},
    )
    return proposal


def _check_movable(member, proposal: CompositionProposal) -> None:
    """A member the proposal takes out of their group: refused for a co-lead, and for a
    confirmed member unless the lead allowed it."""
    if member.role == "colead" or (member.confirmed and not proposal.move_confirmed):
        raise ValidationError(
            _(
                "%(person)s is a co-lead or a confirmed member of “%(group)s”: the groups "
                "changed since the proposal, ask for a new one."
            )
            % {"person": member.candidate.full_name, "group": member.group.name}
        )


def progress(proposal: CompositionProposal) -> int:
    """Percentage of the time limit spent by a running computation (its only known measure)."""
    if proposal.status != RunStatus.RUNNING or not proposal.started_at:
        return 100 if proposal.status == RunStatus.READY else 0
    spent = (timezone.now() - proposal.started_at).total_seconds()
    return max(0, min(99, int(100 * spent / max(proposal.time_limit, 0.1))))
