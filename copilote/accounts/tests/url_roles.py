"""URL × role expectations of invitations (collected by core/tests/test_urls.py)."""

from copilote.accounts.models import Invitation

ALL = ("lead", "committee", "facilitator", "participant", "observer", "network_admin")
LEAD_ONLY = {**dict.fromkeys(ALL, 403), "lead": 200, "network_admin": 200}
LEAD_POST = {**dict.fromkeys(ALL, 403), "lead": 405, "network_admin": 405}

PROGRAMME_URLS = {
    "accounts:invitations": (None, LEAD_ONLY),
    "accounts:invitation_action": ("invitation", LEAD_POST),
}
OTHER_URLS = {
    # The network administrator's page (tested for them in test_starters.py).
    "starters": ({}, 302, 403),
    "starter_revoke": ({"pk": 1}, 302, 403),
    "accept_invitation": ({"uidb64": "MQ", "token": "forged-token"}, 404, 404),
}


def objects(programme, users):
    invitation = Invitation.objects.create(
        programme=programme, email="invite@exemple.fr", role="observer"
    )
    return {"invitation": {"pk": invitation.pk, "action": "renvoyer"}}
