"""copilote document KIND SLUG -o OUT [--meeting N|KEY] [--format F]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_scopes import scope

from copilote.documents.registry import DocumentError, DocumentRequest, kinds, render
from copilote.programmes.management.lookup import programme_from_arguments


def _kinds_help() -> str:
    return "; ".join(f"{key} ({'/'.join(kind.formats)})" for key, kind in kinds().items()) or "—"


class Command(BaseCommand):
    help = _("Build a document of an experimentation (see the kinds below).")

    def add_arguments(self, parser):
        known = kinds()
        parser.add_argument(
            "kind", help=_("Document kind (formats): %(kinds)s.") % {"kinds": _kinds_help()}
        )
        parser.add_argument("slug", help=_("Identifier of the experimentation."))
        parser.add_argument("-o", "--output", required=True, help=_("Output file."))
        if any("meeting" in k.options for k in known.values()):
            parser.add_argument(
                "--meeting",
                help=_(
                    "The committee meeting: its number as the interface shows it (the N of "
                    "…/reunions/N/, e.g. 3) or its key: copil-1, copil-2, copil-final."
                ),
            )
        if any("group" in k.options for k in known.values()):
            parser.add_argument("--group", help=_("Theme identifier of the working group."))
        formats = sorted({f for k in known.values() for f in k.formats})
        parser.add_argument(
            "--format",
            choices=formats or None,
            help=_("Format, among those of the kind (default: its first one)."),
        )
        parser.add_argument(
            "--territory", help=_("Territory identifier, when the slug is ambiguous.")
        )

    def handle(self, *args, kind, slug, output, format, territory, **options):
        programme = programme_from_arguments(slug, territory)
        known = kinds()
        if kind not in known:
            raise CommandError(
                _("Unknown document kind “%(kind)s” (known: %(known)s).")
                % {"kind": kind, "known": ", ".join(known) or "—"}
            )
        request = DocumentRequest(
            programme=programme,
            format=format or known[kind].formats[0],
            meeting=options.get("meeting"),
            group=options.get("group"),
        )
        try:
            with scope(territory=programme.territory):
                document = render(kind, request)
        except DocumentError as exc:
            raise CommandError(str(exc)) from exc
        Path(output).write_bytes(document.content)
        self.stderr.write(
            _("%(document)s written to %(file)s.") % {"document": document.filename, "file": output}
        )
