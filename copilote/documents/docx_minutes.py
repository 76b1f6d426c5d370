"""The committee's minutes as DOCX: attendance, each section's notes, decisions, tasks, next copil.

``render_minutes_docx(data) -> bytes`` takes the plain data built by the governance selectors;
every page carries the programme's name and the meeting's date in its header.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from copilote.documents.blocks import months_as_table
from copilote.documents.typography import fr

BRAND = RGBColor(0x1D, 0x4E, 0x89)
MUTED = RGBColor(0x4D, 0x56, 0x60)


def _page_field(paragraph) -> None:
    """A PAGE field, so that each page shows its number."""
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _table(doc, headers: list[str], rows: list[list[str]]):
    n_cols = max([len(headers), *(len(r) for r in rows)] or [1])
    table = doc.add_table(rows=0, cols=n_cols)
    table.style = "Table Grid"
    if headers:
        cells = table.add_row().cells
        for i, header in enumerate(headers):
            cells[i].text = ""
            run = cells[i].paragraphs[0].add_run(fr(header))
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for i in range(n_cols):
            text = values[i] if i < len(values) else ""
            lines = str(text).split("\n")
            cells[i].text = fr(lines[0])
            for line in lines[1:]:
                cells[i].add_paragraph(fr(line))
            if not headers and i == 0:
                for run in cells[i].paragraphs[0].runs:
                    run.bold = True
    doc.add_paragraph()
    return table


def _items(doc, items: list[dict]) -> None:
    for item in items:
        kind = item["type"]
        if item.get("title") and kind != "empty":
            p = doc.add_paragraph()
            run = p.add_run(fr(item["title"]))
            run.bold = True
        if kind == "paragraph":
            for line in item["text"].split("\n"):
                doc.add_paragraph(fr(line))
        elif kind == "bullets":
            for line in item["items"]:
                doc.add_paragraph(fr(line), style="List Bullet")
        elif kind == "table":
            _table(doc, item.get("headers") or [], item["rows"])
        elif kind == "months":
            table = months_as_table(item)
            _table(doc, table["headers"], table["rows"])
        elif kind == "empty":
            p = doc.add_paragraph()
            run = p.add_run(fr(item["text"]))
            run.italic = True
            run.font.color.rgb = MUTED


def render_minutes_docx(data: dict) -> bytes:
    doc = DocxDocument()
    meeting = data["meeting"]
    doc.core_properties.title = f"{data['programme']} – {meeting['title']}"
    doc.core_properties.language = "fr-FR"
    style = doc.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].font.color.rgb = BRAND
    section = doc.sections[0]
    header = section.header.paragraphs[0]
    header.text = fr(f"{data['programme']} – {meeting['title']} – {meeting.get('date_text', '')}")
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(_("Page") + " ")
    _page_field(footer)

    doc.add_heading(fr(_("Minutes – %(title)s") % {"title": meeting["title"]}), level=0)
    facts = [data["programme"]]
    when = " – ".join(v for v in (meeting.get("date_text"), meeting.get("hours")) if v)
    if when:
        facts.append(when)
    if meeting.get("place"):
        facts.append(meeting["place"])
    doc.add_paragraph(fr(" · ".join(facts)))

    doc.add_heading(_("Attendance"), level=1)
    if data["attendance"]:
        _table(
            doc,
            [_("Member"), _("Organisation"), _("College"), _("Present")],
            [
                [
                    " – ".join(v for v in (a["name"], a["position"]) if v),
                    a["organisation"],
                    a["college"],
                    _("yes") if a["attended"] else _("excused"),
                ]
                for a in data["attendance"]
            ],
        )
    else:
        doc.add_paragraph(fr(_("Attendance was not recorded.")))

    for number, item in enumerate(data["sections"], start=1):
        doc.add_heading(fr(f"{number}. {item['title']}"), level=1)
        if item.get("notes", "").strip():
            for line in item["notes"].strip().split("\n"):
                doc.add_paragraph(fr(line))
        for block in item.get("blocks", []):
            doc.add_heading(fr(block["title"]), level=2)
            _items(doc, block["items"])
        if not item.get("notes", "").strip() and not item.get("blocks"):
            p = doc.add_paragraph()
            run = p.add_run(fr(_("Section still to prepare.")))
            run.italic = True

    doc.add_heading(_("Decisions"), level=1)
    if data["decisions"]:
        for decision in data["decisions"]:
            p = doc.add_paragraph(style="List Number")
            p.add_run(fr(decision["text"])).bold = True
            for argument in decision["arguments"]:
                doc.add_paragraph(fr(argument), style="List Bullet 2")
    else:
        doc.add_paragraph(fr(_("No decision recorded.")))

    doc.add_heading(_("Tasks before the next copil"), level=1)
    if data["tasks"]:
        _table(
            doc,
            [_("Task"), _("Who"), _("By"), _("Status")],
            [[t["what"], t["owner"], t["due"], t["status"]] for t in data["tasks"]],
        )
    else:
        doc.add_paragraph(fr(_("No task recorded.")))

    doc.add_heading(_("Next copil"), level=1)
    nxt = data["next"]
    doc.add_paragraph(fr(_("Date: %(date)s") % {"date": nxt["date"] or _("to be set")}))
    if nxt.get("composition"):
        doc.add_paragraph(
            fr(_("Composition: %(composition)s") % {"composition": nxt["composition"]})
        )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
