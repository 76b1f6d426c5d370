import datetime as dt

import pytest
from django_scopes import scope

from copilote.actors import selectors
from copilote.actors.tests.factories import MobilisationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_mobilisation_progress_is_the_kits_slide(demo_scope):
    progress = selectors.mobilisation_progress(demo_scope)
    assert progress["titles"]["companies"] == "Entreprises rencontrées"
    assert progress["titles"]["associations"] == "Associations rencontrées"
    assert progress["titles"]["appointments"] == "RDV à venir"
    assert [o["label"] for o in progress["companies"]] == [
        "Club Gravelle Entreprendre : OK",
        "Crédit Foncier : OK",
        "Essilor : OK",
        "Natixis : OK",
    ]
    assert [o["label"] for o in progress["associations"]] == ["Petit Plus : OK"]
    assert {o["status_label"] for o in progress["companies"]} == {"Engagé (OK)"}
    labels = [a["label"] for a in progress["appointments"]]
    assert labels[0] == "M. Cambon, Maire de Saint-Maurice (septembre 2012)"
    assert set(labels[1:]) == {
        "Apart’city (Saint-Maurice)",
        "Docapost (filiale de La Poste)",
        "Veolia (Saint-Maurice)",
    }
    assert progress["appointments"][0]["date"] == dt.date(2012, 9, 1)
    assert progress["appointments"][0]["precision"] == "month"
    assert progress["header"] == [
        "Entreprises rencontrées",
        "Associations rencontrées",
        "RDV à venir",
    ]
    assert progress["rows"][0] == [
        "Club Gravelle Entreprendre : OK",
        "Petit Plus : OK",
        "M. Cambon, Maire de Saint-Maurice (septembre 2012)",
    ]
    assert progress["rows"][3][1] == "" and len(progress["rows"]) == 4
    assert progress["counts"] == {
        "companies": 4,
        "associations": 1,
        "others": 0,
        "committed": 5,
        "appointments": 4,
    }


def test_mobilisation_progress_can_keep_only_coming_appointments(demo_scope):
    progress = selectors.mobilisation_progress(demo_scope, today=dt.date(2012, 9, 20))
    # September 2012 (to the month) is still to come on 20 September; undated ones stay.
    assert len(progress["appointments"]) == 4
    progress = selectors.mobilisation_progress(demo_scope, today=dt.date(2012, 10, 1))
    assert "M. Cambon" not in " ".join(a["label"] for a in progress["appointments"])


def test_board_has_one_column_per_status(demo_scope):
    columns = selectors.board(demo_scope)
    assert [c["status"] for c in columns] == [
        "identifie",
        "a_contacter",
        "rdv_prevu",
        "rencontre",
        "engage",
        "decline",
    ]
    committed = next(c for c in columns if c["status"] == "engage")
    assert committed["total"] == 5


def test_board_columns_are_capped(programme):
    with scope(territory=programme.territory):
        for _ in range(selectors.BOARD_COLUMN_LIMIT + 3):
            MobilisationFactory(programme=programme)
        column = selectors.board(programme)[0]
    assert len(column["cards"]) == selectors.BOARD_COLUMN_LIMIT
    assert column["more"] == 3


def test_directory_filters_and_sorts(programme):
    territory = programme.territory
    OrganisationFactory(territory=territory, name="Zèbre", kind="entreprise")
    followed = OrganisationFactory(territory=territory, name="Abeille", kind="association")
    MobilisationFactory(programme=programme, organisation=followed, status="engage")
    with scope(territory=territory):
        names = [o.name for o in selectors.organisations(programme, sort="-name")]
        assert names == ["Zèbre", "Abeille"]
        assert [o.name for o in selectors.organisations(programme, kind="entreprise")] == ["Zèbre"]
        assert [o.name for o in selectors.organisations(programme, status="engage")] == ["Abeille"]
        assert [o.name for o in selectors.organisations(programme, status="none")] == ["Zèbre"]
        assert [o.name for o in selectors.organisations(programme, q="abei")] == ["Abeille"]
        assert [o.name for o in selectors.organisations(programme, sort="status")][0] == "Abeille"


def test_dashboard_card_counts_by_kind_and_commune(demo_scope):
    card = selectors.dashboard_card(demo_scope)
    companies = next(r for r in card["by_kind"] if r["organisation__kind"] == "entreprise")
    assert companies["committed"] == 4 and companies["followed"] == 8
    saint_maurice = next(r for r in card["by_commune"] if r["label"] == "Saint-Maurice")
    # Apart’city, Club Gravelle, Lions Sight First, Mairie, Neova, Petit Plus, Veolia
    assert saint_maurice["followed"] == 7


def test_guide_lists_only_organisations_that_agreed(demo_scope):
    guide = selectors.guide(demo_scope, public=True)
    names = {o.name for s in guide["sections"] for o in s["organisations"]}
    assert names == {
        "Crédit Foncier",
        "Petit Plus",
        "Natixis",
        "Essilor",
        "Neova",
        "Croix-Rouge",
        "Unis Cité",
        "Lions Sight First",
    }
    assert "Docapost" not in names  # not in the guide: it did not agree
    assert all(s["resources"] and s["schemes"] for s in guide["sections"])
