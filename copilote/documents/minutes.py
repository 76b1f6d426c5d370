"""What the committee's minutes say, once each: the plan both the DOCX and the PDF follow.

``minutes_plan(data) -> dict`` takes the plain data of a meeting (see
``copilote.governance.selectors.build_content``) and decides what the minutes show:

- each section's notes and the live data around the meeting, without the blocks that repeat
  the meeting's own decisions and tasks (they have their own part, once), without a subheading
  that repeats its section's heading, and without placeholders once the meeting is held;
- attendance with present, excused and absent members told apart — past ``LONG_LIST`` members,
  one paragraph per status (names in a run, as the minutes of a large assembly list them)
  rather than a table row each, which a PDF lays out a hundred times slower;
- the decisions, the tasks (who, by when; past ``LONG_LIST``, a list rather than a table), the
  next copil (not after the final copil);
- the kit's frame — the meeting's « cadre méthodologique », each section's objective and
  content — once, compactly, as an annex.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

# Blocks that show the meeting's own decisions and tasks: the minutes give them their own part.
OWN_BLOCKS = ("next_steps", "decisions")
DONE_STATUSES = ("held", "published")
LONG_LIST = 40  # beyond this many rows, attendance and tasks print compactly


def _key(text: str) -> str:
    """A title reduced for comparison: no accents, articles, punctuation or case."""
    text = unicodedata.normalize("NFKD", text or "").replace("’", "'")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", re.sub(r"\b(?:l|d)'", " ", text))
    return " ".join(w for w in words if w not in {"le", "la", "les", "du", "de", "des"})


def repeats(title: str, heading: str) -> bool:
    """Whether a subheading says what its heading already says."""
    a, b = _key(title), _key(heading)
    return bool(a) and (a == b or a in b or b in a)


def _own_block(block: dict) -> bool:
    if block.get("key"):
        return block["key"] in OWN_BLOCKS
    # Snapshots taken before blocks carried their key: recognised by their title.
    return block.get("title") in (_("Next steps"), _("Decisions"))


def is_done(data: dict) -> bool:
    return data["meeting"].get("status") in DONE_STATUSES


def _items(items: list[dict], *, done: bool) -> list[dict]:
    return [i for i in items if not (done and i["type"] == "empty")]


def attendance_groups(attendance: list[dict]) -> list[dict]:
    """The members by attendance — present, excused, absent — each as one line of names."""
    groups = []
    for label, keep in (
        (pgettext("attendance group", "Present"), lambda a: a.get("attended")),
        (
            pgettext("attendance group", "Excused"),
            lambda a: a.get("excused") and not a.get("attended"),
        ),
        (
            pgettext("attendance group", "Absent"),
            lambda a: not (a.get("attended") or a.get("excused")),
        ),
    ):
        members = [a for a in attendance if keep(a)]
        if members:
            names = [
                a["name"] + (f" ({a['organisation']})" if a.get("organisation") else "")
                for a in members
            ]
            groups.append({"label": label, "count": len(members), "names": " ; ".join(names)})
    return groups


def attendance_label(entry: dict) -> str:
    if entry.get("attended"):
        return _("present")
    return _("excused") if entry.get("excused") else _("absent")


def kit_frame(data: dict) -> dict:
    """The kit's wording of the meeting, compact: its purpose and one line per section."""
    sections = []
    for section in data["sections"]:
        parts = []
        if section.get("objectives"):
            parts.append(_("Objective: %(list)s") % {"list": " ; ".join(section["objectives"])})
        content = [c["text"] if isinstance(c, dict) else c for c in section.get("content", [])]
        if content:
            parts.append(_("Content: %(list)s") % {"list": " ; ".join(content)})
        if parts:
            sections.append({"title": section["title"], "text": ". ".join(parts) + "."})
    purpose = [line for line in (data["meeting"].get("purpose") or "").split("\n") if line.strip()]
    return {"purpose": purpose, "sections": sections}


def minutes_plan(data: dict) -> dict:
    done = is_done(data)
    meeting = data["meeting"]
    sections = []
    for section in data["sections"]:
        notes = [line for line in (section.get("notes") or "").strip().split("\n") if line.strip()]
        blocks = []
        for block in section.get("blocks", []):
            if _own_block(block):
                continue
            items = _items(block["items"], done=done)
            if not items:
                continue
            title = "" if repeats(block["title"], section["title"]) else block["title"]
            blocks.append({"title": title, "items": items})
        if not notes and not blocks and done:
            continue  # nothing was said: no heading left empty
        sections.append(
            {"title": section["title"], "notes": notes, "blocks": blocks, "to_prepare": not notes}
        )
    final = meeting.get("kind") == "copil-final"
    nxt = data.get("next") or {}
    show_next = bool(nxt.get("date") or nxt.get("composition")) or not final
    attendance = data.get("attendance", [])
    long_attendance = len(attendance) > LONG_LIST
    return {
        "done": done,
        "attendance": [{**a, "label": attendance_label(a)} for a in attendance]
        if not long_attendance
        else [],
        "attendance_groups": attendance_groups(attendance) if long_attendance else [],
        "tasks_compact": len(data.get("tasks", [])) > LONG_LIST,
        "sections": sections,
        "decisions": data.get("decisions", []),
        "tasks": data.get("tasks", []),
        "tasks_title": _("Tasks") if final else _("Tasks before the next copil"),
        "next": nxt if show_next else None,
        "kit": kit_frame(data),
    }
