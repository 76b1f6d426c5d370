"""The actions' URLs × roles (collected by ``copilote.core.tests.test_urls``)."""

from copilote.results.selectors import proposal_model
from copilote.results.tests.factories import ActionFactory, FirstStepFactory, ReferentFactory

ALL = ("lead", "committee", "facilitator", "participant", "observer", "network_admin")
READ_ALL = dict.fromkeys(ALL, 200)
EDITORS = {**READ_ALL, "participant": 403, "observer": 403}
WITHOUT_PROPOSALS = {role: 404 if status == 200 else status for role, status in EDITORS.items()}

PROGRAMME_URLS = {
    "results:index": (None, READ_ALL),
    "results:all": (None, READ_ALL),
    "results:add": (None, EDITORS),
    # Proposals come from the working groups: 404 while the installation records none.
    "results:from_proposals": (None, EDITORS if proposal_model() else WITHOUT_PROPOSALS),
    "results:action": ("action", READ_ALL),
    "results:edit": ("action", EDITORS),
    "results:delete": ("action", EDITORS),
    "results:referent_add": ("action", EDITORS),
    "results:referent_remove": ("referent", EDITORS),
    "results:step_add": ("action", EDITORS),
    "results:step_edit": ("step", EDITORS),
    "results:progress_add": ("action", EDITORS),
}
# Public once the lead published actions; an unknown programme or none published is 404.
OTHER_URLS = {
    "results:public": ({"territory": "nulle-part", "programme": "rien"}, 404, 404),
}


def objects(programme, users) -> dict:
    action = ActionFactory(programme=programme)
    referent = ReferentFactory(action=action)
    step = FirstStepFactory(action=action)
    return {
        "action": {"pk": action.pk},
        "referent": {"pk": action.pk, "referent": referent.pk},
        "step": {"pk": action.pk, "step": step.pk},
    }
