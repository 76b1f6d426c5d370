import pytest
from django_scopes import scope

from copilote.events.tests.factories import EventFactory


@pytest.fixture
def scoped(programme):
    with scope(territory=programme.territory):
        yield programme


@pytest.fixture
def event(scoped):
    return EventFactory(programme=scoped, capacity=2)
