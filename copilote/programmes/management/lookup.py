"""Finding the programme a command names, for every ``copilote`` command that takes a SLUG."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from copilote.programmes.models import Programme


def programme_from_arguments(slug: str, territory: str | None = None) -> Programme:
    """The programme ``slug`` (in ``territory`` when given), or a clear CommandError."""
    with scopes_disabled():
        programmes = Programme.objects.filter(slug=slug).select_related("territory")
        if territory:
            programmes = programmes.filter(territory__slug=territory)
        found = list(programmes[:2])
    if not found:
        raise CommandError(_("No experimentation with the identifier “%(slug)s”.") % {"slug": slug})
    if len(found) > 1:
        raise CommandError(
            _("Several territories have “%(slug)s”: add --territory.") % {"slug": slug}
        )
    return found[0]
