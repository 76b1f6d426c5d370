"""The planning app's own dated items: the milestones of the programme's calendar."""

from __future__ import annotations

from django.utils.translation import gettext as _

from copilote.planning.dated import DatedItem, register_provider
from copilote.planning.models import Milestone


def milestones(programme, *, since=None, until=None, limit=None) -> list[DatedItem]:
    rows = Milestone.objects.filter(programme=programme).select_related("phase")
    if since:
        rows = rows.exclude(start__lt=since, end__isnull=True).exclude(end__lt=since)
    if until:
        rows = rows.filter(start__lte=until)
    rows = rows.order_by("start", "id")
    if limit:
        rows = rows[:limit]
    return [
        DatedItem(
            key=f"milestone-{m.pk}",
            title=m.title,
            start=m.start,
            end=m.end,
            stream=m.phase.key if m.phase else "calendar",
            stream_label=m.phase.title if m.phase else _("Calendar"),
            kind=m.kind,
            precision=m.precision,
            done=m.done,
            planned=m.planned if m.planned and m.planned != m.start else None,
        )
        for m in rows
    ]


def register() -> None:
    register_provider("planning.milestones", milestones)
