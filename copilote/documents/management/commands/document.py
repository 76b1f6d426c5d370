"""copilote document KIND SLUG -o OUT [--meeting N] [--group THEME] [--format F]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_scopes import scope

from copilote.documents.registry import DocumentError, DocumentRequest, kinds, render
from copilote.programmes.management.lookup import programme_from_arguments


class Command(BaseCommand):
    help = _("Build a document of an experimentation (deck, minutes, synthesis, guide, calendar).")

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", help=_("Document kind: %(kinds)s.") % {"kinds": ", ".join(kinds())}
        )
        parser.add_argument("slug", help=_("Identifier of the experimentation."))
        parser.add_argument("-o", "--output", required=True, help=_("Output file."))
        parser.add_argument("--meeting", type=int, help=_("Rank of the committee meeting."))
        parser.add_argument("--group", help=_("Theme identifier of the working group."))
        parser.add_argument("--format", help=_("pptx, docx, pdf or ics."))
        parser.add_argument(
            "--territory", help=_("Territory identifier, when the slug is ambiguous.")
        )

    def handle(self, *args, kind, slug, output, meeting, group, format, territory, **options):
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
            meeting=meeting,
            group=group,
        )
        try:
            with scope(territory=programme.territory):
                document = render(kind, request)
        except DocumentError as exc:
            raise CommandError(str(exc)) from exc
        Path(output).write_bytes(document.content)
        self.stderr.write(_("Written to %(file)s.") % {"file": output})
