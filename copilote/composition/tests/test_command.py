"""copilote compose SLUG [--time-limit S] [--dry-run]"""

import io

import pytest
from django.core.management import CommandError, call_command

from copilote.composition.models import CompositionProposal
from copilote.workgroups.models import GroupStatus

pytestmark = pytest.mark.django_db


def compose(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("compose", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_prints_the_balance_table_and_stores_nothing(pool):
    out, _err = compose(pool.programme.slug, "--dry-run", "--time-limit", "2")
    assert "Statut : optimale (prouvée)" in out
    assert "Groupe" in out and "Communes" in out
    assert pool.group_h.name in out and pool.group_y.name in out
    assert not CompositionProposal.objects.exists()


def test_without_dry_run_the_proposal_is_stored_for_the_lead(pool):
    out, err = compose(pool.programme.slug, "--time-limit", "2")
    proposal = CompositionProposal.objects.get()
    assert proposal.status == "ready" and proposal.requested_by is None
    assert f"n° {proposal.pk}" in err and "/composition/" in err
    # Nothing is written into the groups before the lead accepts.
    assert pool.group_h.members.count() == 1


def test_bad_arguments_are_plain_errors(pool):
    with pytest.raises(CommandError, match="identifi"):
        compose("nulle-part", "--dry-run")
    with pytest.raises(CommandError):
        compose(pool.programme.slug, "--dry-run", "--time-limit", "0")


def test_closed_groups_are_not_composed(pool):
    pool.group_h.status = pool.group_y.status = GroupStatus.CLOSED
    pool.group_h.save(update_fields=["status"])
    pool.group_y.save(update_fields=["status"])
    with pytest.raises(CommandError, match="Tous les groupes de travail sont clos"):
        compose(pool.programme.slug)
    assert not CompositionProposal.objects.exists()
    # A dry run changes nothing: it composes the closed groups for information, and says so.
    members = set(pool.group_h.members.values_list("pk", flat=True))
    out, err = compose(pool.programme.slug, "--dry-run", "--time-limit", "2")
    assert "pour information" in err and "rien n’est enregistré" in err
    assert pool.group_h.name in out and "Statut" in out
    assert not CompositionProposal.objects.exists()
    assert set(pool.group_h.members.values_list("pk", flat=True)) == members
