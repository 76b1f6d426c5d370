"""Permission expectations of deleting contacts and exchanges, and of the exchange form
(collected by copilote/core/tests/test_urls.py)."""

from copilote.actors.models import Interaction
from copilote.actors.tests.factories import MobilisationFactory
from copilote.core.tests.test_urls import LEAD_ONLY, MOBILISERS

PROGRAMME_URLS = {
    "actors:person_delete": ("person", {**LEAD_ONLY, "network_admin": 403}),
    "actors:interaction_add": ("mobilisation", MOBILISERS),  # GET: the form on its own page
    "actors:interaction_delete": ("interaction", MOBILISERS),
}


def objects(programme, users) -> dict:
    mobilisation = MobilisationFactory(programme=programme)
    exchange = Interaction.objects.create(mobilisation=mobilisation, kind="rdv", date="2012-06-12")
    return {"interaction": {"pk": mobilisation.pk, "interaction": exchange.pk}}
