import os
import subprocess
import sys

import pytest
from django.db import DatabaseError
from django.urls import reverse

from copilote.core.tests.factories import UserFactory


@pytest.mark.django_db
def test_healthz_answers_when_the_database_does(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_reports_a_database_failure(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    assert client.get(reverse("healthz")).status_code == 503


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2_in_production_settings():
    from django.conf import settings

    assert "Argon2PasswordHasher" in settings.PASSWORD_HASHERS[0] or settings.TESTING
    user = UserFactory()
    assert not user.password.startswith("secret")


def run_command(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "copilote", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("COPILOTE_", "DJANGO_"))},
            "DJANGO_SETTINGS_MODULE": "copilote.settings",
            **env,
        },
    )


def test_production_settings_pass_the_deployment_check(tmp_path):
    result = run_command(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="copilote.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    check = run_command("check", "--deploy", **env)
    assert check.returncode != 0 and "copilote.E001" in check.stderr
    assert "SECRET_KEY" in check.stderr and "Traceback" not in check.stderr
    serve = run_command("serve", "--port", "0", **env)
    assert serve.returncode == 1 and "SECRET_KEY" in serve.stderr, serve.stderr
    assert "Traceback" not in serve.stderr
    wsgi = subprocess.run(
        [sys.executable, "-c", "import copilote.wsgi"],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("COPILOTE_", "DJANGO_"))},
            **env,
        },
    )
    assert wsgi.returncode == 3 and "SECRET_KEY" in wsgi.stderr
    assert "Traceback" not in wsgi.stderr


def test_every_help_works_without_a_secret_key(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    for args in ([], ["programme"], ["document"], ["person"], ["demo"], ["serve"]):
        result = run_command(*args, "--help", **env)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
        assert "usage" in result.stdout.lower() or "subcommands" in result.stdout.lower()


def test_sqlite_runs_in_wal_mode(tmp_path):
    result = run_command(
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.stdout.strip().splitlines()[-1] == "wal", result.stderr


def test_demo_no_serve_loads_idempotently(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3", "COPILOTE_VAR_DIR": str(tmp_path)}
    first = run_command("demo", "--no-serve", **env)
    assert first.returncode == 0, first.stderr
    second = run_command("demo", "--no-serve", **env)
    assert second.returncode == 0, second.stderr
    # The commands need no SECRET_KEY (nor DEBUG) on a development machine.
    listed = run_command("programme", "list", **env)
    assert listed.stdout.count("charenton-saint-maurice\tCharenton") == 1, listed.stderr
    exported = run_command(
        "programme", "export", "charenton-saint-maurice", "-o", str(tmp_path / "p.yaml"), **env
    )
    assert exported.returncode == 0 and (tmp_path / "p.yaml").read_text().startswith("# Copilote")
    person = run_command("person", "export", "helene.durand@exemple.invalid", **env)
    assert person.returncode == 0 and "Durand" in person.stdout, person.stderr


@pytest.mark.django_db
def test_favicon_answers_an_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response["Content-Type"] == "image/x-icon"
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # the ICO signature
    assert "max-age" in response["Cache-Control"]
