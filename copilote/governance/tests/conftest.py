import pytest
from django_scopes import scope


@pytest.fixture
def demo(demo_programme):
    """The demo programme (Charenton – Saint-Maurice), inside its territory scope."""
    with scope(territory=demo_programme.territory):
        yield demo_programme
