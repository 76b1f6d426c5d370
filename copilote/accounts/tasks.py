"""The invitation mail, as a background task (django-tasks), through ``core.mail``: recorded
(the lead sees a mail that failed on the invitations page), retried later when the server
refuses it, single-line headers whatever was typed."""

from __future__ import annotations

from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from copilote.accounts.models import Invitation
from copilote.accounts.tokens import invitation_token
from copilote.core import mail as core_mail
from copilote.core.mail import mail_task

KIND = "invitation"


def subject_key(invitation: Invitation) -> str:
    """What the invitation's mailings are recorded under (``core.mail.latest``)."""
    return f"invitation:{invitation.pk}"


def link(invitation: Invitation, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(invitation.pk))
    path = reverse("accept_invitation", args=[uid, invitation_token.make_token(invitation)])
    return base_url.rstrip("/") + path


def message(invitation: Invitation, base_url: str):
    body = "\n".join(
        [
            _("Hello %(name)s,") % {"name": invitation.name or invitation.email},
            "",
            _("%(who)s invites you to join « %(programme)s » on Copilote as %(role)s.")
            % {
                "who": invitation.invited_by or "Copilote",
                "programme": invitation.programme.name,
                "role": invitation.get_role_display().lower(),
            },
            "",
            _("Choose your password with this link (it works once, for 3 days):"),
            link(invitation, base_url),
        ]
    )
    return core_mail.message(
        subject=_("Invitation: %(programme)s") % {"programme": invitation.programme.name},
        body=body,
        to=invitation.email,
    )


@mail_task
def send_invitation(invitation_id: int, delivery_id: int | None, base_url: str) -> int:
    """Mail the invitation's link (a retry mails the link of the latest sending: a link sent
    again replaces the earlier ones)."""
    try:
        with scopes_disabled():
            invitation = (
                Invitation.objects.select_related("programme", "invited_by")
                .filter(pk=invitation_id)
                .first()
            )
            # Revoked, accepted or deleted meanwhile: nothing left to send.
            messages = [message(invitation, base_url)] if invitation and invitation.pending else []
    except Exception as exc:
        # Building the mail failed (sending failures are retried and recorded by deliver()):
        # record it for the lead, and let the task end as failed too.
        core_mail.failed(delivery_id, exc)
        raise
    return core_mail.deliver(delivery_id, messages)
