"""copilote person export EMAIL | copilote person erase EMAIL [--yes]"""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from copilote.actors import personal_data


class Command(BaseCommand):
    help = _("Personal data rights: export everything held on a person, or erase it.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email", help=_("The person’s email address."))
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("erase: only show the warnings and what would be erased."),
        )

    def handle(self, *args, action, email, dry_run, **options):
        try:
            validate_email(email.strip())
        except ValidationError as exc:
            raise CommandError(
                _("“%(email)s” is not an email address.") % {"email": email}
            ) from exc
        if action == "export":
            data = personal_data.export_person(email)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
            return
        for warning in personal_data.erasure_warnings(email):
            self.stderr.write(self.style.WARNING(_("Warning: %(w)s") % {"w": warning}))
        if dry_run:
            data = personal_data.export_person(email)["data"]
            found = {key: len(value) for key, value in data.items()}
            self.stdout.write(_("Would erase: %(found)s") % {"found": found})
            return
        result = personal_data.erase_person(email)
        if not result.total:
            self.stdout.write(_("Nothing is held on this address."))
            return
        details = ", ".join(f"{key}: {n}" for key, n in result.counts.items() if n)
        self.stdout.write(
            self.style.SUCCESS(
                _("Erased (%(details)s). The entry is in the activity log.") % {"details": details}
            )
        )
