"""The invitation mail, as a background task (django-tasks)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled
from django_tasks import task

from copilote.accounts.models import Invitation
from copilote.accounts.tokens import invitation_token


def link(invitation: Invitation, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(invitation.pk))
    path = reverse("accept_invitation", args=[uid, invitation_token.make_token(invitation)])
    return base_url.rstrip("/") + path


@task()
def send_invitation(invitation_id: int, base_url: str) -> int:
    with scopes_disabled():
        invitation = Invitation.objects.select_related("programme", "invited_by").get(
            pk=invitation_id
        )
        if not invitation.pending:
            return 0
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
        message = EmailMessage(
            _("Invitation: %(programme)s") % {"programme": invitation.programme.name},
            body,
            settings.DEFAULT_FROM_EMAIL,
            [invitation.email],
        )
        return message.send()
