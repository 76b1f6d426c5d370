"""core.locking on every shared object's edit service: decisions, tasks, organisations and the
programme (the meeting has its page test in governance/tests/test_locking.py)."""

import pytest
from django_scopes import scope

from copilote.actors import services as actors
from copilote.core import locking
from copilote.core.tests.factories import OrganisationFactory
from copilote.governance import services as governance
from copilote.governance.tests.factories import CommitteeMeetingFactory
from copilote.programmes import services as programmes

pytestmark = pytest.mark.django_db


@pytest.fixture
def scoped(programme):
    with scope(territory=programme.territory):
        yield programme


def test_decisions_and_tasks_refuse_a_stale_overwrite(scoped, users):
    lead = users["lead"]
    meeting = CommitteeMeetingFactory(programme=scoped, rank=1)
    decision = governance.save_decision(user=lead, meeting=meeting, text="A", arguments=[])
    governance.save_decision(
        user=lead, meeting=meeting, decision=decision, text="B", arguments=[], version=1
    )
    with pytest.raises(locking.Conflict) as excinfo:
        governance.save_decision(
            user=lead,
            meeting=meeting,
            decision=decision,
            text="C",
            arguments=[],
            version=1,
            base={"text": "A", "arguments": []},
        )
    assert excinfo.value.theirs == {"text": "B"}
    decision.refresh_from_db()
    assert decision.text == "B" and decision.version == 2
    owner = OrganisationFactory(territory=scoped.territory)
    task = governance.save_task(user=lead, meeting=meeting, what="X", owner_organisation=owner)
    base = {"what": "X", "status": "open", "due": None, "owner_person": None}
    base["owner_organisation"] = owner.pk
    governance.save_task(
        user=lead,
        meeting=meeting,
        task=task,
        what="X",
        owner_organisation=owner,
        status="done",
        version=1,
        base=base,
    )
    # Another person, from the same version, changes only the text: both changes are kept.
    governance.save_task(
        user=lead,
        meeting=meeting,
        task=task,
        what="Y",
        owner_organisation=owner,
        status="open",
        version=1,
        base=base,
    )
    task.refresh_from_db()
    assert (task.what, task.status, task.version) == ("Y", "done", 3)


def test_organisation_and_programme_merge_or_refuse(scoped, users):
    lead = users["lead"]
    organisation = OrganisationFactory(territory=scoped.territory, name="Atelier", sector="")
    base = {"name": "Atelier", "sector": ""}
    actors.save_organisation(
        user=lead,
        programme=scoped,
        organisation=organisation,
        name="Atelier",
        sector="Insertion",
        version=1,
        base=base,
    )
    with pytest.raises(locking.Conflict):
        actors.save_organisation(
            user=lead,
            programme=scoped,
            organisation=organisation,
            name="Atelier",
            sector="Handicap",
            version=1,
            base=base,
        )
    actors.save_organisation(
        user=lead,
        programme=scoped,
        organisation=organisation,
        name="Atelier (fictif)",
        sector="",
        version=1,
        base=base,
    )
    organisation.refresh_from_db()
    assert (organisation.name, organisation.sector) == ("Atelier (fictif)", "Insertion")
    programmes.update_programme(user=lead, programme=scoped, objective="Un", version=1)
    with pytest.raises(locking.Conflict):
        programmes.update_programme(user=lead, programme=scoped, objective="Deux", version=1)
    scoped.refresh_from_db()
    assert scoped.objective == "Un" and scoped.version == 2
