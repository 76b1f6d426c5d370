"""What composition proposals hold on a person (RGPD): their name, attributes and wishes in the
proposal's snapshot and explanation. A proposal is work in progress for the lead: erasing the
person deletes the proposals that hold them (the groups themselves are kept)."""

from __future__ import annotations

from django.db.models import Q

from copilote.actors.personal_data import Holder, people_with_email, register
from copilote.composition.models import CompositionProposal


def _proposals(email: str) -> list[tuple[CompositionProposal, str]]:
    from copilote.workgroups.models import Candidate

    candidates = (
        Candidate.objects.filter(Q(email__iexact=email) | Q(person__in=people_with_email(email)))
        .exclude(Q(email="") & Q(person__isnull=True))
        .values_list("pk", "programme_id")
    )
    found = []
    for pk, programme_id in candidates:
        for proposal in CompositionProposal.objects.filter(programme_id=programme_id):
            ids = {c["id"] for c in proposal.problem.get("candidates", [])}
            if str(pk) in ids:
                found.append((proposal, str(pk)))
    return found


def _export(email: str) -> list[dict]:
    return [
        {
            "proposal": proposal.pk,
            "created_at": proposal.created_at.isoformat(),
            "group": proposal.assignment.get(candidate_id, ""),
        }
        for proposal, candidate_id in _proposals(email)
    ]


def _erase(email: str) -> int:
    pks = {proposal.pk for proposal, _candidate in _proposals(email)}
    CompositionProposal.objects.filter(pk__in=pks).delete()
    return len(pks)


def _territories(email: str) -> set:
    return {proposal.programme.territory_id for proposal, _candidate in _proposals(email)}


def register_holder() -> None:
    register(
        Holder(
            key="composition",
            export=_export,
            erase=_erase,
            territories=_territories,
            order=50,
        )
    )
