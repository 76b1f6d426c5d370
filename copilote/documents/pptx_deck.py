"""The committee's deck as PPTX: a title slide, then one slide per agenda section.

``render_deck(data) -> bytes`` takes the plain data built by the governance selectors (see
``copilote.governance.live`` for the block items). Each section slide shows the kit's
objective and content on the left, the lead's notes and the live data on the right; a table
or a month grid that does not fit goes on a following slide of the same section.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from copilote.documents.typography import fr

BRAND = RGBColor(0x1D, 0x4E, 0x89)
INK = RGBColor(0x1B, 0x1F, 0x24)
MUTED = RGBColor(0x4D, 0x56, 0x60)
LIGHT = RGBColor(0xE3, 0xEB, 0xF5)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.45)
TOP = Inches(1.35)
ROWS_PER_SLIDE = 8
VISUAL = ("table", "months")


def _para(frame, text: str, *, size=14, bold=False, italic=False, color=INK, level=0, first=False):
    paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
    paragraph.level = level
    run = paragraph.add_run()
    run.text = fr(text)
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.color.rgb = color
    return paragraph


def _textbox(slide, left, top, width, height):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    return frame


class _Writer:
    """Adds paragraphs to a text frame, the first one in the frame's empty paragraph."""

    def __init__(self, frame):
        self.frame = frame
        self.first = True
        self.lines = 0

    def add(self, text: str, chars_per_line: int = 80, **kwargs):
        _para(self.frame, text, first=self.first, **kwargs)
        self.first = False
        self.lines += max(1, -(-len(text) // chars_per_line))


def _header(slide, data: dict, title: str, subtitle: str = "") -> None:
    bar = slide.shapes.add_shape(1, 0, 0, WIDTH, Inches(1.1))  # 1: rectangle
    bar.fill.solid()
    bar.fill.fore_color.rgb = BRAND
    bar.line.fill.background()
    frame = bar.text_frame
    frame.word_wrap = True
    frame.margin_left = MARGIN
    _para(frame, title, size=26, bold=True, color=WHITE, first=True).alignment = PP_ALIGN.LEFT
    if subtitle:
        _para(frame, subtitle, size=14, color=WHITE).alignment = PP_ALIGN.LEFT
    footer = _textbox(slide, MARGIN, HEIGHT - Inches(0.45), WIDTH - 2 * MARGIN, Inches(0.35))
    meeting = data["meeting"]
    line = f"{data['programme']} – {meeting['title']}"
    if meeting.get("date_text"):
        line += f" – {meeting['date_text']}"
    _para(footer, line, size=10, color=MUTED, first=True)


def _table(slide, item: dict, rows: list[list[str]], left, top, width, *, size=12):
    headers = item.get("headers") or []
    n_rows = len(rows) + (1 if headers else 0)
    n_cols = max([len(headers), *(len(r) for r in rows)] or [1])
    shape = slide.shapes.add_table(n_rows, n_cols, left, top, width, Inches(0.35) * n_rows)
    table = shape.table
    if not headers:
        table.first_row = False
    if n_cols == 2 and not headers:
        table.columns[0].width = Emu(int(width * 0.28))
        table.columns[1].width = Emu(width - int(width * 0.28))
    all_rows = ([headers] if headers else []) + rows
    for r, values in enumerate(all_rows):
        for c in range(n_cols):
            cell = table.cell(r, c)
            text = values[c] if c < len(values) else ""
            frame = cell.text_frame
            frame.word_wrap = True
            lines = str(text).split("\n") or [""]
            heading = bool(headers) and r == 0
            for i, line in enumerate(lines):
                _para(
                    frame,
                    line,
                    size=size,
                    bold=heading or (not headers and c == 0),
                    color=WHITE if heading else INK,
                    first=i == 0,
                )
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            if not heading:
                cell.fill.solid()
                cell.fill.fore_color.rgb = LIGHT if r % 2 else WHITE
    return shape


def _months_table(slide, item: dict, left, top, width):
    months = item["months"]
    rows = [[row["label"], *row["cells"]] for row in item["rows"]]
    size = 8 if len(months) > 10 else 9 if len(months) > 7 else 11
    shape = _table(slide, {"headers": ["", *months]}, rows, left, top, width, size=size)
    table = shape.table
    label_width = Inches(1.3)
    table.columns[0].width = label_width
    for c in range(1, len(months) + 1):
        table.columns[c].width = Emu(int((width - label_width) / len(months)))
    # A phase or a step that spans several months reads as one bar, as in the kit.
    for r, values in enumerate(rows, start=1):
        c = 1
        while c < len(values):
            end = c
            while end + 1 < len(values) and values[end + 1] == values[c] and values[c]:
                end += 1
            if end > c:
                for k in range(c + 1, end + 1):
                    table.cell(r, k).text = ""
                table.cell(r, c).merge(table.cell(r, end))
            c = end + 1
    return shape


def _chunks(item: dict) -> list[dict]:
    """A long table split into pieces that fit a slide."""
    if item["type"] != "table" or len(item["rows"]) <= ROWS_PER_SLIDE:
        return [item]
    return [
        {**item, "rows": item["rows"][i : i + ROWS_PER_SLIDE]}
        for i in range(0, len(item["rows"]), ROWS_PER_SLIDE)
    ]


def _title_slide(prs, data: dict) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(1, 0, Inches(2.2), WIDTH, Inches(2.6))
    band.fill.solid()
    band.fill.fore_color.rgb = BRAND
    band.line.fill.background()
    frame = band.text_frame
    frame.word_wrap = True
    frame.margin_left = Inches(0.8)
    meeting = data["meeting"]
    for paragraph in (
        _para(frame, data["programme"], size=36, bold=True, color=WHITE, first=True),
        _para(frame, meeting["title"], size=28, color=WHITE),
    ):
        paragraph.alignment = PP_ALIGN.LEFT
    details = _textbox(slide, Inches(0.8), Inches(5.1), WIDTH - Inches(1.6), Inches(1.5))
    writer = _Writer(details)
    when = " – ".join(v for v in (meeting.get("date_text"), meeting.get("hours")) if v)
    writer.add(when or _("Date to set"), size=18, color=INK)
    if meeting.get("place"):
        writer.add(meeting["place"], size=16, color=MUTED)
    writer.add(
        _("Steering committee – %(territory)s") % {"territory": data["territory"]},
        size=14,
        color=MUTED,
    )


def _text_lines(section_notes: str, texts: list[dict]) -> list[tuple[str, dict]]:
    """The right column's text as (line, style) pairs."""
    lines = [(line, {}) for line in section_notes.split("\n") if line.strip()]
    for item in texts:
        kind = item["type"]
        if item.get("title") and kind != "empty":
            lines.append((item["title"], {"bold": True, "color": BRAND}))
        if kind == "paragraph":
            lines += [(line, {}) for line in item["text"].split("\n")]
        elif kind == "bullets":
            lines += [(f"• {line}", {}) for line in item["items"]]
        elif kind == "empty":
            lines.append((item["text"], {"italic": True, "color": MUTED}))
    return lines


# Font size -> (characters per inch of width, line height in inches)
SIZES = {
    14: (11.0, 0.25),
    13: (12.0, 0.23),
    12: (13.0, 0.215),
    11: (14.2, 0.2),
    10: (15.6, 0.18),
    9: (17.5, 0.165),
}


def _fit(lines: list[str], width_in: float, height_in: float, sizes=(14, 12, 11, 10, 9)):
    """The largest font size at which ``lines`` fit the box, and the height they take."""
    for size in sizes:
        per_inch, line_height = SIZES[size]
        chars = max(10, int(width_in * per_inch))
        count = sum(max(1, -(-len(line) // chars)) for line in lines)
        if count * line_height <= height_in or size == sizes[-1]:
            return size, count * line_height
    raise AssertionError  # pragma: no cover


def _table_height(item: dict, width_in: float, size: int = 12) -> float:
    per_inch, line_height = SIZES[size]
    rows = ([item.get("headers")] if item.get("headers") else []) + item["rows"]
    n_cols = max((len(r) for r in rows), default=1)
    shares = [0.28, 0.72] if n_cols == 2 and not item.get("headers") else [1 / n_cols] * n_cols
    widths = [max(4, int(width_in * share * per_inch) - 1) for share in shares]
    total = 0.0
    for row in rows:
        lines = max(
            (
                sum(max(1, -(-len(part) // widths[i])) for part in str(cell).split("\n"))
                for i, cell in enumerate(row)
            ),
            default=1,
        )
        total += lines * line_height + 0.08
    return total


AREA_HEIGHT = 5.5  # inches between the header and the footer


def _section_slides(prs, data: dict, section: dict) -> None:
    texts, visuals = [], []
    for block in section.get("blocks", []):
        for item in block["items"]:
            if item["type"] in VISUAL:
                visuals.extend(_chunks({**item, "block": block["title"]}))
            else:
                texts.append(item)

    slide = prs.slides.add_slide(prs.slide_layouts[6])
    _header(slide, data, section["title"])
    left_width = 4.2
    kit_lines: list[tuple[str, dict]] = []
    if section.get("objectives"):
        kit_lines.append((_("Objective:"), {"bold": True, "color": BRAND}))
        kit_lines += [(f"• {line}", {}) for line in section["objectives"]]
    if section.get("content"):
        kit_lines.append((_("Content:"), {"bold": True, "color": BRAND}))
        for item in section["content"]:
            kit_lines.append((f"• {item['text']}", {}))
            kit_lines += [(f"– {d}", {"color": MUTED, "level": 1}) for d in item.get("details", [])]
    if section.get("remark"):
        kit_lines.append((section["remark"], {"italic": True, "color": MUTED}))
    size, _height = _fit([t for t, _s in kit_lines], left_width, AREA_HEIGHT, (13, 12, 11, 10, 9))
    kit = _Writer(_textbox(slide, MARGIN, TOP, Inches(left_width), Inches(AREA_HEIGHT)))
    for text, style in kit_lines:
        kit.add(text, size=size, **style)

    right_left_in = 0.45 + left_width + 0.3
    right_width_in = 13.333 - right_left_in - 0.45
    right_left, right_width = Inches(right_left_in), Inches(right_width_in)
    notes = section.get("notes", "").strip()
    lines = _text_lines(notes, texts)
    if not lines and not visuals:
        lines = [(_("Section still to prepare."), {"italic": True, "color": MUTED})]
    size, used = _fit([t for t, _s in lines], right_width_in, AREA_HEIGHT)
    first_table = None
    if visuals and visuals[0]["type"] == "table":
        needed = _table_height(visuals[0], right_width_in) + (0.4 if visuals[0].get("title") else 0)
        if used + 0.2 + needed <= AREA_HEIGHT:
            first_table = visuals.pop(0)
    if lines:
        writer = _Writer(_textbox(slide, right_left, TOP, right_width, Inches(max(used, 0.4))))
        for text, style in lines:
            writer.add(text, size=size, **style)
    if first_table:
        top = TOP + Inches(used + 0.2)
        if first_table.get("title"):
            label = _textbox(slide, right_left, top, right_width, Inches(0.35))
            _para(label, first_table["title"], size=13, bold=True, color=BRAND, first=True)
            top += Inches(0.4)
        _table(slide, first_table, first_table["rows"], right_left, top, right_width)

    for item in visuals:
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        _header(slide, data, section["title"], item.get("title") or item.get("block", ""))
        width = WIDTH - 2 * MARGIN
        if item["type"] == "months":
            _months_table(slide, item, MARGIN, TOP, width)
        else:
            _table(slide, item, item["rows"], MARGIN, TOP, width)


def render_deck(data: dict) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = f"{data['programme']} – {data['meeting']['title']}"
    prs.core_properties.language = "fr-FR"
    _title_slide(prs, data)
    for section in data["sections"]:
        _section_slides(prs, data, section)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
