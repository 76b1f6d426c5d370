"""The committee's deck as PPTX: a title slide, the agenda, then each agenda section.

``render_deck(data) -> bytes`` takes the plain data built by the governance selectors (see
``copilote.governance.live`` for the block items). The deck is made to be projected:

- every slide has a real title placeholder (the outline and accessibility checkers see it);
- a section's notes are cut where the kit cuts them — one question per slide, as in « Focus
  sur les étapes » — and a list of more than ``MAX_LINES`` lines continues on a next slide;
- tables get their own slide when they do not fit under the text, split so that they keep a
  margin above the footer; month grids are split in halves of a year at most;
- the kit's objective and content of the section go to the speaker notes;
- a live item that has nothing yet gets no slide; every text is marked French (fr-FR).
"""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from copilote.core.text import without_control
from copilote.documents.blocks import even_pieces
from copilote.documents.layout import table_shares
from copilote.documents.minutes import repeats
from copilote.documents.typography import fr

BRAND = RGBColor(0x1D, 0x4E, 0x89)
INK = RGBColor(0x1B, 0x1F, 0x24)
MUTED = RGBColor(0x4D, 0x56, 0x60)
LIGHT = RGBColor(0xE3, 0xEB, 0xF5)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
TOP = Inches(1.4)
BAR = Inches(1.1)
FOOTER_TOP = HEIGHT - Inches(0.45)
BOTTOM_MARGIN = 0.3  # inches kept free above the footer
AREA_HEIGHT = (FOOTER_TOP - TOP) / 914400 - BOTTOM_MARGIN  # inches for the slide's body
BODY_WIDTH = 13.333 - 2 * 0.5
MAX_LINES = 12  # lines of text a slide holds, to be read from the back of a room
TEXT_SIZE = 18
TABLE_SIZE = 14
MAX_MONTHS = 7
VISUAL = ("table", "months")
LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5

# Font size -> (characters per inch of width, line height in inches), for DejaVu/Calibri-like
# fonts: enough to estimate how many lines a text takes.
SIZES = {
    20: (7.6, 0.36),
    18: (10.0, 0.33),
    16: (9.5, 0.29),
    14: (11.0, 0.25),
    12: (13.0, 0.215),
    11: (14.2, 0.2),
    10: (15.6, 0.18),
    9: (17.5, 0.165),
}


def _run(paragraph, text: str, *, size, bold=False, italic=False, color=INK):
    run = paragraph.add_run()
    run.text = fr(text)
    font = run.font
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.color.rgb = color
    font.language_id = MSO_LANGUAGE_ID.FRENCH
    return run


def _para(frame, text: str, *, size=TEXT_SIZE, first=False, level=0, space=6, **style):
    paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
    paragraph.level = level
    paragraph.space_after = Pt(space)
    _run(paragraph, text, size=size, **style)
    return paragraph


def _textbox(slide, left, top, width, height):
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    return frame


def wrapped_lines(text: str, width_in: float, size: int, fill: float = 0.9) -> int:
    """Lines ``text`` takes in a box ``width_in`` wide (words do not fill a line to the end:
    ``fill`` of it on average; narrow table cells lose more)."""
    per_inch, _height = SIZES[size]
    chars = max(6, int(width_in * per_inch * fill))
    return max(1, -(-len(text) // chars))


def _title(slide, text: str, subtitle: str = "") -> None:
    """The brand bar with the slide's title in the layout's title placeholder."""
    bar = slide.shapes.add_shape(1, 0, 0, WIDTH, BAR)  # 1: rectangle
    bar.fill.solid()
    bar.fill.fore_color.rgb = BRAND
    bar.line.fill.background()
    tree = slide.shapes._spTree
    tree.remove(bar._element)
    tree.insert(2, bar._element)  # behind the title
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = MARGIN, 0, WIDTH - 2 * MARGIN, BAR
    frame = title.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    size = 28 if len(text) <= 60 else 22
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    _run(paragraph, text, size=size, bold=True, color=WHITE)
    if subtitle:
        line = frame.add_paragraph()
        line.alignment = PP_ALIGN.LEFT
        _run(line, subtitle, size=16, color=WHITE)


def _footer(slide, data: dict) -> None:
    frame = _textbox(slide, MARGIN, FOOTER_TOP, WIDTH - 2 * MARGIN, Inches(0.35))
    meeting = data["meeting"]
    line = " – ".join(
        v for v in (data["programme"], meeting["title"], meeting.get("date_text")) if v
    )
    _para(frame, line, size=10, color=MUTED, first=True, space=0)


def _notes(slide, lines: list[str]) -> None:
    if lines:
        slide.notes_slide.notes_text_frame.text = fr("\n".join(lines))


def _slide(prs, data: dict, title: str, subtitle: str = "", notes: list[str] | None = None):
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    _title(slide, title, subtitle)
    _footer(slide, data)
    _notes(slide, notes or [])
    return slide


# Tables --------------------------------------------------------------------------------------


TABLE_CHARACTERS = BODY_WIDTH * SIZES[TABLE_SIZE][0]  # characters on a line of a table


def _shares(item: dict, n_cols: int) -> list[float]:
    """Each column's share: given by the caller (a month grid, or :func:`with_shares`), else
    documents.layout.table_shares of the whole item (the same on each slide of a long table)."""
    if len(item.get("shares") or ()) == n_cols:
        return item["shares"]
    shares = table_shares(item, line_characters=TABLE_CHARACTERS, typeset=fr)
    return shares if len(shares) == n_cols else [1 / n_cols] * n_cols


def with_shares(item: dict) -> dict:
    """``item`` with its columns' shares computed once (a long table is measured row by row)."""
    headers = item.get("headers") or []
    n_cols = max([len(headers), *(len(r) for r in item["rows"])] or [1])
    return {**item, "shares": _shares(item, n_cols)}


def _row_height(row: list, shares: list[float], width_in: float, size: int) -> float:
    _per_inch, line_height = SIZES[size]
    lines = max(
        (
            sum(
                wrapped_lines(part, width_in * shares[i] - 0.2, size, fill=0.75)
                for part in str(c).split("\n")
            )
            for i, c in enumerate(row)
        ),
        default=1,
    )
    return lines * line_height + 0.15


def table_height(item: dict, rows: list[list], width_in: float, size: int) -> float:
    headers = item.get("headers") or []
    n_cols = max([len(headers), *(len(r) for r in rows)] or [1])
    shares = _shares(item, n_cols)
    every = ([headers] if headers else []) + rows
    return sum(_row_height(r, shares, width_in, size) for r in every)


def table_pieces(item: dict, width_in: float, height_in: float, size: int) -> list[list[list]]:
    """The rows cut into pieces that each fit ``height_in`` (header repeated on each)."""
    pieces, current = [], []
    for row in item["rows"]:
        if current and table_height(item, [*current, row], width_in, size) > height_in:
            pieces.append(current)
            current = []
        current.append(row)
    if current:
        pieces.append(current)
    return pieces


def _table(slide, item: dict, rows: list[list], left, top, width, *, size=TABLE_SIZE):
    headers = item.get("headers") or []
    n_rows = len(rows) + (1 if headers else 0)
    n_cols = max([len(headers), *(len(r) for r in rows)] or [1])
    shape = slide.shapes.add_table(n_rows, n_cols, left, top, width, Inches(0.4) * n_rows)
    table = shape.table
    table.first_row = bool(headers)
    for c, share in enumerate(_shares(item, n_cols)):
        table.columns[c].width = Emu(int(width * share))
    all_rows = ([headers] if headers else []) + rows
    shares = _shares(item, n_cols)
    for r, values in enumerate(all_rows):
        table.rows[r].height = Inches(_row_height(values, shares, width / 914400, size))
        for c in range(n_cols):
            cell = table.cell(r, c)
            text = values[c] if c < len(values) else ""
            frame = cell.text_frame
            frame.word_wrap = True
            heading = bool(headers) and r == 0
            for i, line in enumerate(str(text).split("\n")):
                _para(
                    frame,
                    line,
                    size=size,
                    bold=heading or (not headers and c == 0),
                    color=WHITE if heading else INK,
                    first=i == 0,
                    space=0,
                )
            cell.margin_left = cell.margin_right = Inches(0.08)
            cell.margin_top = cell.margin_bottom = Inches(0.04)
            if not heading:
                cell.fill.solid()
                cell.fill.fore_color.rgb = LIGHT if r % 2 else WHITE
    return shape


def month_pieces(item: dict) -> list[dict]:
    """A month grid cut evenly into pieces of at most ``MAX_MONTHS`` months, each with
    something."""
    months = item["months"]
    pieces = []
    for cut in even_pieces(len(months), MAX_MONTHS):
        rows = [{**row, "cells": row["cells"][cut]} for row in item["rows"]]
        gaps = [g - cut.start for g in item.get("gaps", ()) if cut.start <= g < cut.stop]
        if any(any(row["cells"]) for row in rows):
            pieces.append({**item, "months": months[cut], "rows": rows, "gaps": gaps})
    return pieces


def span(months: list[str]) -> str:
    """The months a grid's columns cover: « septembre 2026 – décembre 2026 », or the month
    alone; a column that stands for a run of empty months (« … novembre 2013 – septembre
    2027 ») counts by its first month at the start and by its last at the end."""
    if not months:
        return ""
    first = months[0].removeprefix("… ").split(" – ")[0]
    last = months[-1].split(" – ")[-1]
    return first if first == last else f"{first} – {last}"


def _months_table(slide, item: dict, left, top, width):
    months = item["months"]
    rows = [[row["label"], *row["cells"]] for row in item["rows"]]
    size = 11 if len(months) > 5 else 12
    label_width = Inches(1.4)
    # A run of empty months (« … juil. 2013 – sept. 2027 ») takes a narrow column.
    gaps = set(item.get("gaps", ())) if len(months) > len(item.get("gaps", ())) else set()
    gap_width = Inches(1.1)
    month_width = (width - label_width - gap_width * len(gaps)) / (len(months) - len(gaps) or 1)
    widths = [label_width, *(gap_width if c in gaps else month_width for c in range(len(months)))]
    # The rows are sized for these widths (not a generic table's shares).
    grid = {"headers": ["", *months], "shares": [w / width for w in widths]}
    shape = _table(slide, grid, rows, left, top, width, size=size)
    table = shape.table
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


# Text ----------------------------------------------------------------------------------------

QUESTION = re.compile(r"^\s*Question\s+\d+\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-ZÀ-Ý«(])")
LONG_LINE = 160


def note_lines(notes: str) -> list[tuple[str, dict]]:
    """The lead's notes as lines for a slide: a long paragraph is cut into its sentences."""
    lines = []
    for raw in notes.split("\n"):
        line = raw.strip()
        if not line:
            continue
        parts = SENTENCE_END.split(line) if len(line) > LONG_LINE else [line]
        first = True
        for part in parts:
            style = {"bold": True, "color": BRAND} if first and QUESTION.match(part) else {}
            lines.append((part, {**style, "question": bool(first and QUESTION.match(part))}))
            first = False
    return lines


def item_lines(item: dict) -> list[tuple[str, dict]]:
    lines = []
    if item.get("title"):
        lines.append((item["title"], {"bold": True, "color": BRAND}))
    if item["type"] == "paragraph":
        lines += [(line, {}) for line in item["text"].split("\n") if line.strip()]
    elif item["type"] == "bullets":
        lines += [(f"• {line}", {}) for line in item["items"]]
    elif item["type"] == "records":
        for record in item["records"]:
            lines.append((record["title"], {"bold": True}))
            for field in record["fields"]:
                label = _("%(label)s:") % {"label": field["label"]}
                if len(field["lines"]) == 1:
                    lines.append((f"{label} {field['lines'][0]}", {}))
                else:
                    lines.append((label, {}))
                    lines += [(f"• {line}", {}) for line in field["lines"]]
    return lines


def pages(lines: list[tuple[str, dict]], width_in: float = BODY_WIDTH) -> list[list]:
    """Lines cut into slides: a new slide at each question, and after ``MAX_LINES`` lines."""
    result: list[list] = []
    current: list = []
    used = 0
    for text, style in lines:
        size = wrapped_lines(text, width_in, TEXT_SIZE)
        if current and (style.get("question") or used + size > MAX_LINES):
            carried = []
            while current and current[-1][1].get("bold"):  # a heading goes with what follows
                carried.insert(0, current.pop())
            if current:
                result.append(current)
            current = carried
            used = sum(wrapped_lines(t, width_in, TEXT_SIZE) for t, _s in current)
        current.append((text, style))
        used += size
    if current:
        result.append(current)
    return result


def text_height(lines: list, width_in: float = BODY_WIDTH) -> float:
    _per_inch, line_height = SIZES[TEXT_SIZE]
    return sum(wrapped_lines(t, width_in, TEXT_SIZE) * line_height + 0.08 for t, _s in lines)


def _write(slide, lines: list, top, height) -> None:
    frame = _textbox(slide, MARGIN, top, Inches(BODY_WIDTH), height)
    for i, (text, style) in enumerate(lines):
        style = {k: v for k, v in style.items() if k != "question"}
        _para(frame, text, first=i == 0, **style)


# Slides --------------------------------------------------------------------------------------


def kit_notes(section: dict) -> list[str]:
    """The kit's frame of the section, for the speaker notes."""
    lines = []
    if section.get("objectives"):
        lines.append(_("Objective:"))
        lines += [f"• {line}" for line in section["objectives"]]
    if section.get("content"):
        lines.append(_("Content:"))
        for item in section["content"]:
            text = item["text"] if isinstance(item, dict) else item
            lines.append(f"• {text}")
            lines += [
                f"  – {d}" for d in (item.get("details", []) if isinstance(item, dict) else [])
            ]
    if section.get("remark"):
        lines.append(section["remark"])
    return lines


def _title_slide(prs, data: dict) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    meeting = data["meeting"]
    band = slide.shapes.add_shape(1, 0, Inches(2.0), WIDTH, Inches(2.8))
    band.fill.solid()
    band.fill.fore_color.rgb = BRAND
    band.line.fill.background()
    tree = slide.shapes._spTree
    tree.remove(band._element)
    tree.insert(2, band._element)
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = (
        Inches(0.8),
        Inches(2.1),
        WIDTH - Inches(1.6),
        Inches(2.6),
    )
    frame = title.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    first = frame.paragraphs[0]
    first.alignment = PP_ALIGN.LEFT
    _run(first, data["programme"], size=36, bold=True, color=WHITE)
    second = frame.add_paragraph()
    second.alignment = PP_ALIGN.LEFT
    _run(second, meeting["title"], size=28, color=WHITE)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
        Inches(0.8),
        Inches(5.1),
        WIDTH - Inches(1.6),
        Inches(1.8),
    )
    frame = subtitle.text_frame
    frame.clear()
    when = " – ".join(v for v in (meeting.get("date_text"), meeting.get("hours")) if v)
    lines = [(when or _("Date to set"), 20, INK)]
    if meeting.get("place"):
        lines.append((meeting["place"], 18, MUTED))
    lines.append(
        (_("Steering committee – %(territory)s") % {"territory": data["territory"]}, 16, MUTED)
    )
    for i, (text, size, color) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        _run(paragraph, text, size=size, color=color)
    purpose = [line for line in (meeting.get("purpose") or "").split("\n") if line.strip()]
    _notes(slide, purpose)


def _agenda_slide(prs, data: dict) -> None:
    titles = [s["title"] for s in data["sections"]]
    if not titles:
        return
    slide = _slide(prs, data, _("Agenda"))
    lines = [(f"{i}. {title}", {}) for i, title in enumerate(titles, start=1)]
    _write(slide, lines[:MAX_LINES], TOP, Inches(AREA_HEIGHT))


def _section_slides(prs, data: dict, section: dict) -> None:
    title = section["title"]
    notes = kit_notes(section)
    lines = note_lines(section.get("notes") or "")
    visuals = []
    for block in section.get("blocks", []):
        for item in block["items"]:
            if item["type"] == "empty":
                continue  # nothing yet: no slide for it
            if item["type"] in VISUAL:
                visuals.append({**item, "block": block["title"]})
            else:
                lines += item_lines(item)
    if not lines and not visuals:
        # Nothing prepared: the slide frames the discussion with the kit's objective.
        lines = [(f"• {o}", {}) for o in section.get("objectives", [])] or [(title, {})]
    text_pages = pages(lines)
    slide = None
    for i, page in enumerate(text_pages):
        subtitle = _("(continued)") if i and not page[0][1].get("question") else ""
        slide = _slide(prs, data, title, subtitle, notes)
        _write(slide, page, TOP, Inches(min(AREA_HEIGHT, text_height(page) + 0.2)))
    # A table goes under the last page of text when it fits, else on its own slides.
    free_top = text_height(text_pages[-1]) + 0.3 if text_pages else 0.0
    for item in visuals:
        label = item.get("title") or item.get("block", "")
        if repeats(label, title):
            label = ""
        if item["type"] == "months":
            whole = span(item["months"])
            for piece in month_pieces(item):
                # Each slide names its own months; a title that only names the months (the
                # pieces of a long calendar) is not said twice.
                months = span(piece["months"])
                named = label and label not in (whole, months)
                grid = _slide(prs, data, title, f"{label} · {months}" if named else months, notes)
                _months_table(grid, piece, MARGIN, TOP, WIDTH - 2 * MARGIN)
            continue
        item = with_shares(item)
        title_room = 0.45 if item.get("title") else 0.0
        room = AREA_HEIGHT - free_top - title_room
        whole = table_height(item, item["rows"], BODY_WIDTH, TABLE_SIZE)
        if slide is not None and whole <= room:
            top = TOP + Inches(free_top)
            if item.get("title"):
                frame = _textbox(slide, MARGIN, top, Inches(BODY_WIDTH), Inches(0.4))
                _para(frame, item["title"], size=18, bold=True, color=BRAND, first=True)
                top += Inches(title_room)
            _table(slide, item, item["rows"], MARGIN, top, Inches(BODY_WIDTH))
            free_top += title_room + whole + 0.3
            continue
        pieces = table_pieces(item, BODY_WIDTH, AREA_HEIGHT, TABLE_SIZE)
        for k, rows in enumerate(pieces):
            subtitle = label if k == 0 else f"{label} {_('(continued)')}".strip()
            slide = _slide(prs, data, title, subtitle, notes)
            _table(slide, item, rows, MARGIN, TOP, Inches(BODY_WIDTH))
        free_top = AREA_HEIGHT  # the next table starts a slide of its own


def render_deck(data: dict) -> bytes:
    data = without_control(data)  # a stray control character would make invalid XML
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    prs.core_properties.title = f"{data['programme']} – {data['meeting']['title']}"
    prs.core_properties.language = "fr-FR"
    _title_slide(prs, data)
    _agenda_slide(prs, data)
    for section in data["sections"]:
        _section_slides(prs, data, section)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
