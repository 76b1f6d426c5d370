"""RGPD: export everything held on a person; erase it everywhere, in one transaction, logged."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from copilote.actors import personal_data
from copilote.actors.models import ImportBatch, Interaction, Mobilisation, Person
from copilote.core.models import ActivityLog

pytestmark = pytest.mark.django_db
EMAIL = "sophie.lemoine@exemple.invalid"


def run(*args):
    import io

    out, err = io.StringIO(), io.StringIO()
    call_command("person", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_gives_everything_held(demo):
    out, _err = run("export", EMAIL.upper())
    data = json.loads(out)
    contact = data["data"]["contacts"][0]
    assert (
        contact["last_name"] == "Lemoine (fictive)" and contact["organisation"] == "Crédit Foncier"
    )
    assert contact["consent"] is True and contact["consent_date"] == "2012-03-22"
    assert contact["mobilisations"][0]["status"] == "engage"


def test_erase_anonymises_everywhere_and_logs_without_the_address(demo, users):
    with scopes_disabled():
        person = Person.objects.get(email=EMAIL)
        mobilisation = Mobilisation.objects.get(contact=person)
        Interaction.objects.create(
            mobilisation=mobilisation,
            kind="mail",
            date="2012-05-01",
            notes=f"Écrit à {EMAIL.upper()}",
        )
        ImportBatch.objects.create(
            programme=demo,
            user=users["lead"],
            target="contacts",
            filename="c.csv",
            rows=[{"email": EMAIL}],
        )
    out, _err = run("erase", EMAIL)
    assert "Effacé" in out
    with scopes_disabled():
        person.refresh_from_db()
        assert person.anonymised and person.email == "" and person.phone == ""
        assert person.last_name == f"{personal_data.ANONYMOUS_NAME} n°{person.pk}"
        assert person.first_name == ""
        assert (
            Mobilisation.objects.get(pk=mobilisation.pk).contact_id == person.pk
        )  # the fact stays
        assert (
            EMAIL
            not in Interaction.objects.get(mobilisation=mobilisation, kind="mail").notes.lower()
        )
        assert not ImportBatch.objects.exists()
        log = ActivityLog.objects.get(action="person.erase")
    assert EMAIL not in json.dumps(log.data) and "Lemoine" not in log.object_repr
    assert json.loads(run("export", EMAIL)[0])["data"]["contacts"] == []
    assert run("erase", EMAIL)[0].startswith("Aucune donnée")


def test_erase_warns_about_roles_and_still_erases(demo):
    user = get_user_model().objects.get(username="pilote")
    _out, err = run("erase", user.email)
    assert "pilote l’expérimentation « Charenton – Saint-Maurice »" in err
    user.refresh_from_db()
    assert user.email == "" and not user.is_active and user.username.startswith("anonyme-")


def test_other_apps_register_their_holders(demo):
    """A later app (working groups, results) adds its anonymiser and its warning."""
    calls = []
    holder = personal_data.Holder(
        "test_colead",
        export=lambda email: [{"group": "Handicap"}],
        erase=lambda email: calls.append(email) or 1,
        warnings=lambda email: ["Cette personne co-anime le groupe « Handicap »."],
    )
    personal_data.register(holder)
    try:
        assert "Cette personne co-anime le groupe « Handicap »." in (
            personal_data.erasure_warnings(EMAIL)
        )
        result = personal_data.erase_person(EMAIL)
        assert calls == [EMAIL] and result.counts["test_colead"] == 1
        assert result.warnings
    finally:
        personal_data._HOLDERS.pop("test_colead")


def test_erase_is_all_or_nothing(demo):
    def broken(email):
        raise RuntimeError("boom")

    personal_data.register(personal_data.Holder("zz_broken", export=lambda e: [], erase=broken))
    try:
        with pytest.raises(RuntimeError):
            personal_data.erase_person(EMAIL)
    finally:
        personal_data._HOLDERS.pop("zz_broken")
    with scopes_disabled():
        assert Person.objects.filter(email=EMAIL).exists()


def test_bad_address_is_refused(demo):
    with pytest.raises(CommandError):
        run("erase", "pas une adresse")


def test_programme_file_still_round_trips_after_an_erasure(demo):
    from copilote.programmes.programme_file import dump, export_programme, import_programme

    personal_data.erase_person(EMAIL)
    text = dump(export_programme(demo))
    assert EMAIL not in text and "Lemoine" not in text
    from copilote.actors.models import Organisation
    from copilote.programmes.models import Programme, Territory

    with scopes_disabled():
        Programme.objects.all().delete()
        Organisation.objects.all().delete()
        Territory.objects.all().delete()
    assert dump(export_programme(import_programme(text))) == text
