"""The working_groups section of the programme file: exact round trip, bad input refused."""

import pytest
import yaml
from django_scopes import scopes_disabled

from copilote.programmes.demo import DEMO_FILE
from copilote.programmes.programme_file import ProgrammeFileError, import_programme
from copilote.programmes.programme_file.writer import export_programme

pytestmark = pytest.mark.django_db


def demo_data():
    return yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))


def other_territory(data):
    data["territory"]["slug"] = "autre-territoire"
    data["territory"]["communes"] = [{"name": c["name"]} for c in data["territory"]["communes"]]
    return data


def test_round_trip_of_the_working_groups_is_exact():
    programme = import_programme(yaml.safe_dump(other_territory(demo_data()), allow_unicode=True))
    with scopes_disabled():
        exported = export_programme(programme)
    assert exported["working_groups"] == demo_data_exported(exported)


def demo_data_exported(exported):
    # Export → import → export gives the same section.
    data = dict(exported)
    data["territory"] = {**data["territory"], "slug": "troisieme"}
    data["territory"]["communes"] = [{"name": c["name"]} for c in data["territory"]["communes"]]
    programme = import_programme(yaml.safe_dump(data, allow_unicode=True))
    with scopes_disabled():
        return export_programme(programme)["working_groups"]


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda wg: wg["groups"][2]["members"].append(
                {"candidate": "Nathalie Roux (fictive)", "role": "colead"}
            ),
            "déjà",
        ),
        (
            lambda wg: wg["groups"][0]["meetings"].append({"number": 4}),
            "réunion 4",
        ),
        (
            lambda wg: wg["groups"][0]["meetings"][0]["present"].append("Personne Inconnue"),
            "n’est pas membre du groupe",
        ),
        (
            lambda wg: wg["groups"][2].update(size_max=3, size_min=1),
            "pour 3 maximum",
        ),
    ],
)
def test_bad_working_groups_change_nothing(change, message):
    data = other_territory(demo_data())
    change(data["working_groups"])
    with pytest.raises(ProgrammeFileError) as error:
        import_programme(yaml.safe_dump(data, allow_unicode=True))
    assert message in str(error.value)
    with scopes_disabled():
        from copilote.programmes.models import Territory

        assert not Territory.objects.filter(slug="autre-territoire").exists()
