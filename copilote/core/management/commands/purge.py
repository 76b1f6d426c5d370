"""copilote purge: delete what has outlived its retention period (core.purge); idempotent."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from copilote.core.purge import purge_all


class Command(BaseCommand):
    help = "Delete what has outlived its retention period (safe to run again at any time)."

    def handle(self, *args, **options):
        for key, count in purge_all().items():
            self.stdout.write(_("%(key)s: %(count)s deleted") % {"key": key, "count": count})
