"""Column widths for the tables of printed documents, computed from their text.

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
from collections.abc import Iterable, Sequence

LINE_CHARACTERS = 80  # characters of 10 pt DejaVu Sans on a line of A4 with 18 mm margins
CELL_PADDING = 2.5  # a cell's padding and borders, in characters
WIDE_LETTERS = 1.1  # capitals and bold headers: a word's width is kept with this margin
LONGEST_WORD = 24  # a longer word (an address, a web link) wraps rather than widens its column
_SPACES = re.compile(r"[ \t\r\n]+")  # not the no-break spaces French typography puts


def _measure(text: object) -> tuple[float, int]:
    """The text's longest word and longest line, in characters."""
    words = longest = 0
    for line in str(text if text is not None else "").splitlines() or [""]:
        longest = max(longest, len(line))
        words = max(words, max((len(w) for w in _SPACES.split(line)), default=0))
    return min(words * WIDE_LETTERS, LONGEST_WORD), longest


def column_widths(
    headers: Sequence[object] | None, rows: Iterable[Sequence[object]]
) -> list[float]:
    """Each column's share of the table's width, in percent (one decimal, summing to 100)."""
    narrow: list[float] = []
    wide: list[float] = []
    for row in ([headers] if headers else []) + [list(r) for r in rows]:
        for i, cell in enumerate(row):
            if i == len(narrow):
                narrow.append(0)
                wide.append(0)
            word, line = _measure(cell)
            narrow[i] = max(narrow[i], word)
            wide[i] = max(wide[i], line)
    if not narrow:
        return []
    narrow = [n + CELL_PADDING for n in narrow]
    wide = [max(w + CELL_PADDING, n) for w, n in zip(wide, narrow, strict=True)]
    if sum(wide) <= LINE_CHARACTERS:
        widths = wide
    elif sum(narrow) >= LINE_CHARACTERS:
        widths = narrow
    else:
        room = LINE_CHARACTERS - sum(narrow)
        spread = sum(w - n for w, n in zip(wide, narrow, strict=True)) or 1
        widths = [n + (w - n) * room / spread for w, n in zip(wide, narrow, strict=True)]
    total = sum(widths)
    shares = [round(100 * w / total, 1) for w in widths]
    shares[-1] = round(100 - sum(shares[:-1]), 1)
    return shares
