"""The committee's minutes as DOCX: attendance, each section's notes, decisions, tasks, next copil.

``render_minutes_docx(data) -> bytes`` takes the plain data built by the governance selectors
and follows ``copilote.documents.minutes.minutes_plan`` (each thing said once, the kit's frame in
an annex). A4 pages, French (fr-FR) in every style so that spell-checking is French; every page
carries the programme's name and the meeting's date in its header; tables have padding, repeat
their header row on each page and never split a row; headings stay with what follows.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from copilote.core.text import without_control
from copilote.documents.blocks import portrait
from copilote.documents.layout import LINE_CHARACTERS, crowded, loosened, table_shares
from copilote.documents.minutes import minutes_plan
from copilote.documents.typography import fr

BRAND = RGBColor(0x1D, 0x4E, 0x89)
MUTED = RGBColor(0x4D, 0x56, 0x60)
LANGUAGE = "fr-FR"
TEXT_SIZE = 10  # points: the body text (style Normal)
CROWDED_SIZE = 9  # a table whose words do not fit side by side at TEXT_SIZE (layout.crowded)
CELL_PADDING = {"top": 57, "bottom": 57, "start": 85, "end": 85}  # twentieths of a point


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


def _set_language(doc) -> None:
    """fr-FR as the document's default language and in every style."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    targets = [defaults.find(qn("w:rPrDefault"))] if defaults is not None else []
    for target in targets:
        rpr = target.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            target.append(rpr)
        _lang(rpr)
    for style in doc.styles:
        element = style.element
        if element.get(qn("w:type")) in ("paragraph", "character", "table"):
            _lang(element.get_or_add_rPr())


def _lang(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), LANGUAGE)


def _heading(doc, text: str, level: int):
    heading = doc.add_heading(fr(text), level=level)
    heading.paragraph_format.keep_with_next = True
    return heading


def _label(doc, text: str):
    """A bold line introducing what follows (kept on the same page as it)."""
    p = doc.add_paragraph()
    p.add_run(fr(text)).bold = True
    p.paragraph_format.space_before = Pt(8)
    p.paragraph_format.keep_with_next = True
    return p


def _table(doc, headers: list[str], rows: list[list[str]], widths: list[float] | None = None):
    n_cols = max([len(headers), *(len(r) for r in rows)] or [1])
    item = {"headers": headers, "rows": rows, "widths": widths}
    tight = crowded(item, typeset=fr)
    typeset = loosened(fr) if tight else fr
    table = doc.add_table(rows=0, cols=n_cols)
    table.style = "Table Grid"
    margins = OxmlElement("w:tblCellMar")
    for side, width in CELL_PADDING.items():
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(width))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)
    if headers:
        row = table.add_row()
        _row_properties(row, header=True)
        for i, header in enumerate(headers):
            paragraph = row.cells[i].paragraphs[0]
            paragraph.add_run(typeset(header)).bold = True
    for values in rows:
        row = table.add_row()
        _row_properties(row, header=False)
        for i in range(n_cols):
            text = values[i] if i < len(values) else ""
            lines = str(text).split("\n")
            cell = row.cells[i]
            cell.text = typeset(lines[0])
            for line in lines[1:]:
                cell.add_paragraph(typeset(line))
            if not headers and i == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    line = LINE_CHARACTERS * (TEXT_SIZE / CROWDED_SIZE if tight else 1)
    _widths(table, table_shares(item, typeset=typeset, line_characters=line))
    if tight:
        for cell in (cell for row in table.rows for cell in row.cells):
            for run in (run for paragraph in cell.paragraphs for run in paragraph.runs):
                run.font.size = Pt(CROWDED_SIZE)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(2)
    return table


TEXT_WIDTH_MM = 170  # A4 less the margins


def _widths(table, shares: list[float]) -> None:
    """Each column of ``table`` its share of the text's width (documents.layout.table_shares:
    the item's own widths, else computed from the text as for the printed pages)."""
    if len(shares) != len(table.columns):
        return
    table.autofit = False
    for column, share in zip(table.columns, shares, strict=True):
        width = Mm(TEXT_WIDTH_MM * share)
        column.width = width
        for cell in column.cells:
            cell.width = width


def _row_properties(row, *, header: bool) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _items(doc, items: list[dict]) -> None:
    for item in portrait(items):
        kind = item["type"]
        if item.get("title") and kind != "empty":
            _label(doc, item["title"])
        if kind == "paragraph":
            for line in item["text"].split("\n"):
                doc.add_paragraph(fr(line))
        elif kind == "bullets":
            for line in item["items"]:
                doc.add_paragraph(fr(line), style="List Bullet")
        elif kind == "table":
            _table(doc, item.get("headers") or [], item["rows"], item.get("widths"))
        elif kind == "records":
            _records(doc, item["records"])
        elif kind == "empty":
            _muted(doc, item["text"])


def _records(doc, records: list[dict]) -> None:
    """Each record: its title in bold, then its fields (« Label : value »; a field of several
    lines is a bulleted list), kept together on a page."""
    for record in records:
        title = doc.add_paragraph()
        title.add_run(fr(record["title"])).bold = True
        title.paragraph_format.space_before = Pt(6)
        title.paragraph_format.keep_with_next = True
        paragraphs = [title]
        for field in record["fields"]:
            p = doc.add_paragraph()
            label = p.add_run(fr(_("%(label)s:") % {"label": field["label"]}))
            label.font.color.rgb = MUTED
            lines = field["lines"]
            if len(lines) == 1:
                p.add_run(" " + fr(lines[0]))
                paragraphs.append(p)
            else:
                paragraphs.append(p)
                paragraphs += [doc.add_paragraph(fr(line), style="List Bullet") for line in lines]
        for p in paragraphs:
            p.paragraph_format.space_after = Pt(1)
        for p in paragraphs[:-1]:
            p.paragraph_format.keep_with_next = True


def _muted(doc, text: str):
    p = doc.add_paragraph()
    run = p.add_run(fr(text))
    run.italic = True
    run.font.color.rgb = MUTED
    return p


def _page_setup(doc, data: dict) -> None:
    meeting = data["meeting"]
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(22), Mm(20)
    header = section.header.paragraphs[0]
    header.text = fr(
        " – ".join(v for v in (data["programme"], meeting["title"], meeting.get("date_text")) if v)
    )
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run(_("Page") + " ")
    _page_field(footer)


def render_minutes_docx(data: dict) -> bytes:
    data = without_control(data)  # a stray control character would make invalid XML
    plan = minutes_plan(data)
    doc = DocxDocument()
    meeting = data["meeting"]
    doc.core_properties.title = f"{data['programme']} – {meeting['title']}"
    doc.core_properties.language = LANGUAGE
    style = doc.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(TEXT_SIZE)
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].font.color.rgb = BRAND
    _set_language(doc)
    _page_setup(doc, data)

    _heading(doc, _("Minutes – %(title)s") % {"title": meeting["title"]}, 0)
    facts = [data["programme"]]
    when = " – ".join(v for v in (meeting.get("date_text"), meeting.get("hours")) if v)
    if when:
        facts.append(when)
    if meeting.get("place"):
        facts.append(meeting["place"])
    doc.add_paragraph(fr(" · ".join(facts)))

    _heading(doc, _("Attendance"), 1)
    if plan["attendance"]:
        _table(
            doc,
            [_("Member"), _("Organisation"), _("College"), _("Attendance")],
            [
                [
                    " – ".join(v for v in (a["name"], a["position"]) if v),
                    a["organisation"],
                    a["college"],
                    a["label"],
                ]
                for a in plan["attendance"]
            ],
        )
    else:
        _muted(doc, _("Attendance was not recorded."))

    for number, item in enumerate(plan["sections"], start=1):
        _heading(doc, f"{number}. {item['title']}", 1)
        for line in item["notes"]:
            doc.add_paragraph(fr(line))
        for block in item["blocks"]:
            if block["title"]:
                _heading(doc, block["title"], 2)
            _items(doc, block["items"])
        if item["to_prepare"] and not item["blocks"] and not plan["done"]:
            _muted(doc, _("Section still to prepare."))

    _heading(doc, _("Decisions"), 1)
    if plan["decisions"]:
        for decision in plan["decisions"]:
            p = doc.add_paragraph(style="List Number")
            p.add_run(fr(decision["text"])).bold = True
            for argument in decision["arguments"]:
                doc.add_paragraph(fr(argument), style="List Bullet 2")
    else:
        _muted(doc, _("No decision recorded."))

    _heading(doc, plan["tasks_title"], 1)
    if plan["tasks"]:
        _table(
            doc,
            [_("Task"), _("Who"), _("By")],
            [[t["what"], t["owner"], t["due"]] for t in plan["tasks"]],
        )
    else:
        _muted(doc, _("No task recorded."))

    if plan["next"] is not None:
        nxt = plan["next"]
        _heading(doc, _("Next copil"), 1)
        doc.add_paragraph(fr(_("Date: %(date)s") % {"date": nxt.get("date") or _("to be set")}))
        if nxt.get("composition"):
            doc.add_paragraph(
                fr(_("Composition: %(composition)s") % {"composition": nxt["composition"]})
            )

    kit = plan["kit"]
    if kit["purpose"] or kit["sections"]:
        _heading(doc, _("Annex – the kit’s methodological frame"), 1)
        for line in kit["purpose"]:
            _muted(doc, line)
        for section in kit["sections"]:
            p = doc.add_paragraph()
            p.add_run(fr(section["title"]) + " — ").bold = True
            p.add_run(fr(section["text"]))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
