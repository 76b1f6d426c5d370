"""What a new user hit: French order and elision, « Engagé (OK) », an exchange form that keeps
what was typed, deleting a contact or an exchange after confirmation."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from django_scopes import scope, scopes_disabled

from copilote.actors import selectors
from copilote.actors.models import Interaction, Mobilisation, Organisation, Person
from copilote.core.collation import sort_key
from copilote.core.text import of_name

pytestmark = pytest.mark.django_db

T = {"territory": "charenton-saint-maurice", "programme": "charenton-saint-maurice"}


def url(name, **kwargs):
    return reverse(name, kwargs={**T, **kwargs})


@pytest.fixture
def pilote(client, demo):
    client.force_login(get_user_model().objects.get(username="pilote"))
    return client


def test_french_order_in_python_and_in_queries(demo_scope):
    names = ["Croix-Rouge", "crèche", "Crédit Foncier", "Écoles", "Essilor", "eau"]
    assert sorted(names, key=sort_key) == [
        "crèche",
        "Crédit Foncier",
        "Croix-Rouge",
        "eau",
        "Écoles",
        "Essilor",
    ]
    Organisation.objects.create(territory=demo_scope.territory, name="Écoles", kind="autre")
    listed = [o.name for o in selectors.organisations(demo_scope)]
    assert listed.index("Crédit Foncier") < listed.index("Croix-Rouge")
    assert listed.index("Docapost") < listed.index("Écoles") < listed.index("Essilor")
    backwards = [o.name for o in selectors.organisations(demo_scope, sort="-name")]
    assert backwards == listed[::-1]
    people = [p.last_name for p in selectors.people(demo_scope)]
    assert people == sorted(people, key=sort_key)


def test_french_elision_in_generated_labels(pilote, demo):
    with translation.override("fr"):
        assert of_name("Essilor") == "d’Essilor"
        assert of_name("Unis Cité") == "d’Unis Cité"
        assert of_name("Natixis") == "de Natixis"
    with translation.override("en"):
        assert of_name("Essilor") == "of Essilor"
    with scopes_disabled():
        mobilisation = Mobilisation.objects.get(programme=demo, organisation__name="Essilor")
    html = pilote.get(url("actors:mobilisation", pk=mobilisation.pk)).content.decode()
    assert "Mobilisation d’Essilor" in html


def test_committed_is_said_in_words(pilote, demo_scope):
    progress = selectors.mobilisation_progress(demo_scope)
    assert progress["rows"][0][0] == "Club Gravelle Entreprendre : OK"  # the kit's slide
    assert {o["status_label"] for o in progress["companies"]} == {"Engagé (OK)"}
    html = pilote.get(url("programmes:dashboard")).content.decode()
    assert "Engagé (OK)" in html and ">OK<" not in html


def test_the_exchange_form_keeps_what_was_typed_and_names_the_missing_field(pilote, demo):
    with scopes_disabled():
        mobilisation = Mobilisation.objects.get(programme=demo, organisation__name="Veolia")
    target = url("actors:interaction_add", pk=mobilisation.pk)
    response = pilote.post(target, {"kind": "rdv", "date": "", "notes": "Rencontré au forum"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Rencontré au forum" in html
    assert 'id="id_date"' in html and "Ce champ est obligatoire" in html
    with scopes_disabled():
        assert not Interaction.objects.filter(mobilisation=mobilisation).exists()
    response = pilote.post(target, {"kind": "rdv", "date": "2012-09-12", "notes": "Rencontré"})
    assert response.status_code == 302
    with scopes_disabled():
        exchange = Interaction.objects.get(mobilisation=mobilisation)
    # Deleting the exchange asks first.
    delete = url("actors:interaction_delete", pk=mobilisation.pk, interaction=exchange.pk)
    assert pilote.get(delete).status_code == 200
    pilote.post(delete, {})
    with scopes_disabled():
        assert Interaction.objects.filter(pk=exchange.pk).exists()
    pilote.post(delete, {"confirm": "on"})
    with scopes_disabled():
        assert not Interaction.objects.filter(pk=exchange.pk).exists()


def test_a_contact_is_deleted_after_confirmation_unless_on_the_committee(pilote, demo):
    with scopes_disabled():
        loose = Person.objects.create(territory=demo.territory, last_name="Passant")
        seated = Person.objects.get(email="helene.durand@exemple.invalid")
    assert pilote.get(url("actors:person_delete", pk=loose.pk)).status_code == 200
    response = pilote.post(url("actors:person_delete", pk=loose.pk), {"confirm": "on"})
    assert response.status_code == 302
    response = pilote.post(
        url("actors:person_delete", pk=seated.pk), {"confirm": "on"}, follow=True
    )
    assert "siège au comité de pilotage" in response.content.decode()
    with scopes_disabled():
        assert not Person.objects.filter(pk=loose.pk).exists()
        assert Person.objects.filter(pk=seated.pk).exists()


def test_month_appointments_keep_their_french_order(demo_scope):
    # Two appointments of the same day: French order of the names breaks the tie.
    with scope(territory=demo_scope.territory):
        for name in ("Docapost", "Apart’city"):
            Mobilisation.objects.filter(programme=demo_scope, organisation__name=name).update(
                appointment_date=dt.date(2030, 1, 7)
            )
    names = [a["organisation"] for a in selectors.mobilisation_progress(demo_scope)["appointments"]]
    assert names.index("Apart’city") < names.index("Docapost")
