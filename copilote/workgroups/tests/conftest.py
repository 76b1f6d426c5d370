import pytest
from django_scopes import scope, scopes_disabled

from copilote.programmes.services import copy_kit_frames


@pytest.fixture
def framed(programme, users):
    """The test programme with its copy of the kit's frames, inside its territory scope."""
    with scopes_disabled():
        copy_kit_frames(programme)
    with scope(territory=programme.territory):
        yield programme
