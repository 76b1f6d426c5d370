"""Composition proposals are computed by the task worker, never inside a web request
(django-tasks: the database backend in production, immediate in the demo and the tests)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope, scopes_disabled
from django_tasks import task

from copilote.composition import services
from copilote.composition.models import CompositionProposal, RunStatus

logger = logging.getLogger(__name__)


@task()
def compute_proposal(proposal_id: int) -> str:
    with scopes_disabled():
        claimed = CompositionProposal.objects.filter(
            pk=proposal_id, status=RunStatus.PENDING
        ).update(status=RunStatus.RUNNING, started_at=timezone.now())
        if not claimed:  # another worker has it, or it is done
            return "skipped"
        proposal = CompositionProposal.objects.select_related("programme__territory").get(
            pk=proposal_id
        )
    try:
        with scope(territory=proposal.programme.territory):
            services.compute(proposal)
    except Exception:
        logger.exception("Composition proposal %s could not be computed", proposal_id)
        with scopes_disabled():
            CompositionProposal.objects.filter(pk=proposal_id).update(
                status=RunStatus.FAILED,
                error=_("An unexpected error stopped the computation."),
                finished_at=timezone.now(),
            )
        return "failed"
    return "ready"
