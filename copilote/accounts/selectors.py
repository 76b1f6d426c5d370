"""Reads for the invitations page."""

from __future__ import annotations

from copilote.accounts import tasks
from copilote.accounts.models import Invitation
from copilote.core.models import MailDelivery


def with_mail_outcomes(invitations) -> list[Invitation]:
    """The invitations, each with its latest mailing as ``mail`` (or None), in one query: the
    page shows a mail that failed (``core/mail_status.html``) on its row."""
    invitations = list(invitations)
    keys = {tasks.subject_key(i): i for i in invitations}
    for invitation in invitations:
        invitation.mail = None
    deliveries = MailDelivery.objects.filter(kind=tasks.KIND, subject_key__in=keys)
    for delivery in deliveries.order_by("created_at", "id"):  # the latest wins
        keys[delivery.subject_key].mail = delivery
    return invitations
