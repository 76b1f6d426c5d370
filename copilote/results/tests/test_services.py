import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from copilote.core.models import ActivityLog
from copilote.core.tests.factories import OrganisationFactory, PersonFactory, ProgrammeFactory
from copilote.results import selectors, services
from copilote.results.models import Action, ActionStatus, Referent
from copilote.results.tests.factories import (
    ActionFactory,
    ReferentFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


def test_save_action_from_a_group_and_transverse(scoped, users):
    group = WorkingGroupFactory(programme=scoped)
    action = services.save_action(
        user=users["lead"], programme=scoped, title="Créer un réseau d’entraide local", group=group
    )
    transverse = services.save_action(user=users["lead"], programme=scoped, title="Le guide")
    assert action.origin == group.name and not action.is_transverse
    assert transverse.is_transverse
    assert ActivityLog.objects.filter(action="action.create").count() == 2


def test_local_authority_carries_a_group_action_only_when_confirmed(scoped, users):
    group = WorkingGroupFactory(programme=scoped)
    authority = OrganisationFactory(territory=scoped.territory, kind="collectivite")
    with pytest.raises(ValidationError) as excinfo:
        services.save_action(
            user=users["lead"], programme=scoped, title="Raid", group=group, carrier=authority
        )
    assert "carrier_confirmed" in excinfo.value.message_dict
    assert not Action.objects.exists()
    services.save_action(
        user=users["lead"],
        programme=scoped,
        title="Raid",
        group=group,
        carrier=authority,
        carrier_confirmed=True,
    )
    # The transverse action: the kit's exception, no confirmation needed.
    services.save_action(user=users["lead"], programme=scoped, title="Guide", carrier=authority)
    assert Action.objects.count() == 2


def test_referent_from_another_territory_is_refused(scoped, users):
    action = ActionFactory(programme=scoped, status=ActionStatus.SEEKING)
    stranger = PersonFactory(territory=ProgrammeFactory().territory)
    with pytest.raises(ValidationError):
        services.add_referent(user=users["lead"], action=action, person=stranger)
    assert not Referent.objects.exists()
    action.refresh_from_db()
    assert action.status == ActionStatus.SEEKING


def test_a_referent_steps_in(scoped, users):
    action = ActionFactory(programme=scoped, status=ActionStatus.SEEKING)
    person = PersonFactory(territory=scoped.territory)
    services.add_referent(
        user=users["lead"], action=action, person=person, committed_on=dt.date(2013, 6, 5)
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.RETAINED
    with pytest.raises(ValidationError):
        services.add_referent(user=users["lead"], action=action, person=person)


@pytest.mark.parametrize("percent", [140, -5])
def test_progress_out_of_range_is_refused(scoped, users, percent):
    action = ActionFactory(programme=scoped)
    with pytest.raises(ValidationError) as excinfo:
        services.add_progress(
            user=users["lead"], action=action, date=dt.date(2013, 6, 5), text="x", percent=percent
        )
    assert "0 et 100" in " ".join(excinfo.value.messages) or "0 and 100" in " ".join(
        excinfo.value.messages
    )
    assert not action.updates.exists()


def test_progress_moves_the_status(scoped, users):
    action = ActionFactory(programme=scoped)
    services.add_progress(
        user=users["lead"], action=action, date=dt.date(2013, 6, 5), text="Lancée", percent=40
    )
    assert action.status == ActionStatus.IN_PROGRESS
    services.add_progress(
        user=users["lead"], action=action, date=dt.date(2013, 9, 5), text="Finie", percent=100
    )
    assert action.status == ActionStatus.DONE


def test_without_referent_first_and_counts(scoped):
    group = WorkingGroupFactory(programme=scoped)
    carried = ActionFactory(programme=scoped, group=group, position=1)
    ReferentFactory(action=carried)
    alone = ActionFactory(programme=scoped, group=group, position=2)
    ActionFactory(programme=scoped, position=3, status=ActionStatus.ABANDONED)
    origins = selectors.by_group(scoped)
    assert [o.label for o in origins][0] == group.name
    assert origins[0].actions == [alone, carried]
    assert selectors.without_referent_count(scoped) == 1
    assert selectors.referent_counts(scoped) == (1, 1)


class FakeProposal:
    def __init__(self, pk, group, text):
        self.pk, self.group, self.text = pk, group, text


def test_proposals_become_actions_in_one_step(scoped, users):
    group = WorkingGroupFactory(programme=scoped)
    proposals = [
        FakeProposal(1, group, "Créer un réseau\nAvec les associations"),
        FakeProposal(2, group, "Un raid"),
    ]
    created = services.actions_from_proposals(
        user=users["lead"], programme=scoped, proposals=proposals
    )
    assert [a.title for a in created] == ["Créer un réseau", "Un raid"]
    assert all(a.status == ActionStatus.SEEKING and a.group == group for a in created)
    with pytest.raises(ValidationError):
        services.actions_from_proposals(user=users["lead"], programme=scoped, proposals=proposals)
    assert Action.objects.count() == 2
