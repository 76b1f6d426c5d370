"""Invite, resend, revoke, accept. Keyword-only, atomic, validated, one log entry each."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from copilote.accounts.models import Invitation
from copilote.core.services import log_programme_action, save_validated
from copilote.programmes import services as programme_services


@transaction.atomic
def invite(*, user, programme, email: str, role: str, name: str = "") -> Invitation:
    email = email.strip().lower()
    if programme.memberships.filter(user__email__iexact=email).exists():
        raise ValidationError({"email": _("This address is already a member.")})
    invitation = Invitation(programme=programme, email=email, role=role, name=name, invited_by=user)
    invitation.validate_constraints()
    invitation.sent_count, invitation.sent_at = 1, timezone.now()
    save_validated(invitation)
    log_programme_action(user, programme, "invitation.create", invitation, {"role": role})
    return invitation


@transaction.atomic
def resend(*, user, invitation: Invitation) -> Invitation:
    if not invitation.pending:
        raise ValidationError(_("This invitation is no longer pending."))
    invitation.sent_count += 1  # the earlier links stop working
    invitation.sent_at = timezone.now()
    save_validated(invitation)
    log_programme_action(user, invitation.programme, "invitation.resend", invitation)
    return invitation


@transaction.atomic
def revoke(*, user, invitation: Invitation) -> Invitation:
    if not invitation.pending:
        raise ValidationError(_("This invitation is no longer pending."))
    invitation.revoked_at = timezone.now()
    save_validated(invitation)
    log_programme_action(user, invitation.programme, "invitation.revoke", invitation)
    return invitation


def username_for(email: str) -> str:
    User = get_user_model()
    base = email.split("@")[0][:120] or "membre"
    candidate, n = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


@transaction.atomic
def accept(
    *,
    invitation: Invitation,
    user=None,
    first_name: str = "",
    last_name: str = "",
    password: str = "",
):
    """Join the programme: as the logged-in ``user`` (same address), or as a new account with
    ``password``. Returns the user."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.pending:
        raise ValidationError(_("This invitation was already used or revoked."))
    User = get_user_model()
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("An account already uses this address: log in to accept."))
        user = User(
            username=username_for(invitation.email),
            email=invitation.email,
            first_name=first_name,
            last_name=last_name,
        )
        user.set_password(password)
        save_validated(user)
    elif (user.email or "").lower() != invitation.email:
        raise ValidationError(_("This invitation was sent to another address."))
    programme_services.add_member(
        user=user, programme=invitation.programme, member=user, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    save_validated(invitation)
    log_programme_action(user, invitation.programme, "invitation.accept", invitation)
    return user
