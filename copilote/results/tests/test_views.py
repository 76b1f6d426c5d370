import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from copilote.core.tests.factories import OrganisationFactory, PersonFactory, ProgrammeFactory
from copilote.results import services
from copilote.results.models import Action, Referent
from copilote.results.tests.factories import (
    ActionFactory,
    FirstStepFactory,
    ProgressUpdateFactory,
    ReferentFactory,
    WorkingGroupFactory,
)
from copilote.results.views import MAX_ORIGINS, PER_GROUP

pytestmark = pytest.mark.django_db


def url(programme, name, **kwargs):
    return reverse(
        name, kwargs={"territory": programme.territory.slug, "programme": programme.slug, **kwargs}
    )


def make(programme, n):
    with scopes_disabled():
        groups = [WorkingGroupFactory(programme=programme) for _i in range(3)]
        for i in range(n):
            action = ActionFactory(programme=programme, group=groups[i % 3] if i % 4 else None)
            if i % 2:
                ReferentFactory(action=action)
            FirstStepFactory(action=action)
            ProgressUpdateFactory(action=action)


@pytest.mark.parametrize("name", ["results:index", "results:all", "programmes:dashboard"])
def test_lists_read_in_a_fixed_number_of_queries(programme, client_for, name):
    client = client_for("lead")
    make(programme, 4)
    client.get(url(programme, name))
    cache.clear()  # count what the page computes, not a page kept for the content version
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(programme, name)).status_code == 200
    make(programme, 40)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        assert client.get(url(programme, name)).status_code == 200
    assert len(large) == len(small), "\n".join(q["sql"][:150] for q in large.captured_queries)


def test_index_caps_each_group_and_links_to_all(programme, client_for):
    with scopes_disabled():
        group = WorkingGroupFactory(programme=programme)
        actions = [ActionFactory(programme=programme, group=group) for _i in range(12)]
    response = client_for("observer").get(url(programme, "results:index"))
    html = response.content.decode()
    shown = [a for a in actions if f'href="{url(programme, "results:action", pk=a.pk)}"' in html]
    assert shown == actions[:PER_GROUP]
    assert f"?groupe={group.slug}" in html
    page = client_for("observer").get(url(programme, "results:all") + f"?groupe={group.slug}")
    assert len(page.context["page"].object_list) == 12


def test_referent_of_another_territory_is_refused_and_typing_kept(programme, client_for):
    with scopes_disabled():
        action = ActionFactory(programme=programme)
        stranger = PersonFactory(territory=ProgrammeFactory().territory)
    response = client_for("lead").post(
        url(programme, "results:referent_add", pk=action.pk),
        {"person": stranger.pk, "committed_on": "2013-06-05"},
    )
    assert response.status_code == 200
    assert "2013-06-05" in response.content.decode()
    with scopes_disabled():
        assert not Referent.objects.exists()


def test_local_authority_needs_confirmation_in_the_form(programme, client_for):
    with scopes_disabled():
        group = WorkingGroupFactory(programme=programme)
        authority = OrganisationFactory(territory=programme.territory, kind="collectivite")
    data = {"title": "Raid", "group": group.pk, "status": "retenue", "carrier": authority.pk}
    response = client_for("lead").post(url(programme, "results:add"), data)
    assert response.status_code == 200
    assert "action transverse" in response.content.decode()
    with scopes_disabled():
        assert not Action.objects.exists()
    response = client_for("lead").post(
        url(programme, "results:add"), {**data, "carrier_confirmed": "on"}
    )
    assert response.status_code == 302


def test_progress_of_140_is_refused(programme, client_for):
    with scopes_disabled():
        action = ActionFactory(programme=programme)
    response = client_for("facilitator").post(
        url(programme, "results:progress_add", pk=action.pk),
        {"date": "2013-06-05", "text": "Lancée", "percent": "140"},
    )
    assert "entre 0 et 100" in response.content.decode()
    with scopes_disabled():
        assert not action.updates.exists()


def test_public_page_shows_only_published_actions(programme, client):
    with scopes_disabled():
        ActionFactory(programme=programme, title="Action secrète")
    public_url = url(programme, "results:public")
    assert client.get(public_url).status_code == 404
    with scopes_disabled():
        ActionFactory(programme=programme, title="Action publiée", public=True)
    response = client.get(public_url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Action publiée" in content and "Action secrète" not in content


def test_dashboard_says_how_many_actions_lack_a_referent(programme, client_for):
    with scopes_disabled():
        ActionFactory(programme=programme, status="cherche-referent")
        ReferentFactory(action=ActionFactory(programme=programme))
    content = client_for("observer").get(url(programme, "programmes:dashboard")).content.decode()
    assert "1 action sans référent" in content


def test_a_groups_proposals_become_actions_in_one_step(programme, client_for):
    """With the working groups' own proposals: offered once, turned in one post, then gone."""
    from copilote.workgroups.tests.factories import ProposalFactory

    with scopes_disabled():
        group = WorkingGroupFactory(programme=programme, name="Handicap")
        first = ProposalFactory(group=group, text="Réaliser un raid sportif\nAvec Essilor")
        ProposalFactory(group=group, text="Créer un réseau de référents")
    client = client_for("lead")
    page = client.get(url(programme, "results:from_proposals")).content.decode()
    assert "Réaliser un raid sportif" in page and "Créer un réseau de référents" in page
    response = client.post(url(programme, "results:from_proposals"), {"proposals": [first.pk]})
    assert response.status_code == 302
    with scopes_disabled():
        action = Action.objects.get(programme=programme)
    assert (action.title, action.description, action.group) == (
        "Réaliser un raid sportif",
        "Réaliser un raid sportif\nAvec Essilor",
        group,
    )
    assert action.source_proposal == first.pk
    page = client.get(url(programme, "results:from_proposals")).content.decode()
    assert "Réaliser un raid sportif" not in page and "Créer un réseau de référents" in page
    # Forged: the proposal already turned is no choice any more; nothing is created.
    client.post(url(programme, "results:from_proposals"), {"proposals": [first.pk]})
    with scopes_disabled():
        assert Action.objects.filter(programme=programme).count() == 1


def test_index_shows_the_first_groups_and_the_transverse_actions(programme, client_for):
    with scopes_disabled():
        groups = [WorkingGroupFactory(programme=programme) for _i in range(MAX_ORIGINS + 2)]
        for group in groups:
            ActionFactory(programme=programme, group=group)
        ActionFactory(programme=programme, group=None, title="Action transverse")
    response = client_for("observer").get(url(programme, "results:index"))
    board = response.context["board"]
    origins = board.origins
    assert [o.group for o in origins[:MAX_ORIGINS]] == groups[:MAX_ORIGINS]
    assert origins[-1].group is None and len(origins) == MAX_ORIGINS + 1
    assert board.more_origins
    assert "premiers groupes" in response.content.decode()


def test_index_kept_per_content_version_shows_a_change_at_once(programme, client_for, users):
    with scopes_disabled():
        action = ActionFactory(programme=programme, title="Jardin partagé")
    client = client_for("observer")
    assert "Jardin partagé" in client.get(url(programme, "results:index")).content.decode()
    with scopes_disabled():
        services.add_progress(
            user=users["lead"], action=action, date=dt.date(2027, 3, 1), text="Lancé", percent=40
        )
    html = client.get(url(programme, "results:index")).content.decode()
    assert 'value="40"' in html and "40&nbsp;%" in html
