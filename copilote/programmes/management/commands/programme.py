"""copilote programme list | import FILE | export SLUG -o FILE | schema"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from copilote.programmes import programme_file
from copilote.programmes.management.lookup import programme_from_arguments
from copilote.programmes.models import Programme


class Command(BaseCommand):
    help = _("Import, export and list experimentations (programme files).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help=_("List the experimentations."))
        imp = sub.add_parser("import", help=_("Validate and import a programme file."))
        imp.add_argument("file", help=_("YAML programme file ('-' for standard input)."))
        imp.add_argument(
            "--check",
            action="store_true",
            help=_("Run the whole import, then undo it: report every problem, change nothing."),
        )
        exp = sub.add_parser("export", help=_("Export an experimentation to a programme file."))
        exp.add_argument("slug")
        exp.add_argument("--territory", help=_("Territory identifier, when the slug is ambiguous."))
        exp.add_argument(
            "-o", "--output", default="-", help=_("Output file (- for standard output).")
        )
        sub.add_parser("schema", help=_("Print the JSON Schema of the programme file."))

    def handle(self, *args, action, **options):
        with scopes_disabled():
            getattr(self, f"handle_{action}")(**options)

    def handle_list(self, **options):
        programmes = Programme.objects.select_related("territory").order_by(
            "territory__slug", "slug"
        )
        if not programmes:
            self.stdout.write(_("No experimentation yet."))
        for programme in programmes:
            self.stdout.write(f"{programme.territory.slug}\t{programme.slug}\t{programme.name}")

    def handle_schema(self, **options):
        self.stdout.write(json.dumps(programme_file.full_schema(), indent=2, ensure_ascii=False))

    def handle_import(self, file, check=False, **options):
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            message = _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc}
            raise CommandError(message) from exc
        try:
            programme = programme_file.import_programme(text, check=check)
            if check:
                self.stdout.write(_("The file is valid: it would import (nothing was changed)."))
                return
        except programme_file.ProgrammeFileError as exc:
            lines = "\n".join(f"  - {problem}" for problem in exc.problems)
            raise CommandError(
                _("%(file)s was not imported, nothing was changed:\n%(problems)s")
                % {"file": file, "problems": lines}
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported “%(name)s” (%(slug)s).")
                % {"name": programme.name, "slug": programme.slug}
            )
        )

    def handle_export(self, slug, territory=None, output="-", **options):
        programme = programme_from_arguments(slug, territory)
        text = programme_file.dump(programme_file.export_programme(programme))
        if output == "-":
            self.stdout.write(text, ending="")
        else:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(_("Written to %(file)s.") % {"file": output})
