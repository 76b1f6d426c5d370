"""Every composition URL × every role (collected by core's URL test): the lead's pages."""

from copilote.composition.models import CompositionProposal, RunStatus

ALL = ("lead", "committee", "facilitator", "participant", "observer", "network_admin")
LEAD = {**dict.fromkeys(ALL, 403), "lead": 200, "network_admin": 200}
POST_LEAD = {**LEAD, "lead": 405, "network_admin": 405}

PROGRAMME_URLS = {
    "composition:index": (None, LEAD),
    "composition:proposal": ("cp_proposal", LEAD),
    "composition:move": ("cp_proposal", POST_LEAD),
    "composition:accept": ("cp_proposal", POST_LEAD),
}


def objects(programme, users) -> dict:
    proposal = CompositionProposal.objects.create(
        programme=programme, status=RunStatus.FAILED, error="Arrêté."
    )
    return {"cp_proposal": {"pk": proposal.pk}}
