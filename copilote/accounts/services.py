"""Invite, resend, revoke, accept. Keyword-only, atomic, validated, one log entry each."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from copilote.accounts.models import Invitation
from copilote.core import mail as core_mail
from copilote.core.services import log_programme_action, save_validated
from copilote.programmes import services as programme_services


def invite(*, user, programme, email: str, role: str, base_url: str, name: str = "") -> Invitation:
    """Invite ``email`` to the programme with ``role``; the mail (links from ``base_url``) goes
    through ``core.mail``: recorded with the invitation, retried, a failure shown to the lead."""
    email = email.strip().lower()
    with transaction.atomic():
        if programme.memberships.filter(user__email__iexact=email).exists():
            raise ValidationError({"email": _("This address is already a member.")})
        invitation = Invitation(
            programme=programme, email=email, role=role, name=name, invited_by=user
        )
        invitation.validate_constraints()
        invitation.sent_count, invitation.sent_at = 1, timezone.now()
        save_validated(invitation)
        log_programme_action(user, programme, "invitation.create", invitation, {"role": role})
        delivery = _queue_mail(invitation)
    _send(invitation, delivery, base_url)
    return invitation


def resend(*, user, invitation: Invitation, base_url: str) -> Invitation:
    """Send the invitation again with a new link (the earlier links stop working)."""
    with transaction.atomic():
        if not invitation.pending:
            raise ValidationError(_("This invitation is no longer pending."))
        invitation.sent_count += 1
        invitation.sent_at = timezone.now()
        save_validated(invitation)
        log_programme_action(user, invitation.programme, "invitation.resend", invitation)
        delivery = _queue_mail(invitation)
    _send(invitation, delivery, base_url)
    return invitation


def _queue_mail(invitation: Invitation):
    from copilote.accounts import tasks

    return core_mail.queue(
        programme=invitation.programme,
        kind=tasks.KIND,
        subject_key=tasks.subject_key(invitation),
        recipients=1,
    )


def _send(invitation: Invitation, delivery, base_url: str) -> None:
    from copilote.accounts import tasks

    tasks.send_invitation.enqueue(invitation.pk, delivery.pk, base_url)


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


# Who may start an experimentation (« Nouvelle expérimentation ») -------------------------------

START_PERMISSION = ("programmes", "add_programme")


def _start_permission():
    from django.contrib.auth.models import Permission

    app_label, codename = START_PERMISSION
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _network_admin_only(user) -> None:
    if not getattr(user, "is_network_admin", False):
        raise PermissionDenied


def find_account(identifier: str):
    """The active account named by its username or its email address, or None."""
    identifier = identifier.strip()
    accounts = get_user_model().objects.filter(is_active=True)
    found = list(accounts.filter(username__iexact=identifier)[:2])
    if not found and "@" in identifier:
        found = list(accounts.filter(email__iexact=identifier)[:2])
    return found[0] if len(found) == 1 else None


@transaction.atomic
def grant_start(*, user, account):
    """Allow ``account`` to start experimentations (the network administrator's call)."""
    _network_admin_only(user)
    if account.is_network_admin:
        raise ValidationError(_("A network administrator may already start experimentations."))
    permission = _start_permission()
    if account.user_permissions.filter(pk=permission.pk).exists():
        raise ValidationError(_("This account may already start experimentations."))
    account.user_permissions.add(permission)
    return account


@transaction.atomic
def revoke_start(*, user, account):
    _network_admin_only(user)
    account.user_permissions.remove(_start_permission())
    return account


def starters():
    """The accounts allowed to start experimentations, by name."""
    app_label, codename = START_PERMISSION
    return (
        get_user_model()
        .objects.filter(
            user_permissions__content_type__app_label=app_label,
            user_permissions__codename=codename,
        )
        .order_by("last_name", "first_name", "username")
        .distinct()
    )
