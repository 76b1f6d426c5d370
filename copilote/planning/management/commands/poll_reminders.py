"""Send the date polls' reminders that are due (run it every hour; it is idempotent)."""

from django.core.management.base import BaseCommand

from copilote.planning.tasks import send_poll_reminders


class Command(BaseCommand):
    help = "Send the date polls' reminders that are due (idempotent: once per poll)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url", required=True, help="The site's address, e.g. https://copilote.example"
        )

    def handle(self, *args, base_url, **options):
        sent = send_poll_reminders.call(base_url)
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
