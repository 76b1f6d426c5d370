"""copilote demo: the kit's Charenton – Saint-Maurice case and its demo accounts, served."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from copilote.core.management.commands.serve import check_port_free, exec_gunicorn
from copilote.programmes.demo import load_current, load_demo


class Command(BaseCommand):
    help = _("Load the demo (Charenton – Saint-Maurice) and serve it on 127.0.0.1.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--port", type=int, default=8000, help=_("Port on 127.0.0.1 (default 8000).")
        )
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help=_("Only load the demo into the configured database."),
        )

    def handle(self, *args, port, no_serve, **options):
        if not no_serve:
            check_port_free("127.0.0.1", port)
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        programme, created = load_demo()
        current, current_created = load_current()
        if created or current_created:
            self.stdout.write(
                _("Demo loaded: “%(name)s” and “%(current)s”.")
                % {"name": programme.name, "current": current.name}
            )
        else:
            self.stdout.write(_("The demo was already loaded: nothing changed."))
        self.stdout.write(
            _(
                "Accounts (password “demo”): pilote, copil, animateur, participant, "
                "observateur; network administrator: reseau."
            )
        )
        if no_serve:
            return
        self.stdout.write(_("Open http://127.0.0.1:%(port)s/ (Ctrl+C to stop).") % {"port": port})
        exec_gunicorn(bind=f"127.0.0.1:{port}", workers=2)
