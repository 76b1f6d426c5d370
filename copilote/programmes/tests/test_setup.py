"""Setting up: `make demo PORT=…`, a port already taken, the README's prerequisites."""

import socket
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def taken_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.mark.parametrize("command", ["demo", "serve"])
def test_a_port_already_taken_is_said_clearly(taken_port, command):
    with pytest.raises(CommandError) as excinfo:
        call_command(command, "--port", str(taken_port))
    message = str(excinfo.value)
    assert f"Le port {taken_port} de 127.0.0.1 est déjà utilisé" in message
    assert f"make demo PORT={taken_port + 1}" in message


def test_make_demo_takes_a_port():
    result = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "demo", "PORT=8001"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "copilote demo --port 8001" in result.stdout, result.stdout + result.stderr


def test_readme_states_the_prerequisites_and_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "make demo " in readme and "make test " in readme
    assert "python3-venv" in readme
    packages = next(
        line.split(":=")[1].split()
        for line in makefile.splitlines()
        if "SYSTEM_PACKAGES :=" in line
    )
    for package in packages:
        assert package in readme, package


@pytest.mark.django_db
def test_the_demo_has_a_current_programme_dated_from_today_and_communes():
    import datetime as dt

    from django_scopes import scope, scopes_disabled

    from copilote.actors.models import Organisation, Person
    from copilote.governance.models import CommitteeMeeting
    from copilote.planning import dated
    from copilote.programmes.demo import CURRENT, load_current, load_demo
    from copilote.programmes.models import Programme

    today = dt.date(2031, 6, 4)
    load_demo()
    load_current(today=today)
    assert load_current(today=today)[1] is False  # idempotent
    with scopes_disabled():
        current = Programme.objects.get(slug=CURRENT)
        # The second programme shares the territory's contacts and organisations.
        assert Person.objects.filter(email="sophie.lemoine@exemple.invalid").count() == 1
        without_commune = list(
            Organisation.objects.filter(commune__isnull=True).values_list("name", flat=True)
        )
    assert without_commune == ["Le RAMEAU"]  # national, outside the territory
    with scope(territory=current.territory):
        upcoming = dated.items(current, since=today)
        copil = CommitteeMeeting.objects.get(programme=current, kind="copil-2")
        held = CommitteeMeeting.objects.get(programme=current, kind="copil-1")
    assert len(upcoming) >= 3
    assert 8 <= (copil.date - today).days <= 16
    assert held.date < today and held.status == "held"
    with scope(territory=current.territory):
        assert current.memberships.get().user.username == "pilote"
