import pytest
from django_scopes import scope, scopes_disabled


@pytest.fixture
def demo(demo_programme):
    return demo_programme


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
