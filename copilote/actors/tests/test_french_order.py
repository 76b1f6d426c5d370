"""The directory's and the contacts' French order is a stored key (core.collation): it follows
every way a name is written — the forms' services, the programme file, the CSV import, an
erasure — and reads the same on SQLite and PostgreSQL."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from copilote.actors import personal_data, programme_file, search, selectors, services, tabular
from copilote.actors.models import Mobilisation, Organisation, Person
from copilote.actors.tests.factories import MobilisationFactory, NetworkFactory, PersonFactory
from copilote.actors.tests.fixture_files import csv_bytes
from copilote.actors.tests.importing import import_file
from copilote.core.collation import sort_key, stored_key
from copilote.core.tests.factories import OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def names(programme, **filters):
    return [o.name for o in selectors.organisations(programme, **filters)]


def test_the_programme_file_writes_every_key(demo):
    with scopes_disabled():
        for o in Organisation.objects.all():
            assert o.sort_name == stored_key(o.name), o.name
        for p in Person.objects.all():
            assert p.sort_name == stored_key(p.last_name, p.first_name), p.last_name


def test_a_renamed_organisation_and_contact_move_in_the_lists(demo_scope, users):
    listed = names(demo_scope)
    assert listed == sorted(listed, key=sort_key)
    assert listed.index("Essilor") < listed.index("Veolia")
    veolia = Organisation.objects.get(name="Veolia")
    services.save_organisation(
        user=users["lead"], programme=demo_scope, organisation=veolia, name="Ébène (Veolia)"
    )
    listed = names(demo_scope)
    assert listed == sorted(listed, key=sort_key)
    assert listed.index("Docapost") < listed.index("Ébène (Veolia)") < listed.index("Essilor")
    assert names(demo_scope, sort="-name") == listed[::-1]

    person = Person.objects.filter(organisation__isnull=False).first()
    services.save_person(user=users["lead"], programme=demo_scope, person=person, last_name="Aa")
    people = list(selectors.people(demo_scope))
    assert people[0].pk == person.pk
    assert [p.sort_name for p in people] == sorted(
        stored_key(p.last_name, p.first_name) for p in people
    )


def test_the_csv_import_writes_the_keys(territory_scope, users):
    content = csv_bytes(
        [[name, "association", "", "", "", "", ""] for name in ("Zèbre", "écoles", "Eau", "Ça")]
    )
    import_file(territory_scope, users["lead"], "organisations", content)
    assert names(territory_scope) == ["Ça", "Eau", "écoles", "Zèbre"]


def test_an_erased_contact_keeps_no_key_of_their_name(demo):
    email = "sophie.lemoine@exemple.invalid"
    with scopes_disabled():
        before = Person.objects.get(email=email)
    personal_data.erase_person(email)
    with scopes_disabled():
        after = Person.objects.get(pk=before.pk)
    assert after.sort_name == stored_key(after.last_name, after.first_name)
    assert stored_key("Lemoine")[:12] not in after.sort_name


# Raw byte order puts « Écoles » after « Fabrique » (É is above every unaccented letter);
# French order puts it between « Eau » and « Fabrique », in every list of the actors.
ACCENTED = ["Eau", "Écoles", "Fabrique"]


@pytest.fixture
def accented(territory_scope):
    """Three organisations, each with a contact of the same name, a mobilisation with an
    appointment on the same day, a theme of the guide and a network: created in raw order."""
    programme = territory_scope
    territory = programme.territory
    theme = ThemeFactory(programme=programme)
    network = NetworkFactory(territory=territory)
    for name in sorted(ACCENTED):
        organisation = OrganisationFactory(territory=territory, name=name, publish_in_guide=True)
        organisation.themes.add(theme)
        network.members.add(organisation)
        person = PersonFactory(territory=territory, last_name=name, organisation=organisation)
        MobilisationFactory(
            programme=programme,
            organisation=organisation,
            contact=person,
            status="rdv_prevu",
            appointment_date=dt.date(2012, 9, 12),
        )
    return programme


def test_default_orderings_are_french(accented):
    assert [o.name for o in Organisation.objects.all()] == ACCENTED
    assert [p.last_name for p in Person.objects.all()] == ACCENTED
    assert [m.organisation.name for m in Mobilisation.objects.all()] == ACCENTED


def test_coming_appointments_of_one_day_in_french_order(accented):
    assert [m.organisation.name for m in selectors.coming_appointments(accented)] == ACCENTED


def test_searches_the_guide_the_exports_in_french_order(accented):
    people, _more = search.find_people(accented, "e")
    assert [label.split(" ")[1] for _pk, label in people] == ACCENTED
    organisations, _more = search.find_organisations(accented, "e")
    assert [label for _pk, label in organisations] == ACCENTED
    (section,) = selectors.guide(accented, public=True)["sections"]
    assert [o.name for o in section["organisations"]] == ACCENTED
    _header, rows = tabular.export_table("organisations", accented, with_contact_details=True)
    assert [row[0] for row in rows] == ACCENTED
    _header, rows = tabular.export_table("contacts", accented, with_contact_details=True)
    assert [row[1] for row in rows] == ACCENTED
    assert [p["last_name"] for p in programme_file.export_contacts(accented)] == ACCENTED
    assert [m["organisation"] for m in programme_file.export_mobilisation(accented)] == ACCENTED
    (network,) = programme_file.export_networks(accented)
    assert network["members"] == ACCENTED
