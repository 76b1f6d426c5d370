import pytest
from django_scopes import scope, scopes_disabled

from copilote.programmes.demo import load_demo


@pytest.fixture
def demo(db):
    programme, _created = load_demo()
    return programme


@pytest.fixture
def demo_scope(demo):
    with scope(territory=demo.territory):
        yield demo


@pytest.fixture
def territory_scope(programme):
    with scopes_disabled():
        territory = programme.territory
    with scope(territory=territory):
        yield programme
