"""copilote backup -o FILE: a consistent copy of the whole database, taken while it runs.

SQLite: the SQLite online backup API (a single file, itself a SQLite database).
PostgreSQL: ``pg_dump`` in its custom format (``pg_restore`` reads it).
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _


def pg_env() -> tuple[list[str], dict]:
    """Connection arguments and environment for pg_dump / pg_restore (password not on argv)."""
    settings = connection.settings_dict
    args = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


class Command(BaseCommand):
    help = "Write a consistent copy of the database to FILE (restore it with copilote restore)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="the backup file to write")

    def handle(self, *args, output: str, **options):
        target = Path(output)
        if target.exists():
            raise CommandError(_("%(file)s already exists: choose a new file.") % {"file": output})
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            destination = sqlite3.connect(target)
            try:
                connection.connection.backup(destination)
            finally:
                destination.close()
        elif connection.vendor == "postgresql":
            args, env = pg_env()
            result = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args],
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise CommandError(result.stderr.strip())
        else:
            raise CommandError(f"backup: unsupported database {connection.vendor}")
        self.stdout.write(_("Backup written to %(file)s.") % {"file": output})
