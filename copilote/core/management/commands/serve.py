"""copilote serve: the production server (gunicorn) on DATABASE_URL."""

import os
import socket
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from copilote.core.checks import missing_secret_key_message


def check_port_free(host: str, port: int) -> None:
    """Refuse, with a French message, a port another program already listens on."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise CommandError(
                _(
                    "Port %(port)s of %(host)s is already in use (%(error)s): stop the program "
                    "that uses it, or choose another port, e.g. --port %(other)s "
                    "(make demo PORT=%(other)s)."
                )
                % {"port": port, "host": host, "error": exc.strerror, "other": port + 1}
            ) from exc


def exec_gunicorn(*, bind: str, workers: int, threads: int = 4) -> None:
    """Replace this process by gunicorn serving the project."""
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "copilote.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]
    os.execv(sys.executable, args)


class Command(BaseCommand):
    help = _("Serve the application with gunicorn (production).")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--bind", default="127.0.0.1", help=_("Address to listen on (default 127.0.0.1).")
        )
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2))
        )
        parser.add_argument(
            "--no-migrate", action="store_true", help=_("Do not apply database migrations first.")
        )

    def handle(self, *args, port, bind, workers, no_migrate, **options):
        if settings.SECRET_KEY_MISSING:
            raise CommandError(missing_secret_key_message())
        check_port_free(bind, port)
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(_("Serving on http://%(host)s:%(port)s/") % {"host": bind, "port": port})
        exec_gunicorn(bind=f"{bind}:{port}", workers=workers)
