"""copilote backup / restore: a restore into an empty database gives back the same programme,
byte for byte (its programme file export)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "programmes" / "demo" / "charenton-saint-maurice.yaml"


def copilote(tmp: Path, database: str, *args: str) -> str:
    env = dict(
        os.environ,
        COPILOTE_TESTING="1",
        DJANGO_SETTINGS_MODULE="copilote.settings",
        DATABASE_URL=f"sqlite:///{tmp / database}",
        COPILOTE_VAR_DIR=str(tmp),
    )
    env.pop("DATABASE_URL_TEST", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", *args], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "sqlite").startswith("postgres"),
    reason="the SQLite path; PostgreSQL uses pg_dump/pg_restore",
)
def test_restore_into_an_empty_database_then_export_is_byte_identical(tmp_path):
    copilote(tmp_path, "a.sqlite3", "migrate", "--verbosity", "0")
    copilote(tmp_path, "a.sqlite3", "programme", "import", str(DEMO))
    copilote(
        tmp_path,
        "a.sqlite3",
        "programme",
        "export",
        "charenton-saint-maurice",
        "-o",
        str(tmp_path / "before.yaml"),
    )
    copilote(tmp_path, "a.sqlite3", "backup", "-o", str(tmp_path / "backup.sqlite3"))
    copilote(tmp_path, "b.sqlite3", "restore", str(tmp_path / "backup.sqlite3"))
    copilote(
        tmp_path,
        "b.sqlite3",
        "programme",
        "export",
        "charenton-saint-maurice",
        "-o",
        str(tmp_path / "after.yaml"),
    )
    before = (tmp_path / "before.yaml").read_bytes()
    assert len(before) > 10_000
    assert (tmp_path / "after.yaml").read_bytes() == before
