"""Column widths for the tables of the documents, computed from their text.

The printed pages ({% colgroup %}), the minutes in DOCX and the deck's tables all take their
columns from :func:`table_shares`: an item's own ``widths`` when it gives them, else
:func:`column_widths` of its text, for the characters a line of that document holds.

WeasyPrint's automatic table layout measures every cell twice (its narrowest and its widest
width) by laying its text out; on a report of thirty pages that is a sixth of the rendering
time. The printed tables use the fixed layout instead, with the widths computed here the way the
automatic layout would (CSS 2.1, 17.5.2.2), from the number of characters: the longest word of a
column is its narrowest width, its longest line its widest. Proportional fonts make this an
estimate, and an estimate is enough: a word longer than its column still wraps
(``overflow-wrap``), nothing is cut.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

LINE_CHARACTERS = 80  # characters of 10 pt DejaVu Sans on a line of A4 with 18 mm margins
CELL_PADDING = 2.5  # a cell's padding and borders, in characters
WIDE_LETTERS = 1.1  # capitals: a word's width is kept with this margin
BOLD_LETTERS = 1.25  # a header's words, in bold (« Membres » is 8.4 characters wide, not 7)
LONGEST_WORD = 24  # a longer word (an address, a web link) wraps rather than widens its column
NO_BREAK_SPACE = "\u00a0"
_SPACES = re.compile(r"[ \t\r\n]+")  # not the no-break spaces French typography puts


def _measure(text: object, letters: float = WIDE_LETTERS) -> tuple[float, float]:
    """The text's longest word and longest line, in characters (``letters``: the margin for the
    width of its letters)."""
    words = longest = 0
    for line in str(text if text is not None else "").splitlines() or [""]:
        longest = max(longest, len(line))
        words = max(words, max((len(w) for w in _SPACES.split(line)), default=0))
    return min(words * letters, LONGEST_WORD), longest * letters / WIDE_LETTERS


def _extents(
    headers: Sequence[object] | None, rows: Iterable[Sequence[object]]
) -> tuple[list[float], list[float]]:
    """Each column's narrowest and widest width, in characters (padding included)."""
    narrow: list[float] = []
    wide: list[float] = []
    lines = [(BOLD_LETTERS, headers)] if headers else []
    for letters, row in lines + [(WIDE_LETTERS, list(r)) for r in rows]:
        for i, cell in enumerate(row):
            if i == len(narrow):
                narrow.append(0)
                wide.append(0)
            word, line = _measure(cell, letters)
            narrow[i] = max(narrow[i], word)
            wide[i] = max(wide[i], line)
    narrow = [n + CELL_PADDING for n in narrow]
    wide = [max(w + CELL_PADDING, n) for w, n in zip(wide, narrow, strict=True)]
    return narrow, wide


def column_widths(
    headers: Sequence[object] | None,
    rows: Iterable[Sequence[object]],
    *,
    line_characters: float = LINE_CHARACTERS,
) -> list[float]:
    """Each column's share of the table's width, in percent (one decimal, summing to 100), for
    a table ``line_characters`` wide."""
    narrow, wide = _extents(headers, rows)
    if not narrow:
        return []
    if sum(wide) <= line_characters:
        widths = wide
    elif sum(narrow) >= line_characters:
        widths = narrow
    else:
        room = line_characters - sum(narrow)
        spread = sum(w - n for w, n in zip(wide, narrow, strict=True)) or 1
        widths = [n + (w - n) * room / spread for w, n in zip(wide, narrow, strict=True)]
    total = sum(widths)
    shares = [round(100 * w / total, 1) for w in widths]
    shares[-1] = round(100 - sum(shares[:-1]), 1)
    return shares


def _grid(item: dict) -> tuple[Sequence[object], list]:
    if item.get("type") == "months":
        headers: Sequence[object] = ["", *item.get("months", [])]
        return headers, [[row["label"], *row["cells"]] for row in item.get("rows", [])]
    return item.get("headers") or [], list(item.get("rows", []))


def crowded(
    item: dict, *, typeset: Callable[[str], str], line_characters: float = LINE_CHARACTERS
) -> bool:
    """Whether the words of ``item`` (as ``typeset`` writes them) do not fit side by side even
    in the narrowest columns (seven columns of dates): a document then writes that table
    smaller and :func:`loosened`."""
    headers, rows = _grid(item)
    narrow, _wide = _extents(
        [typeset(str(c)) for c in headers], [[typeset(str(c)) for c in r] for r in rows]
    )
    return sum(narrow) > line_characters


def loosened(typeset: Callable[[str], str]) -> Callable[[str], str]:
    """``typeset`` without the no-break spaces that keep « 15 janvier 2013 » together: in a
    crowded table a date reads better on two lines than cut inside a word."""
    return lambda text: typeset(text).replace(NO_BREAK_SPACE, " ")


def table_shares(
    item: dict,
    *,
    line_characters: float = LINE_CHARACTERS,
    typeset: Callable[[str], str] | None = None,
) -> list[float]:
    """Each column's share (a fraction, summing to 1) of a block's ``table`` item (its
    ``headers`` and ``rows``, see ``governance.live``) or ``months`` item (a first column for the
    rows' labels): the item's own ``widths`` when it gives one per column, else
    :func:`column_widths` of its text as the document shows it (``typeset``: the French
    typography's no-break spaces keep « 5 juin 2013 » one word). Empty for a table without any
    row nor header."""
    headers, rows = _grid(item)
    n_cols = max([len(headers), *(len(r) for r in rows)], default=0)
    given = item.get("widths") or ()
    if n_cols and len(given) == n_cols:
        total = sum(given)
        return [w / total for w in given]
    if typeset is not None:
        headers = [typeset(str(cell)) for cell in headers]
        rows = [[typeset(str(cell)) for cell in row] for row in rows]
    return [w / 100 for w in column_widths(headers, rows, line_characters=line_characters)]
