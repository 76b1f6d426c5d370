"""copilote restore FILE: load a backup made by copilote backup into an empty database."""

import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from copilote.core.management.commands.backup import pg_env


class Command(BaseCommand):
    help = "Load a backup (copilote backup) into the configured database, which must be empty."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the backup file")

    def handle(self, *args, file: str, **options):
        source = Path(file)
        if not source.is_file():
            raise CommandError(_("No backup file at %(file)s.") % {"file": file})
        if connection.introspection.table_names():
            raise CommandError(
                _(
                    "The database is not empty: restore only into a new, empty database "
                    "(nothing was changed)."
                )
            )
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                origin.backup(connection.connection)
            finally:
                origin.close()
        elif connection.vendor == "postgresql":
            args, env = pg_env()
            result = subprocess.run(
                ["pg_restore", "--no-owner", "--exit-on-error", *args, str(source)],
                env=env,
                capture_output=True,
                text=True,
            )
            if result.returncode:
                raise CommandError(result.stderr.strip())
        else:
            raise CommandError(f"restore: unsupported database {connection.vendor}")
        self.stdout.write(_("Backup %(file)s restored.") % {"file": file})
