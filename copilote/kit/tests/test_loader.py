import copy

import pytest

from copilote.kit import loader
from copilote.kit.loader import Frame, KitError

SECTION_TITLES = {
    "copil-1": [
        "Les enjeux du projet",
        "La description du projet",
        "Modalités pratiques",
        "Prochaines étapes",
    ],
    "copil-2": [
        "Rappel du projet",
        "Point d’avancement",
        "Le déroulé de l’expérimentation",
        "Focus sur les étapes",
        "Calendrier prévisionnel",
        "Prochaines étapes",
    ],
    "copil-final": [
        "Le bilan",
        "Les résultats",
        "Les suites du projet",
        "Les actions concrètes à court terme",
    ],
}
KIT = "Le RAMEAU – Kit transfert Territoires – Expérimentation (2013)"


@pytest.fixture
def fresh_cache():
    loader.frames.cache_clear()
    yield
    loader.frames.cache_clear()


@pytest.mark.parametrize("name", loader.FILES)
def test_every_file_validates(name):
    data = loader.load_file(name)
    assert data["version"] == 1
    assert data["kit"] == KIT
    assert loader.load_file(f"{name}.yaml") == data


def test_committees_have_the_kit_sections_in_order():
    committees = [f for f in loader.frames() if f.kind == "committee"]
    assert [c.key for c in committees] == ["copil-1", "copil-2", "copil-final"]
    assert [c.data["title"] for c in committees] == ["Copil n°1", "Copil n°2", "Copil final"]
    for committee in committees:
        titles = [s["title"] for s in committee.data["sections"]]
        assert titles == SECTION_TITLES[committee.key]


def test_every_section_has_objectives_and_content():
    for key in SECTION_TITLES:
        for section in loader.frame("committee", key).data["sections"]:
            assert section["objectives"], section["key"]
            assert section["content"], section["key"]


def test_committee_details_kept_verbatim():
    copil_1 = loader.frame("committee", "copil-1").data
    assert copil_1["objectives"][0] == "De partager les enjeux du projet"
    assert copil_1["note"].startswith("Il n’est pas nécessaire")
    modalites = copil_1["sections"][2]
    assert modalites["content"][0] == {
        "text": "Le cadre de l’expérimentation",
        "details": ["Ex: le choix des thématiques, le ciblage et la mobilisation des participants"],
    }
    copil_2 = {s["key"]: s for s in loader.frame("committee", "copil-2").data["sections"]}
    assert copil_2["calendrier"]["remark"].endswith("mais elles sont…")
    assert copil_2["avancement"]["live"] == ["progress"]


def test_group_meetings_three_plus_an_optional_fourth():
    data = loader.load_file("group_meetings")
    assert data["default_count"] == 3
    meetings = [f.data for f in loader.frames() if f.kind == "group_meeting"]
    assert [m["rank"] for m in meetings] == [1, 2, 3, 4]
    assert [m["optional"] for m in meetings] == [False, False, False, True]
    assert [m["source"] for m in meetings] == ["kit", "kit", "kit", "enseignement du bilan"]
    assert "apprendre à se connaître" in meetings[3]["rationale"]


def test_events_and_calendar():
    launch = loader.frame("event", "launch").data
    assert launch["target_attendance"] == {"min": 150, "max": 200}
    restitution = loader.frame("event", "restitution").data
    assert [item["kind"] for item in restitution["programme"]] == [
        "speech",
        "group_feedback",
        "testimony",
        "round_table",
        "social",
    ]
    assert loader.frame("event", "thematic").data["per_year"] == 2

    calendar = loader.frame("calendar", "default").data
    assert [p["key"] for p in calendar["phases"]] == ["preparation", "experimentation", "bilan"]
    offsets = [m["offset_months"] for m in calendar["milestones"]]
    assert offsets == sorted(offsets) and offsets[0] == 0


def test_frames_order_is_stable_and_cached():
    first = loader.frames()
    assert first is loader.frames()
    assert [f.kind for f in first] == ["committee"] * 3 + ["group_meeting"] * 4 + ["event"] * 3 + [
        "calendar"
    ]
    assert all(isinstance(f, Frame) for f in first)
    loader.frames.cache_clear()
    assert [(f.kind, f.key) for f in loader.frames()] == [(f.kind, f.key) for f in first]
    assert loader.kit_version() == 1


def test_unknown_frame_raises_key_error():
    with pytest.raises(KeyError):
        loader.frame("committee", "copil-99")
    with pytest.raises(KeyError):
        loader.frame("event", "copil-1")


def test_invalid_dict_names_the_bad_field():
    data = copy.deepcopy(loader.load_file("committees"))
    data["committees"][1]["sections"][0]["title"] = 3
    bad_path = r"committees\.yaml.*\$\.committees\[1\]\.sections\[0\]\.title"
    with pytest.raises(KitError, match=bad_path):
        loader.validate("committees", data)


def test_missing_field_and_bad_live_block_are_reported():
    data = copy.deepcopy(loader.load_file("committees"))
    del data["committees"][0]["sections"][1]["objectives"]
    data["committees"][2]["sections"][0]["live"] = ["weather"]
    with pytest.raises(KitError) as excinfo:
        loader.validate("committees", data)
    message = str(excinfo.value)
    assert "'objectives' is a required property" in message
    assert "$.committees[2].sections[0].live[0]" in message


def test_duplicate_keys_and_unknown_phase_are_refused():
    meetings = copy.deepcopy(loader.load_file("group_meetings"))
    meetings["meetings"][1]["key"] = "diagnostic"
    with pytest.raises(KitError, match=r"\$\.meetings : key en double « diagnostic »"):
        loader.validate("group_meetings", meetings)

    calendar = copy.deepcopy(loader.load_file("calendar"))
    calendar["milestones"][0]["phase"] = "hiver"
    with pytest.raises(KitError, match=r"\$\.milestones\[0\]\.phase"):
        loader.validate("calendar", calendar)


def test_broken_yaml_file_raises_kit_error(tmp_path, monkeypatch, fresh_cache):
    (tmp_path / "events.yaml").write_text(
        'version: 1\nkit: "x"\nevents:\n  - key: "launch"\n    title: "Lancement"\n'
        '    kind: "sensibilisation"\n    programme:\n      - title: "Cocktail"\n'
        '        kind: "dance"\n',
        encoding="utf-8",
    )
    (tmp_path / "calendar.yaml").write_text("phases: [unclosed\n", encoding="utf-8")
    monkeypatch.setattr(loader, "KIT_DIR", tmp_path)

    with pytest.raises(KitError, match=r"events\.yaml.*\$\.events\[0\]\.programme\[0\]\.kind"):
        loader.load_file("events")
    with pytest.raises(KitError, match=r"calendar\.yaml : YAML invalide"):
        loader.load_file("calendar")
    with pytest.raises(KitError, match=r"committees\.yaml : fichier illisible"):
        loader.frames()


def test_milestone_frames_exist():
    known = {f.key for f in loader.frames()}
    for milestone in loader.frame("calendar", "default").data["milestones"]:
        if "frame" in milestone:
            assert milestone["frame"] in known
