"""The invitation link's token: Django's token machinery (signed with SECRET_KEY, expiring after
PASSWORD_RESET_TIMEOUT), single-use because it hashes the invitation's state: accepting,
revoking or resending the invitation makes every earlier link invalid."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "copilote.accounts.InvitationTokenGenerator"

    def _make_hash_value(self, invitation, timestamp):
        return (
            f"{invitation.pk}|{invitation.email}|{invitation.role}|{invitation.sent_count}|"
            f"{invitation.accepted_at}|{invitation.revoked_at}|{timestamp}"
        )


invitation_token = InvitationTokenGenerator()
