"""The demo: the launch registrants composed into the kit's three groups, accepted by pilote."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django_scopes import scope

from copilote.composition import services
from copilote.composition.demo import compose_demo
from copilote.programmes.demo import load_demo
from copilote.workgroups.models import Member

pytestmark = pytest.mark.django_db


def test_demo_composition_is_accepted_and_reproducible():
    programme, _created = load_demo()
    lead = get_user_model().objects.get(username="pilote")
    with scope(territory=programme.territory):
        before = Member.objects.filter(programme=programme).count()
        proposal = compose_demo(programme, lead)
        assert proposal.outcome == "optimal" and proposal.fully_accepted
        assert compose_demo(programme, lead) is None  # once
        members = Member.objects.filter(programme=programme).select_related("group", "candidate")
        newcomers = [m for m in members if m.candidate.source == "event"]
        assert len(members) == before + len(newcomers)
        assert {m.group.slug for m in newcomers} == {
            "handicap",
            "insertion-des-jeunes",
            "lutte-contre-la-precarite",
        }
        assert not any(m.confirmed for m in newcomers)
        for group in programme.working_groups.all():
            participants = group.members.filter(role="participant").count()
            assert group.size_min <= participants <= group.size_max
        # Someone refusing « précarité » is not there; whoever is left out has a reason.
        assert all(
            m.group.slug != "lutte-contre-la-precarite"
            for m in newcomers
            if m.candidate.last_name == "Rousseau (fictif)"
        )
        assert proposal.explanation["left_out"] and all(
            item["reason"] for item in proposal.explanation["left_out"]
        )
        # The kit's groups are closed again: a new proposal has nothing to compose.
        assert all(group.status == "closed" for group in programme.working_groups.all())
        with pytest.raises(ValidationError, match="Tous les groupes de travail sont clos"):
            services.create_proposal(user=lead, programme=programme)
