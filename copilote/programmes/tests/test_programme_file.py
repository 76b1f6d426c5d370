import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scopes_disabled

from copilote.actors.models import Organisation
from copilote.programmes.demo import DEMO_FILE
from copilote.programmes.models import Programme, Territory
from copilote.programmes.programme_file import (
    ProgrammeFileError,
    dump,
    export_programme,
    import_programme,
    parse,
)

pytestmark = pytest.mark.django_db

MINIMAL = """\
format: copilote-programme
version: 1
territory:
  slug: val-de-test
  name: Val de Test
  communes:
    - name: Testville
      insee_code: "99001"
organisations:
  - name: Mairie de Testville
    kind: collectivite
    commune: Testville
programme:
  slug: essai
  name: Essai
  sponsor: Mairie de Testville
themes:
  - slug: handicap
    name: Handicap
  - slug: emploi
    name: Emploi
  - slug: precarite
"""


def demo_text():
    return DEMO_FILE.read_text(encoding="utf-8")


def counts():
    with scopes_disabled():
        return (Territory.objects.count(), Programme.objects.count(), Organisation.objects.count())


def test_demo_file_is_valid():
    data, _lines = parse(demo_text())
    assert data["programme"]["slug"] == "charenton-saint-maurice"
    assert [t["name"] for t in data["themes"]] == [
        "Insertion des jeunes",
        "Handicap",
        "Lutte contre la précarité",
    ]


def test_round_trip_is_exact(django_db_blocker):
    """export → import into an empty database → export gives the same file."""
    programme = import_programme(demo_text())
    first = dump(export_programme(programme))
    with scopes_disabled():
        Programme.objects.all().delete()
        Organisation.objects.all().delete()
        Territory.objects.all().delete()
    assert counts() == (0, 0, 0)
    second = dump(export_programme(import_programme(first)))
    assert second == first
    # The frames copied from the kit travel with the file.
    assert "kind: committee" in first and "Les enjeux du projet" in first
    # The steering committee travels too: members, meetings, notes, decisions, tasks, and what
    # the published minutes showed.
    assert "committee:" in first and "published_content:" in first
    assert "Donner une suite à la phase expérimentale" in first


def test_round_trip_keeps_the_actors_sections(django_db_blocker):
    """Directory fields, contacts, mobilisation with its exchanges, networks, guide."""
    from django_scopes import scope

    from copilote.actors.models import Interaction, Mobilisation, Network
    from copilote.core.tests.factories import UserFactory

    programme = import_programme(demo_text())
    follower = UserFactory(username="suivi")
    with scope(territory=programme.territory):
        mobilisation = Mobilisation.objects.get(organisation__name="Natixis")
        mobilisation.followed_by = follower
        mobilisation.save()
        Interaction.objects.create(
            mobilisation=mobilisation, kind="rdv", date="2012-06-12", notes="Rencontre"
        )
        Network.objects.get().members.add(Organisation.objects.get(name="Natixis"))
        organisation = Organisation.objects.get(name="Essilor")
        organisation.maturity, organisation.size, organisation.sector = (
            "experimente",
            "250+",
            "Optique",
        )
        organisation.save()
    first = dump(export_programme(programme))
    for text in (
        "contacts:",
        "networks:",
        "mobilisation:",
        "channel_events:",
        "communication_plan:",
        "guide:",
        "followed_by: suivi",
        "notes: Rencontre",
        "maturity: experimente",
        "publish_in_guide: true",
        "appointment_precision: month",
    ):
        assert text in first, text
    with scopes_disabled():
        Programme.objects.all().delete()
        Organisation.objects.all().delete()
        Territory.objects.all().delete()
    assert dump(export_programme(import_programme(first))) == first


def test_bad_actors_section_names_the_place():
    text = demo_text().replace("    status: rdv_prevu\n", "    status: peut-etre\n", 1)
    with pytest.raises(ProgrammeFileError) as excinfo:
        import_programme(text)
    assert "mobilisation[0].status" in str(excinfo.value)
    assert counts() == (0, 0, 0)


def test_missing_required_field_names_the_place():
    with pytest.raises(ProgrammeFileError) as excinfo:
        import_programme(MINIMAL)
    assert excinfo.value.problems == ["themes[2].name (ligne 22) : obligatoire"]
    assert counts() == (0, 0, 0)


def test_bad_file_changes_nothing_even_after_partial_work():
    """Problems found while importing (after writes began) roll everything back."""
    text = MINIMAL.replace("  - slug: precarite\n", "  - slug: precarite\n    name: Handicap\n")
    text = text.replace("sponsor: Mairie de Testville", "sponsor: Mairie inconnue")
    with pytest.raises(ProgrammeFileError) as excinfo:
        import_programme(text)
    problems = "\n".join(excinfo.value.problems)
    assert "programme.sponsor" in problems and "Mairie inconnue" in problems
    assert "themes[2]" in problems
    assert counts() == (0, 0, 0)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("version: 1", "version: 7"), "version (ligne 2)"),
        (("kind: collectivite", "kind: mairie"), "organisations[0].kind"),
        (("slug: essai", "slug: Essai Majuscule"), "programme.slug"),
        (("name: Essai", "name: Essai\n  colour: blue"), "champ(s) inconnu(s) : colour"),
        (("name: Essai", "name: Essai\n  start_date: 2012-13-45"), "programme.start_date"),
        (("name: Essai", "name: [unclosed"), "YAML"),
    ],
)
def test_invalid_files_are_refused_with_their_place(change, expected):
    text = MINIMAL.replace("  - slug: precarite\n", "").replace(*change)
    with pytest.raises(ProgrammeFileError) as excinfo:
        import_programme(text)
    assert expected in str(excinfo.value)
    assert counts() == (0, 0, 0)


def test_contradicting_targets_are_refused():
    text = MINIMAL.replace("  - slug: precarite\n", "").replace(
        "sponsor: Mairie de Testville",
        "sponsor: Mairie de Testville\n  targets:\n    participants_per_group: {min: 12, max: 8}",
    )
    with pytest.raises(ProgrammeFileError) as excinfo:
        import_programme(text)
    assert "programme" in str(excinfo.value) and "minimum" in str(excinfo.value)
    assert counts() == (0, 0, 0)


def test_same_slug_twice_in_a_territory_is_refused():
    import_programme(demo_text())
    with pytest.raises(ProgrammeFileError) as excinfo:
        import_programme(demo_text())
    assert "programme.slug" in str(excinfo.value)
    assert counts()[1] == 1


def test_commune_of_another_territory_is_refused():
    import_programme(demo_text())
    other = MINIMAL.replace("  - slug: precarite\n", "").replace('"99001"', '"94018"')
    with pytest.raises(ProgrammeFileError) as excinfo:
        import_programme(other)
    assert "territory.communes[0]" in str(excinfo.value)
    assert counts()[0] == 1


def test_file_without_frames_gets_the_current_kit():
    programme = import_programme(MINIMAL.replace("  - slug: precarite\n", ""))
    with scopes_disabled():
        keys = list(programme.frames.values_list("kind", "key"))
        phases = list(programme.plan_phases.values_list("key", flat=True))
    assert ("committee", "copil-1") in keys and ("calendar", "default") in keys
    assert phases == ["preparation", "experimentation", "bilan"]


def test_cli_import_export_and_errors(tmp_path, capsys):
    good = tmp_path / "good.yaml"
    good.write_text(demo_text(), encoding="utf-8")
    call_command("programme", "import", str(good))
    call_command("programme", "list")
    assert "charenton-saint-maurice" in capsys.readouterr().out
    out = tmp_path / "out.yaml"
    call_command("programme", "export", "charenton-saint-maurice", "-o", str(out))
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["programme"]["name"]

    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("programme", "import", str(bad))
    assert "themes[2].name" in str(excinfo.value) and "rien n’a été modifié" in str(excinfo.value)
    with pytest.raises(CommandError):
        call_command("programme", "export", "inconnu")
    with pytest.raises(CommandError):
        call_command("programme", "import", str(tmp_path / "missing.yaml"))


def test_cli_schema_prints_json(capsys):
    call_command("programme", "schema")
    assert '"copilote-programme"' in capsys.readouterr().out


def test_registered_sections_extend_the_file(monkeypatch):
    """An app adds its own section: schema, export and import, with the same error paths."""
    from copilote.programmes.programme_file import Section, full_schema, sections

    loaded = []

    def load(context, value):
        for i, slug in enumerate(value["themes"]):
            theme = context.theme(slug, ("extra", "themes", i))
            if theme:
                loaded.append(theme.name)

    section = Section(
        key="extra",
        schema={"type": "object", "properties": {"themes": {"type": "array"}}},
        export=lambda programme: {"themes": [t.slug for t in programme.themes.all()]},
        load=load,
    )
    monkeypatch.setitem(sections._SECTIONS, "extra", section)
    assert full_schema()["properties"]["extra"] == section.schema
    text = MINIMAL.replace("  - slug: precarite\n", "") + "extra:\n  themes: [handicap, emploi]\n"
    programme = import_programme(text)
    assert loaded == ["Handicap", "Emploi"]
    assert export_programme(programme)["extra"] == {"themes": ["handicap", "emploi"]}
    with pytest.raises(ProgrammeFileError) as excinfo:
        import_programme(text.replace("essai", "essai-2").replace("[handicap", "[inconnu"))
    assert "extra.themes[0]" in str(excinfo.value)


def test_earlier_maturity_levels_are_read_as_the_kits():
    """Files written before « en démarche / expérimenté » keep importing (intermediaire,
    confirme); the data migration maps the stored values the same way."""
    import importlib

    from django.apps import apps

    text = MINIMAL.replace("  - slug: precarite\n", "").replace(
        "    commune: Testville\n",
        "    commune: Testville\n    maturity: confirme\n"
        "  - name: Club de test\n    kind: association\n    maturity: intermediaire\n",
        1,
    )
    import_programme(text)
    with scopes_disabled():
        levels = dict(Organisation.objects.values_list("name", "maturity"))
        assert levels == {"Mairie de Testville": "experimente", "Club de test": "en_demarche"}
        Organisation.objects.filter(name="Club de test").update(maturity="confirme")
        migration = importlib.import_module("copilote.actors.migrations.0006_maturity_levels")
        migration.forward(apps, None)
        assert Organisation.objects.get(name="Club de test").maturity == "experimente"
