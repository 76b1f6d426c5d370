"""The demo's composition: the launch registrants waiting for a group are composed into the
three groups of the kit's case, and the lead ``pilote`` has accepted the proposal (fixed seed,
one worker: the same composition on every machine).

The kit's case is over: the file loads its groups closed, and a composition leaves closed groups
alone. The demo replays what happened when they were being formed: the closed groups are reopened
for the composition, then closed again, in one transaction.

It runs when the demo is served (``copilote demo``: ``settings.DEMO``); the tests load the demo
file without it and call :func:`compose_demo` themselves.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from copilote.composition import services

DEMO_TIME_LIMIT = 5.0


def compose_demo(programme, lead):
    """Propose and accept a composition once (idempotent: nothing when one exists)."""
    from copilote.workgroups.models import GroupStatus

    if programme.composition_proposals.exists():
        return None
    with transaction.atomic():
        closed = list(
            programme.working_groups.filter(status=GroupStatus.CLOSED).values_list("pk", flat=True)
        )
        programme.working_groups.filter(pk__in=closed).update(status=GroupStatus.FORMING)
        proposal = services.create_proposal(
            user=lead, programme=programme, time_limit=DEMO_TIME_LIMIT, seed=services.DEFAULT_SEED
        )
        proposal = services.compute(proposal)
        if proposal.found:
            proposal = services.accept(user=lead, proposal=proposal)
        programme.working_groups.filter(pk__in=closed).update(status=GroupStatus.CLOSED)
    return proposal


def demo_step(programme, accounts: dict) -> None:
    if settings.DEMO and accounts.get("pilote") is not None:
        compose_demo(programme, accounts["pilote"])


def register() -> None:
    from copilote.programmes.demo import register_demo_step

    register_demo_step(demo_step)
