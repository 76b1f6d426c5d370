import pytest
from django_scopes import scope, scopes_disabled

from copilote.core.models import User
from copilote.programmes.demo import load_demo
from copilote.programmes.programme_file import dump, export_programme, import_programme

pytestmark = pytest.mark.django_db


def test_demo_members_and_open_poll_survive_a_fresh_import():
    programme, _created = load_demo()
    with scope(territory=programme.territory):
        assert programme.memberships.count() == 5
        text = dump(export_programme(programme))
    assert "password" not in text and "username: pilote" in text
    with scopes_disabled():
        programme.delete()
        User.objects.exclude(username="reseau").delete()
    imported = import_programme(text)
    pilote = User.objects.get(username="pilote")
    assert not pilote.has_usable_password()
    with scope(territory=imported.territory):
        assert imported.memberships.get(user=pilote).role == "lead"


def test_the_current_demo_programme_has_an_open_poll():
    from copilote.programmes.demo import load_current

    load_demo()
    current, _created = load_current()
    with scope(territory=current.territory):
        poll = current.polls.get()
        assert poll.chosen is None and poll.voters.filter(answered_at__isnull=False).count() == 2
        assert poll.title == "Copil n°2"
