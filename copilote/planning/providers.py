"""The planning app's own dated items: the milestones of the programme's calendar."""

from __future__ import annotations

from django.utils.translation import gettext as _

from copilote.planning.dated import DatedItem, first_per_month, left_out, register_provider
from copilote.planning.models import Milestone, MilestoneKind


def milestones(
    programme, *, since=None, until=None, limit=None, per_month=None, fold=None, audiences=None
) -> list[DatedItem]:
    """The calendar's own steps, a stream per phase and kind of step: for every member, but a
    copil's step for those who see the copils (audience « committee »)."""
    rows = Milestone.objects.filter(programme=programme).select_related("phase")
    if audiences is not None and "committee" not in audiences:
        rows = rows.exclude(kind=MilestoneKind.COMMITTEE)
    if since:
        rows = rows.exclude(start__lt=since, end__isnull=True).exclude(end__lt=since)
    if until:
        rows = rows.filter(start__lte=until)
    rows = first_per_month(
        rows,
        date="start",
        per_month=per_month,
        partition=("phase_id", "kind"),
        order=("start", "id"),
    ).order_by("start", "id")
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
            more=left_out(m, per_month),
            audience="committee" if m.kind == MilestoneKind.COMMITTEE else "",
        )
        for m in rows
    ]


def register() -> None:
    register_provider("planning.milestones", milestones)
