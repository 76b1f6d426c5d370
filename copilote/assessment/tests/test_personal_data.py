import pytest

from copilote.actors.personal_data import erase_person, erasure_warnings, export_person
from copilote.assessment import services
from copilote.assessment.models import SurveyAnswer, SurveyInvitation
from copilote.core.tests.factories import PersonFactory
from copilote.results.tests.factories import ActionFactory, ReferentFactory

pytestmark = pytest.mark.django_db


def test_referent_and_survey_invitation_in_export_and_erasure(scoped, users):
    person = PersonFactory(territory=scoped.territory, email="ref@exemple.invalid")
    action = ActionFactory(programme=scoped, title="Créer un réseau d’entraide local")
    ReferentFactory(action=action, person=person, organisation=None)
    [invitation] = services.invite(user=users["lead"], programme=scoped, people=[person])
    services.answer_survey(
        invitation=invitation,
        data={"gained": 4, "neighbours": 4, "method": 3, "meetings": "4", "continue": "oui"},
    )
    data = export_person("ref@exemple.invalid")["data"]
    assert data["referents"][0]["referent_of"] == "Créer un réseau d’entraide local"
    assert data["survey"][0]["answered"] is True
    assert any("référent" in w or "referent" in w for w in erasure_warnings("ref@exemple.invalid"))
    erase_person("ref@exemple.invalid")
    assert not SurveyInvitation.objects.exists()
    assert SurveyAnswer.objects.count() == 1  # anonymous: it stays in the aggregates
    assert action.referents.count() == 1  # the role stays, the name goes
