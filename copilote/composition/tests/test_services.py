"""Asking for, adjusting and accepting a composition proposal."""

import pytest
from django.core.exceptions import ValidationError

from copilote.composition import services
from copilote.composition.models import CompositionProposal, Outcome, RunStatus
from copilote.core.models import ActivityLog
from copilote.workgroups.models import Member

pytestmark = pytest.mark.django_db


def members(group):
    return sorted(m.candidate.last_name for m in Member.objects.filter(group=group))


@pytest.fixture
def proposal(pool, users):
    return services.request_proposal(user=users["lead"], programme=pool.programme, time_limit=2)


def test_request_computes_through_the_task_and_explains(proposal, pool):
    assert proposal.status == RunStatus.READY
    assert proposal.outcome == Outcome.OPTIMAL
    assert proposal.gap == 0 and proposal.objective == proposal.bound
    assignment = proposal.assignment
    # Fixed members stay; the one who refused « handicap » is not placed there.
    assert assignment[str(pool.colead.candidate_id)] == "handicap"
    assert assignment[str(pool.confirmed.candidate_id)] == "insertion-des-jeunes"
    assert assignment.get(str(pool.refuser.pk)) != "handicap"
    sizes = {g: list(assignment.values()).count(g) for g in ("handicap", "insertion-des-jeunes")}
    assert 3 <= sizes["handicap"] <= 4 and 2 <= sizes["insertion-des-jeunes"] <= 3
    groups = proposal.explanation["groups"]
    assert [g["name"] for g in groups] == [pool.group_h.name, pool.group_y.name]
    assert {c["label"] for c in groups[0]["criteria"]} >= {"Taille", "Vœux", "Communes"}
    left = {item["candidate_id"] for item in proposal.explanation["left_out"]}
    assert left == {c.pk for c in []} | (
        {str(c.pk) for c in [*pool.free, pool.refuser, pool.considered.candidate]} - set(assignment)
    )
    assert all(item["reason"] for item in proposal.explanation["left_out"])
    assert ActivityLog.objects.filter(action="composition.request").count() == 1


def test_same_candidates_same_proposal(proposal, pool, users):
    again = services.request_proposal(user=users["lead"], programme=pool.programme, time_limit=2)
    assert again.assignment == proposal.assignment


def test_time_limit_and_missing_groups_are_refused(pool, users, programme):
    with pytest.raises(ValidationError):
        services.request_proposal(user=users["lead"], programme=programme, time_limit=0.1)
    pool.group_h.members.all().delete()
    pool.group_h.delete()
    pool.group_y.members.all().delete()
    pool.group_y.delete()
    with pytest.raises(ValidationError, match="aucun groupe"):
        services.request_proposal(user=users["lead"], programme=programme, time_limit=2)
    assert not CompositionProposal.objects.exists()


def test_infeasible_is_explained_not_raised(pool, users):
    pool.group_h.size_min = pool.group_h.size_max = 3
    pool.group_h.save()
    pool.group_y.size_min = pool.group_y.size_max = 3
    pool.group_y.save()
    for candidate in pool.free:
        candidate.delete()
    proposal = services.request_proposal(user=users["lead"], programme=pool.programme, time_limit=2)
    assert proposal.outcome == Outcome.INFEASIBLE and not proposal.found
    assert "Trop peu de candidats" in " ".join(proposal.explanation["reasons"])
    with pytest.raises(ValidationError):
        services.accept(user=users["lead"], proposal=proposal)


def test_accept_all_writes_the_groups_and_keeps_confirmed_members(proposal, pool, users):
    services.accept(user=users["lead"], proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.fully_accepted and proposal.accepted_at
    now = {str(m.candidate_id): m.group.slug for m in Member.objects.select_related("group")}
    assert now == proposal.assignment
    assert Member.objects.get(pk=pool.confirmed.pk).confirmed
    assert Member.objects.get(pk=pool.colead.pk).role == "colead"
    # Newcomers are only considered until the lead confirms them.
    newcomers = Member.objects.exclude(
        pk__in=[pool.colead.pk, pool.confirmed.pk, pool.considered.pk]
    )
    assert newcomers and not any(m.confirmed for m in newcomers)
    assert ActivityLog.objects.filter(action="composition.accept").count() == 1
    with pytest.raises(ValidationError):
        services.accept(user=users["lead"], proposal=proposal)


def test_accept_one_group_leaves_the_other_untouched(proposal, pool, users):
    before = members(pool.group_y)
    services.accept(user=users["lead"], proposal=proposal, groups=["handicap"])
    proposal.refresh_from_db()
    assert proposal.accepted_groups == ["handicap"] and not proposal.fully_accepted
    wanted = sorted(
        m.last_name
        for m in pool.programme.group_candidates.all()
        if proposal.assignment.get(str(m.pk)) == "handicap"
    )
    assert members(pool.group_h) == wanted
    considered_moved = proposal.assignment.get(str(pool.considered.candidate_id)) == "handicap"
    expected = sorted(
        set(before) - ({pool.considered.candidate.last_name} if considered_moved else set())
    )
    assert members(pool.group_y) == expected
    services.accept(user=users["lead"], proposal=proposal, groups=["insertion-des-jeunes"])
    proposal.refresh_from_db()
    assert proposal.fully_accepted


def test_a_confirmed_member_is_never_moved_by_a_stale_proposal(proposal, pool, users):
    # The lead confirms someone the proposal takes out or moves: accepting is refused, whole.
    moved = (
        next(
            m
            for m in Member.objects.filter(pk=pool.considered.pk)
            if proposal.assignment.get(str(m.candidate_id)) != "insertion-des-jeunes"
        )
        if proposal.assignment.get(str(pool.considered.candidate_id)) != "insertion-des-jeunes"
        else None
    )
    if moved is None:  # the proposal kept them: take them out by hand instead
        services.move(
            user=users["lead"],
            proposal=proposal,
            candidate_id=str(pool.considered.candidate_id),
            group_id="",
        )
    Member.objects.filter(pk=pool.considered.pk).update(confirmed=True)
    before = {m.pk: (m.group_id, m.candidate_id) for m in Member.objects.all()}
    with pytest.raises(ValidationError, match="confirmed|confirmé"):
        services.accept(user=users["lead"], proposal=proposal)
    assert {m.pk: (m.group_id, m.candidate_id) for m in Member.objects.all()} == before


def test_move_by_hand_then_accept(proposal, pool, users):
    libre_d = str(pool.free[3].pk)
    target = (
        "insertion-des-jeunes" if proposal.assignment.get(libre_d) != "insertion-des-jeunes" else ""
    )
    if target and list(proposal.assignment.values()).count(target) >= 3:
        # Make room: take out someone movable of that group first.
        out = next(
            cid
            for cid, g in proposal.assignment.items()
            if g == target and cid != str(pool.confirmed.candidate_id)
        )
        services.move(user=users["lead"], proposal=proposal, candidate_id=out, group_id="")
    proposal = services.move(
        user=users["lead"], proposal=proposal, candidate_id=libre_d, group_id=target
    )
    assert proposal.adjusted and proposal.assignment.get(libre_d, "") == target
    assert proposal.objective <= proposal.bound
    names = {item["candidate_id"] for item in proposal.explanation["left_out"]}
    assert (libre_d in names) == (not target)
    services.accept(user=users["lead"], proposal=proposal)
    placed = Member.objects.filter(candidate_id=int(libre_d)).first()
    assert (placed.group.slug if placed else "") == target


def test_moves_that_break_a_rule_are_refused(proposal, pool, users):
    lead = users["lead"]
    with pytest.raises(ValidationError, match="stays|reste"):
        services.move(
            user=lead, proposal=proposal, candidate_id=str(pool.colead.candidate_id), group_id=""
        )
    with pytest.raises(ValidationError, match="refused|refusé"):
        services.move(
            user=lead, proposal=proposal, candidate_id=str(pool.refuser.pk), group_id="handicap"
        )
    with pytest.raises(ValidationError):
        services.move(user=lead, proposal=proposal, candidate_id="999999", group_id="handicap")
    services.accept(user=lead, proposal=proposal, groups=["handicap"])
    with pytest.raises(ValidationError, match="accepted|accepté"):
        services.move(
            user=lead, proposal=proposal, candidate_id=str(pool.free[3].pk), group_id="handicap"
        )


def test_erasing_a_person_deletes_the_proposals_holding_them(proposal, pool, unscoped):
    from copilote.actors.personal_data import erase_person, export_person

    email = pool.free[0].email
    exported = export_person(email)
    assert "composition" in str(exported)
    erase_person(email)
    assert not CompositionProposal.objects.filter(pk=proposal.pk).exists()
