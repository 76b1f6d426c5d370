import pytest
import yaml
from django_scopes import scope, scopes_disabled

from copilote.events import programme_file
from copilote.events.models import Registration
from copilote.programmes.demo import DEMO_FILE, load_demo
from copilote.programmes.models import Programme
from copilote.programmes.programme_file.reader import ProgrammeFileError, import_programme


def demo_data() -> dict:
    return yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))


@pytest.mark.django_db
def test_the_demo_events_round_trip_exactly():
    programme, _created = load_demo()
    with scope(territory=programme.territory):
        exported = programme_file.export(programme)
    assert exported == demo_data()["events"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, where",
    [
        (lambda e: e[0]["programme"][0].update(speakers=["Personne Inconnue"]), "speakers"),
        (
            lambda e: e[0]["registrations"][1].update(email=e[0]["registrations"][0]["email"]),
            "email",
        ),
        (lambda e: e[0].update(start_time="22:00"), "events"),
        (lambda e: e[0]["registrations"][0].update(commune="Atlantide"), "commune"),
    ],
)
def test_a_bad_events_section_imports_nothing(change, where):
    data = demo_data()
    change(data["events"])
    with pytest.raises(ProgrammeFileError) as excinfo:
        import_programme(yaml.safe_dump(data, allow_unicode=True))
    assert where in str(excinfo.value)
    with scopes_disabled():
        assert not Programme.objects.exists()
        assert not Registration.objects.exists()
