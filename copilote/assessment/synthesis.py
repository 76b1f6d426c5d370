"""The synthesis (« un document synthétique de l'ensemble des livrables »): its data, by chapter.

Chapters come from a registry, so that the events and the working groups add theirs without this
module importing them. A part is ``register_part(Part(key, chapter, provider, order))``;
``provider(programme)`` returns a list of block items (the generic items of
``governance.live``, plus ``{"type": "chart", "title", "summary", "chart", "svg", "table"}``);
parts with the same ``chapter`` title go in the same chapter, in ``order``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from copilote.documents.blocks import portrait

PartProvider = Callable[[object], list[dict]]


@dataclass(frozen=True)
class Part:
    key: str
    chapter: object  # a (lazy) title
    provider: PartProvider
    order: int = 100


_PARTS: dict[str, Part] = {}


def register_part(part: Part) -> None:
    _PARTS[part.key] = part


def _meeting_stub(programme):
    """Live blocks take a meeting; the synthesis speaks of the whole programme (no date)."""
    return SimpleNamespace(programme=programme, date=None, rank=10**6, pk=None)


def description(programme) -> list[dict]:
    from copilote.governance import live

    items = live.build("project_recall", programme, _meeting_stub(programme))["items"]
    return [i for i in items if i["type"] != "empty"]


def calendar(programme) -> list[dict]:
    from copilote.governance import live

    items = live.build("calendar", programme, _meeting_stub(programme))["items"]
    return [i for i in portrait(items) if i["type"] != "empty"]


def mobilisation(programme) -> list[dict]:
    from copilote.actors.selectors import mobilisation_progress

    data = mobilisation_progress(programme, today=None)
    if not data["rows"]:
        return []
    return [
        {
            "type": "table",
            "title": _("Organisations met and appointments"),
            "headers": data["header"],
            "rows": data["rows"],
        }
    ]


def actions_by_group(programme) -> list[dict]:
    """Each group's actions as « fiches action »: a long title, its referents and its first
    steps read on the page's whole width, where a table's narrow columns would cut every one of
    them into three or four lines."""
    from copilote.results import selectors
    from copilote.results.live import referents_text, status_text

    items = []
    for origin in selectors.by_group(programme):
        records = []
        for action in sorted(origin.actions, key=lambda a: (a.position, a.id)):
            steps = [
                f"{s.what}" + (f" ({formats.date_format(s.due, 'j F Y')})" if s.due else "")
                for s in action.steps.all()
            ]
            fields = [
                {"label": _("Status"), "lines": [status_text(action)]},
                {
                    "label": _("Referents"),
                    "lines": [referents_text(action) or _("referent to find")],
                },
            ]
            if steps:
                fields.append({"label": _("First steps"), "lines": steps})
            records.append({"title": action.title, "fields": fields})
        items.append({"type": "records", "title": origin.label, "records": records})
    return items


def indicators(programme) -> list[dict]:
    from copilote.assessment.indicators import measure

    return [
        {
            "type": "chart",
            "title": entry["title"],
            "summary": " ".join(filter(None, [entry.get("summary"), entry.get("capped")])),
            "svg": entry.get("svg", ""),
            "table": entry["table"],
        }
        for entry in measure(programme, full_tables=True)
    ]


def bilan(programme) -> list[dict]:
    from copilote.assessment import live, selectors

    return live.assessment_items(selectors.assessment_of(programme))


def follow_up(programme) -> list[dict]:
    from copilote.assessment import live, selectors

    found = selectors.assessment_of(programme)
    items = live.follow_up_items(found)
    if found and found.short_term:
        items.append({"type": "bullets", "title": _("Short-term plan"), "items": found.short_term})
    return items


def survey(programme) -> list[dict]:
    from copilote.assessment.selectors import survey_results

    results = survey_results(programme)
    if not results["count"]:
        return []
    items = [
        {
            "type": "paragraph",
            "text": _("%(n)s participants answered the survey.") % {"n": results["count"]},
        }
    ]
    rows = []
    for entry in results["questions"]:
        q = entry["question"]
        if q.kind == "text":
            continue
        answers = ", ".join(f"{label} : {n}" for label, n in entry["counts"] if n)
        rows.append([str(q.text), answers])
    if rows:
        items.append({"type": "table", "headers": [_("Question"), _("Answers")], "rows": rows})
    for entry in results["questions"]:
        if entry["question"].kind == "text" and entry["texts"]:
            items.append(
                {"type": "bullets", "title": str(entry["question"].text), "items": entry["texts"]}
            )
    return items


def register_defaults() -> None:
    for part in (
        Part("description", gettext_lazy("The experimentation"), description, 10),
        Part("calendar", gettext_lazy("Calendar"), calendar, 20),
        Part("mobilisation", gettext_lazy("Mobilisation of the actors"), mobilisation, 30),
        Part("actions", gettext_lazy("The working groups and their actions"), actions_by_group, 50),
        Part("indicators", gettext_lazy("Indicators"), indicators, 60),
        Part("bilan", gettext_lazy("The assessment"), bilan, 70),
        Part("survey", gettext_lazy("What the participants say"), survey, 75),
        Part("follow_up", gettext_lazy("The decision and what follows"), follow_up, 80),
    ):
        register_part(part)


def synthesis_data(programme, *, today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    chapters: dict[str, dict] = {}
    for part in sorted(_PARTS.values(), key=lambda p: (p.order, p.key)):
        items = part.provider(programme)
        if not items:
            continue
        title = str(part.chapter)
        chapters.setdefault(title, {"title": title, "items": []})["items"].extend(items)
    territory = programme.territory
    return {
        "programme": programme.name,
        "territory": territory.name,
        "authority": territory.authority,
        "period": " – ".join(
            formats.date_format(d, "F Y") for d in (programme.start_date, programme.end_date) if d
        ),
        "date_text": formats.date_format(today, "j F Y"),
        "chapters": list(chapters.values()),
    }
