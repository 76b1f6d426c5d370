"""Live blocks: what an agenda section shows from the programme as it stands.

A block is plain JSON-serialisable data, so the meeting page, the deck and the minutes render
every block the same way, and a published meeting keeps a copy of it (its snapshot)::

    {"title": "Point d’avancement", "items": [item, ...]}

where each item is one of::

    {"type": "paragraph", "text": "…"}
    {"type": "bullets", "title": "…" (optional), "items": ["…", …]}
    {"type": "table", "title": "…" (optional), "headers": ["…", …], "rows": [["…", …], …],
     "widths": [0.2, 0.8] (optional: each column's share of the page's width)}
    {"type": "months", "title": "…" (optional), "months": ["juil. 2012", …],
     "rows": [{"label": "…", "cells": ["…" or "", one per month],
               "key": "phases" (optional: the phases' row, a column of its own on paper)}, …]}
    {"type": "records", "title": "…" (optional), "records": [{"title": "…",
     "fields": [{"label": "…", "lines": ["…", …]}, …]}, …]}
        (« fiches »: things with long texts, each read across the page instead of in a
        table's narrow columns; a field of several lines is a list)
    {"type": "empty", "text": "why there is nothing yet"}

Other apps add blocks with ``register_block(name, provider)`` and add their part to the
progress block (« Point d’avancement ») with ``register_progress_part(provider)``; a provider
gets ``(programme, meeting)``. A progress part returns a list of items (an empty list when it
has nothing to say). Neither the renderers nor this module need to change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

Block = dict
Provider = Callable[[object, object], Block]
ProgressPart = Callable[[object, object], list[dict]]

_BLOCKS: dict[str, Provider] = {}
# Blocks that show the meeting's own record (its tasks, its decisions): they stay live until the
# minutes are published. Every other block shows the programme around the meeting and is kept
# as it was when the meeting was held.
OWN_BLOCKS = frozenset({"next_steps", "decisions"})
_PROGRESS_PARTS: list[ProgressPart] = []


def register_block(name: str, provider: Provider) -> None:
    _BLOCKS[name] = provider


def register_progress_part(provider: ProgressPart) -> None:
    """Add a part to the progress block (e.g. the mobilisation of actors since the last copil)."""
    if provider not in _PROGRESS_PARTS:
        _PROGRESS_PARTS.append(provider)


def block_names() -> list[str]:
    return sorted(_BLOCKS)


def empty(text: str) -> dict:
    return {"type": "empty", "text": text}


def build(name: str, programme, meeting) -> Block:
    provider = _BLOCKS.get(name)
    if provider is None:
        return {"title": name, "items": [empty(_("This block is not available."))]}
    return provider(programme, meeting)


def cap(block: Block, limit: int) -> Block:
    """The block as a page shows it: each list cut after ``limit`` lines, with the number of lines
    left out in ``more`` (the documents keep everything)."""
    items = []
    for item in block.get("items", []):
        item = dict(item)
        for key in ("items", "rows"):
            lines = item.get(key)
            if isinstance(lines, list) and len(lines) > limit:
                item[key] = lines[:limit]
                item["more"] = len(lines) - limit
        items.append(item)
    return {**block, "items": items}


def _date(value: dt.date | None) -> str:
    return formats.date_format(value, "j F Y") if value else ""


def task_status(task, meeting) -> str:
    """The task's status as it stood on the meeting's day (a task closed later was « À faire »)."""
    from copilote.governance.models import TaskStatus

    if meeting.date and task.closed_on and task.closed_on > meeting.date:
        return TaskStatus.OPEN.label
    return task.get_status_display()


def previous_meeting(meeting):
    """The meeting held before this one (by rank), or None."""
    return (
        meeting.programme.committee_meetings.filter(rank__lt=meeting.rank).order_by("-rank").first()
    )


# The kit's blocks ------------------------------------------------------------------------------


def project_recall(programme, meeting) -> Block:
    rows = []
    if programme.objective:
        rows.append([_("Objective of the experimentation"), programme.objective])
    if programme.finalities:
        rows.append([_("Finalities"), "\n".join(programme.finalities)])
    descriptive = list(programme.descriptive_elements)
    if programme.axes:
        axes = [f"– {axis}" for axis in programme.axes]
        descriptive = descriptive[:1] + axes + descriptive[1:]
    if descriptive:
        rows.append([_("Descriptive elements"), "\n".join(descriptive)])
    themes = list(programme.themes.values_list("name", flat=True))
    if themes:
        rows.append([_("Themes"), ", ".join(themes)])
    items = (
        [{"type": "table", "headers": [], "rows": rows}]
        if rows
        else [empty(_("The objective, finalities and descriptive elements are not filled in yet."))]
    )
    return {"title": _("General description of the experimentation"), "items": items}


def _milestones_done(programme, meeting) -> list[dict]:
    previous = previous_meeting(meeting)
    milestones = programme.milestones.filter(done=True).exclude(kind="committee")
    if meeting.date:
        milestones = milestones.filter(start__lte=meeting.date)
    if previous and previous.date:
        # Steps in between: those still running or ending after the previous copil.
        milestones = milestones.filter(Q(end__gte=previous.date) | Q(start__gte=previous.date))
    lines = [f"{m.when} : {m.title}" for m in milestones.order_by("start", "id")]
    if not lines:
        return []
    return [{"type": "bullets", "title": _("Steps carried out"), "items": lines}]


def _tasks_closed(programme, meeting) -> list[dict]:
    previous = previous_meeting(meeting)
    if previous is None:
        return []
    tasks = previous.tasks.select_related("owner_person", "owner_organisation").order_by(
        "position", "id"
    )
    rows = [[t.what, t.owner, task_status(t, meeting)] for t in tasks]
    if not rows:
        return []
    return [
        {
            "type": "table",
            "title": _("Tasks set at the previous copil"),
            "headers": [_("Task"), _("Who"), _("Status")],
            "rows": rows,
        }
    ]


def _mobilisation(programme, meeting) -> list[dict]:
    """The kit's slide: companies and associations met (« OK » when committed), coming
    appointments as of the meeting's date."""
    from copilote.actors.selectors import mobilisation_progress

    data = mobilisation_progress(programme, today=meeting.date)
    if not data["rows"]:
        return []
    return [
        {
            "type": "table",
            "title": _("Mobilisation of the actors"),
            "headers": data["header"],
            "rows": data["rows"],
        }
    ]


def progress(programme, meeting) -> Block:
    items = []
    for part in _PROGRESS_PARTS:
        items.extend(part(programme, meeting))
    if not items:
        items = [empty(_("Nothing recorded since the last copil yet."))]
    return {"title": _("Progress since the last copil"), "items": items}


def calendar(programme, meeting) -> Block:
    """The whole programme month by month: the calendar's Gantt grid (the documents cut it
    into several slides or pages when it is long)."""
    from copilote.planning.selectors import gantt, months_blocks

    grid = gantt(programme)
    if grid is None:
        return {
            "title": _("Provisional calendar"),
            "items": [empty(_("The calendar will show once dated steps are entered."))],
        }
    return {"title": _("Provisional calendar"), "items": months_blocks(grid)}


def next_steps(programme, meeting) -> Block:
    tasks = meeting.tasks.select_related("owner_person", "owner_organisation").order_by(
        "position", "id"
    )
    rows = [[t.what, t.owner, _date(t.due), task_status(t, meeting)] for t in tasks]
    items = []
    if rows:
        items.append(
            {
                "type": "table",
                "headers": [_("Task"), _("Who"), _("By"), _("Status")],
                "rows": rows,
            }
        )
    else:
        items.append(empty(_("The tasks to carry out before the next copil are not set yet.")))
    if meeting.next_date or meeting.next_composition:
        line = _("Next copil: %(date)s") % {"date": _date(meeting.next_date) or _("date to set")}
        if meeting.next_composition:
            line += f" — {meeting.next_composition}"
        items.append({"type": "paragraph", "text": line})
    return {"title": _("Next steps"), "items": items}


def decisions(programme, meeting) -> Block:
    items = []
    for decision in meeting.decisions.all():
        items.append({"type": "paragraph", "text": decision.text})
        if decision.arguments:
            items.append(
                {"type": "bullets", "title": _("Arguments"), "items": list(decision.arguments)}
            )
    if not items:
        items = [empty(_("No decision recorded yet."))]
    return {"title": _("Decisions"), "items": items}


def results(programme, meeting) -> Block:
    return {
        "title": _("Results"),
        "items": [empty(_("The results will appear once the actions are entered."))],
    }


def assessment(programme, meeting) -> Block:
    return {
        "title": _("Assessment"),
        "items": [empty(_("The assessment will appear once it is entered."))],
    }


register_block("project_recall", project_recall)
register_block("progress", progress)
register_block("calendar", calendar)
register_block("next_steps", next_steps)
register_block("decisions", decisions)
register_block("results", results)
register_block("assessment", assessment)
register_progress_part(_milestones_done)
register_progress_part(_mobilisation)
register_progress_part(_tasks_closed)
