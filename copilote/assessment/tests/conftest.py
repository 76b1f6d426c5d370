import pytest
from django_scopes import scope

from copilote.programmes.demo import load_demo


@pytest.fixture
def demo(db):
    """The demo programme (Charenton – Saint-Maurice), inside its territory scope."""
    programme, _created = load_demo()
    with scope(territory=programme.territory):
        yield programme


@pytest.fixture
def scoped(programme):
    with scope(territory=programme.territory):
        yield programme
