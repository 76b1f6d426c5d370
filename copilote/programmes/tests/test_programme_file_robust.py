"""The programme file never crashes: hostile YAML, malformed frames, check = import, a second
programme of the same territory, field names in messages, suggestions."""

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scope, scopes_disabled

from copilote.actors.models import Organisation, Person
from copilote.kit import loader as kit
from copilote.programmes.demo import DEMO_FILE
from copilote.programmes.models import Programme, Territory
from copilote.programmes.programme_file import (
    ProgrammeFileError,
    dump,
    export_programme,
    import_programme,
    parse,
    reader,
)
from copilote.programmes.tests.test_programme_file import MINIMAL

pytestmark = pytest.mark.django_db

VALID = MINIMAL.replace("  - slug: precarite\n", "")


def demo_text():
    return DEMO_FILE.read_text(encoding="utf-8")


def counts():
    with scopes_disabled():
        return (
            Territory.objects.count(),
            Programme.objects.count(),
            Organisation.objects.count(),
            Person.objects.count(),
        )


def problems_of(text, **options):
    with pytest.raises(ProgrammeFileError) as excinfo:
        import_programme(text, **options)
    return excinfo.value.problems


# Hostile YAML ----------------------------------------------------------------------------------

BOMB = "\n".join(
    [f"a0: &a0 [{', '.join(['lol'] * 9)}]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BOMB, "ligne 2 : l’alias « *a0 » n’est pas permis"),
        ("format: copilote-programme\nversion: 1\nversion: 2\n", "version (ligne 3) : clé en"),
        (VALID.replace("  name: Essai\n", "  name: Essai\n  name: Autre\n"), "programme.name"),
        ("format: !!python/object/apply:os.system [echo]\n", "balise « tag:yaml.org,2002:python"),
        ("a: " + "[" * 500 + "]" * 500, "imbriqué"),
        ("? [a, b]\n: 1\n", "une clé doit être un simple nom"),
        ("a: " + "9" * 6000, "nombre trop long"),
        ("a: [1, 2\n", "YAML"),
    ],
)
def test_hostile_yaml_is_refused_with_a_french_message(text, expected):
    problems = problems_of(text)
    assert expected in "\n".join(problems)
    assert counts() == (0, 0, 0, 0)


def test_a_file_over_the_size_cap_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1000)
    assert problems_of(VALID + "# " + "x" * 1000 + "\n") == [
        "Le fichier est trop volumineux (0,0 Mo ; au plus 0,0 Mo)."
    ]


def test_export_writes_no_alias(django_db_blocker):
    programme = import_programme(VALID)
    data = export_programme(programme)
    data["programme"]["axes"] = data["programme"]["finalities"] = ["même liste"]
    data["programme"]["finalities"] = data["programme"]["axes"]  # one object twice
    text = dump(data)
    assert "&id" not in text and "*id" not in text
    parse(text)


def test_the_command_answers_a_bomb_without_traceback(tmp_path):
    path = tmp_path / "bombe.yaml"
    path.write_text(BOMB, encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("programme", "import", str(path), "--check")
    assert "alias" in str(excinfo.value) and "rien n’a été modifié" in str(excinfo.value)


# --check runs the whole import --------------------------------------------------------------

BROKEN = {
    "unknown sponsor": VALID.replace("sponsor: Mairie de Testville", "sponsor: Mairie inconnue"),
    "two themes with one slug": VALID.replace("  - slug: emploi", "  - slug: handicap"),
    "meetings out of order": VALID
    + 'committee:\n  meetings:\n    - kind: copil-1\n      date: "2013-01-10"\n'
    '    - kind: copil-2\n      date: "2012-01-10"\n',
    "meeting ends before it starts": VALID
    + 'committee:\n  meetings:\n    - kind: copil-1\n      date: "2013-01-10"\n'
    '      start_time: "12:00"\n      end_time: "10:00"\n',
    "contact with a bad phone": VALID + "contacts:\n  - last_name: Martin\n    phone: abc\n",
    "frame with a wrong field": VALID
    + "frames:\n  - kind: committee\n    key: copil-1\n    data:\n      sections: 3\n",
    "calendar frame without phases": VALID
    + "frames:\n  - kind: calendar\n    key: default\n    data:\n      phases: []\n",
    "schema error": VALID.replace("kind: collectivite", "kind: mairie"),
    "programme already there": demo_text(),
    "unknown commune": VALID.replace("commune: Testville", "commune: Ailleurs"),
}


@pytest.fixture
def demo(db):
    return import_programme(demo_text())


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_check_and_import_agree_on_broken_files(demo, name):
    before = counts()
    checked = problems_of(BROKEN[name], check=True)
    assert counts() == before
    imported = problems_of(BROKEN[name])
    assert checked == imported and checked
    assert counts() == before


def test_check_of_a_valid_file_changes_nothing_then_import_works(demo, tmp_path, capsys):
    before = counts()
    assert import_programme(VALID, check=True) is None
    assert counts() == before
    path = tmp_path / "essai.yaml"
    path.write_text(VALID, encoding="utf-8")
    call_command("programme", "import", str(path), "--check")
    assert "rien n’a été modifié" in capsys.readouterr().out
    assert counts() == before
    assert import_programme(VALID).slug == "essai"


def test_check_reports_what_only_the_import_finds(tmp_path, demo):
    path = tmp_path / "demo.yaml"
    path.write_text(demo_text(), encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("programme", "import", str(path), "--check")
    assert "programme.slug" in str(excinfo.value)


# Frames --------------------------------------------------------------------------------------


def test_malformed_frames_name_their_place_and_line():
    text = (
        VALID + "frames:\n"
        "  - kind: calendar\n    key: default\n    data:\n      title: Calendrier\n"
        "  - kind: committee\n    key: copil-1\n    data:\n      sections:\n        - key: x\n"
        "  - kind: event\n    key: autre\n    data: {title: Soirée}\n"
    )
    problems = "\n".join(problems_of(text))
    assert "frames[1].data.sections[0].title (ligne" in problems
    assert "frames[2].data.key (ligne" in problems and "obligatoire" in problems
    assert counts() == (0, 0, 0, 0)


def test_a_calendar_frame_missing_its_phases_is_refused_not_a_crash():
    text = VALID + "frames:\n  - kind: calendar\n    key: default\n    data: {phases: x}\n"
    assert "frames[0].data.phases (ligne" in "\n".join(problems_of(text))


def test_a_partial_frames_section_overrides_only_what_it_names():
    text = VALID + (
        "frames:\n  - kind: committee\n    key: copil-2\n    data:\n"
        "      title: Copil intermédiaire\n"
    )
    programme = import_programme(text)
    with scope(territory=programme.territory):
        frames = {(f.kind, f.key): f for f in programme.frames.all()}
    kit_frames = kit.frames()
    assert list(frames) == [(f.kind, f.key) for f in kit_frames]
    copil2 = kit.frame("committee", "copil-2")
    assert frames["committee", "copil-2"].data["title"] == "Copil intermédiaire"
    assert frames["committee", "copil-2"].data["sections"] == copil2.data["sections"]
    assert frames["committee", "copil-2"].version == copil2.version
    assert frames["committee", "copil-1"].data == kit.frame("committee", "copil-1").data
    # The default calendar still plans its phases from the kit's calendar frame.
    with scope(territory=programme.territory):
        assert programme.plan_phases.count() == len(kit.frame("calendar", "default").data["phases"])


def test_a_frame_given_twice_is_refused():
    frame = "  - kind: committee\n    key: copil-2\n    data: {title: X}\n"
    problems = "\n".join(problems_of(VALID + "frames:\n" + frame + frame))
    assert "frames[1].key" in problems


# A second programme in the same territory ----------------------------------------------------


def test_a_second_programme_reuses_the_territory_contacts_and_organisations(demo):
    first = dump(export_programme(demo))
    data = yaml.safe_load(first)
    data["programme"]["slug"] = "deuxieme-experimentation"
    data["programme"]["name"] = "Deuxième expérimentation"
    # Written by another hand: an email in capitals, a contact without email.
    data["contacts"][0]["email"] = data["contacts"][0]["email"].upper()
    data["contacts"][1].pop("email", None)
    before = counts()
    second = import_programme(dump(data))
    assert counts() == (before[0], before[1] + 1, before[2], before[3])
    second_text = dump(export_programme(second))
    with scopes_disabled():
        Programme.objects.all().delete()
        Person.objects.all().delete()
        Organisation.objects.all().delete()
        Territory.objects.all().delete()
    a = import_programme(first)
    b = import_programme(second_text)
    assert dump(export_programme(a)) == first
    assert dump(export_programme(b)) == second_text
    assert counts() == (before[0], before[1] + 1, before[2], before[3])


# Messages ------------------------------------------------------------------------------------


def test_a_field_error_names_the_field_in_french():
    text = VALID + "contacts:\n  - last_name: Martin\n  - last_name: Petit\n    phone: abc\n"
    problems = problems_of(text)
    assert len(problems) == 1
    assert problems[0].startswith("contacts[1].phone (ligne 25) : Saisissez un numéro")


def test_a_meeting_ending_before_it_starts_is_refused_at_its_field():
    text = VALID + (
        'committee:\n  meetings:\n    - kind: copil-1\n      date: "2013-01-10"\n'
        '      start_time: "12:00"\n      end_time: "10:00"\n'
    )
    assert problems_of(text) == [
        "committee.meetings[0].end_time (ligne 27) : "
        "La réunion ne peut pas finir avant de commencer (12 h 00)."
    ]


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("mairie de testville", "Mairie de Testville"),
        ("MAIRIE DE TESTVILLE", "Mairie de Testville"),
    ],
)
def test_a_name_that_differs_only_by_case_is_pointed_out(written, meant):
    text = VALID.replace("sponsor: Mairie de Testville", f"sponsor: {written}")
    problems = "\n".join(problems_of(text))
    assert f"vouliez-vous dire « {meant} » ?" in problems


def test_a_name_that_differs_only_by_its_apostrophe_is_pointed_out():
    text = VALID.replace(
        "organisations:\n",
        "organisations:\n  - name: L'Arche à Paris\n    kind: association\n",
    ).replace("sponsor: Mairie de Testville", "sponsor: L’Arche à Paris")
    text += "contacts:\n  - first_name: Jeanne\n    last_name: D’Arc\n"
    text += "committee:\n  members:\n    - person: Jeanne d'Arc\n      college: associations\n"
    problems = "\n".join(problems_of(text))
    assert "vouliez-vous dire « L'Arche à Paris » ?" in problems
    assert "vouliez-vous dire « Jeanne D’Arc » ?" in problems


def test_an_unknown_name_without_a_near_one_gets_no_suggestion():
    text = VALID.replace("sponsor: Mairie de Testville", "sponsor: Préfecture")
    assert "vouliez-vous" not in "\n".join(problems_of(text))


# Dates to the month ------------------------------------------------------------------------


def test_a_date_to_the_month_sorts_after_the_dated_items_of_its_month():
    from copilote.planning import dated

    text = VALID + (
        "calendar:\n  milestones:\n"
        '    - {title: Rencontres, start: "2012-09-01", precision: month}\n'
        '    - {title: Copil n°1, start: "2012-09-20"}\n'
        '    - {title: Lancement, start: "2012-10-02"}\n'
        '    - {title: Été, start: "2012-08-01", precision: month}\n'
    )
    programme = import_programme(text)
    exported = export_programme(programme)["calendar"]["milestones"]
    assert [m["title"] for m in exported] == ["Été", "Copil n°1", "Rencontres", "Lancement"]
    with scope(territory=programme.territory):
        titles = [i.title for i in dated.items(programme)]
    assert titles == ["Été", "Copil n°1", "Rencontres", "Lancement"]


def test_an_appointment_to_the_month_comes_after_the_dated_ones_of_its_month(demo):
    import datetime as dt

    from copilote.actors.models import Mobilisation, Status
    from copilote.actors.selectors import mobilisation_progress

    with scope(territory=demo.territory):
        rows = list(Mobilisation.objects.filter(programme=demo)[:2])
        for m, (day, precision) in zip(
            rows, [(dt.date(2030, 5, 1), "month"), (dt.date(2030, 5, 20), "day")], strict=True
        ):
            m.status, m.appointment_date, m.appointment_precision = (
                Status.APPOINTMENT,
                day,
                precision,
            )
            m.save()
        names = [a["organisation"] for a in mobilisation_progress(demo)["appointments"]]
    assert names.index(rows[1].organisation.name) < names.index(rows[0].organisation.name)
