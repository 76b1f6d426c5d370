"""Read uploaded CSV and XLSX files within fixed bounds, whatever the file holds.

An uploaded spreadsheet is untrusted: a few hundred kilobytes of XLSX can unpack to gigabytes
(a huge shared-strings table, a row that claims column XFD, an entity bomb in the XML). These
readers never hand a file to a parser that could expand it without limit:

- XLSX: the ZIP directory is checked first (number of members, declared and actual uncompressed
  size, compression ratio), then the first sheet and its shared strings are read as a stream with
  ``defusedxml`` (no DTD, no entity), counting rows, columns, cells and characters as they come;
  the first bound crossed stops the reading.
- CSV: decoded as UTF-8, read with a bounded field size; a broken quote or an oversized cell is
  refused with the line number.

Every refusal is a ``SpreadsheetError`` whose message is French and tells what to do. Cells come
back as stripped text without C0 control characters. ``formulas`` holds the (row, column) places
that held a formula, so that the caller can refuse them.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from copilote.core.text import strip_control

MAX_COLUMNS = 60
MAX_CELL_CHARS = 10_000
MAX_TOTAL_CHARS = 20_000_000
MAX_UNCOMPRESSED = 60 * 1024 * 1024
MAX_MEMBERS = 500
MAX_RATIO = 200  # uncompressed / compressed, per member larger than 1 MB
MAX_SHARED_STRINGS = 100_000  # 5,000 rows of 20 distinct texts
MAX_CELLS_PER_ROW = 1_000  # empty styled cells included

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


ENTITIES_REFUSED = gettext_lazy(
    "This spreadsheet holds XML constructs that are refused for safety (entities). "
    "Open it in your spreadsheet, save it again as .xlsx, and send it again."
)


class SpreadsheetError(Exception):
    """The whole file is refused; the message (French) says why and what to do."""


@dataclass
class Table:
    rows: list[list[str]]
    formulas: set[tuple[int, int]] = field(default_factory=set)


def _too_long(line: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("Line %(line)s has a cell longer than %(max)s characters. Shorten it and send again.")
        % {"line": line, "max": f"{MAX_CELL_CHARS:,}".replace(",", "\u202f")}
    )


def _too_many_rows(max_rows: int) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The file has more than %(max)s rows. Import at most %(max)s rows at a time: "
            "split the file."
        )
        % {"max": f"{max_rows:,}".replace(",", "\u202f")}
    )


def _too_big() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "This spreadsheet unpacks to too much data for an import. Keep only the rows and "
            "columns to import, or save it as CSV."
        )
    )


def _clean(value: str) -> str:
    return strip_control(value).strip()


# CSV -------------------------------------------------------------------------------------------


def csv_text(content: bytes) -> str:
    """The text of a CSV file (UTF-8, with or without BOM); a fast check done in the web
    request too."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(
            _(
                "The file is not encoded in UTF-8 (unreadable character at byte %(pos)s). "
                "Save it again as “CSV UTF-8” from your spreadsheet, or send an XLSX file."
            )
            % {"pos": exc.start}
        ) from exc
    if "\x00" in text:
        raise SpreadsheetError(_("This file is not a text CSV file."))
    return text


def read_csv(content: bytes, *, max_rows: int) -> Table:
    """Rows of a CSV file (``;`` or ``,``), header included; at most ``max_rows`` + 1 rows."""
    text = csv_text(content)
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL_CHARS + 1)
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise SpreadsheetError(
                    _("Line %(line)s has more than %(max)s columns.")
                    % {"line": len(rows) + 1, "max": MAX_COLUMNS}
                )
            cells = []
            for value in row:
                if len(value) > MAX_CELL_CHARS:
                    raise _too_long(len(rows) + 1)
                cells.append(_clean(value))
            rows.append(cells)
            if len(rows) > max_rows + 1:
                raise _too_many_rows(max_rows)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise _too_long(len(rows) + 1) from exc
        raise SpreadsheetError(
            _(
                "The CSV file is malformed near line %(line)s (a quotation mark is probably not "
                "closed). Correct that line, or save the file again as “CSV UTF-8”."
            )
            % {"line": len(rows) + 1}
        ) from exc
    finally:
        csv.field_size_limit(previous_limit)
    return Table(rows)


# XLSX ------------------------------------------------------------------------------------------


def _check_zip(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise _too_big()
    total = 0
    for info in members:
        total += info.file_size
        if total > MAX_UNCOMPRESSED:
            raise _too_big()
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _too_big()


class _Budget:
    """Counts what is read from the archive, so that a lying ZIP header cannot go further."""

    def __init__(self) -> None:
        self.chars = 0

    def add(self, text: str) -> None:
        self.chars += len(text)
        if self.chars > MAX_TOTAL_CHARS:
            raise _too_big()


class _Bounded(io.RawIOBase):
    """A member of the archive that stops after ``limit`` uncompressed bytes."""

    def __init__(self, stream, limit: int) -> None:
        self.stream, self.left = stream, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.stream.read(min(len(buffer), 64 * 1024))
        self.left -= len(data)
        if self.left < 0:
            raise _too_big()
        buffer[: len(data)] = data
        return len(data)


def _open(archive: zipfile.ZipFile, name: str):
    return io.BufferedReader(_Bounded(archive.open(name), MAX_UNCOMPRESSED))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _first_sheet(archive: zipfile.ZipFile, names: set[str]) -> str:
    default = "xl/worksheets/sheet1.xml"
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return default
    rel_id = None
    for _event, element in iterparse(_open(archive, "xl/workbook.xml")):
        if _local(element.tag) == "sheet":
            rel_id = element.get(f"{{{REL_NS}}}id")
            break
    if rel_id is None:
        return default
    for _event, element in iterparse(_open(archive, "xl/_rels/workbook.xml.rels")):
        if _local(element.tag) == "Relationship" and element.get("Id") == rel_id:
            target = element.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    return default


_T = f"{{{MAIN_NS}}}t"
_SI = f"{{{MAIN_NS}}}si"


def _text_of(element) -> str:
    """The text of a shared string or an inline string (plain or rich runs), phonetics left out."""
    if len(element) == 1 and element[0].tag == _T and not len(element[0]):  # the usual case
        text = element[0].text or ""
        return ESCAPED.sub(_unescape, text) if "_x" in text else text
    parts = []
    for child in element.iter():
        if _local(child.tag) == "t" and child.text:
            parts.append(child.text)
        elif _local(child.tag) == "rPh":
            break
    return ESCAPED.sub(_unescape, "".join(parts))


def _unescape(match) -> str:
    return chr(int(match.group(1), 16))


def _shared_strings(archive, names, budget: _Budget) -> list[str]:
    name = "xl/sharedStrings.xml"
    if name not in names:
        return []
    strings: list[str] = []
    root = None
    for event, element in iterparse(_open(archive, name), events=("start", "end")):
        if root is None:
            root = element
        if event == "end" and (element.tag == _SI or _local(element.tag) == "si"):
            text = _text_of(element)
            budget.add(text)
            strings.append(text)
            if len(root) and root[-1] is element:
                del root[-1]  # keep memory flat: the parsed string lives in ``strings`` only
            if len(strings) > MAX_SHARED_STRINGS:
                raise _too_big()
    return strings


# Characters XML cannot hold are written by spreadsheets as _xHHHH_ (ECMA-376, ST_Xstring).
ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)$")


def _column(ref: str | None, default: int) -> int:
    match = CELL_REF.match(ref or "")
    if not match:
        return default
    index = 0
    for letter in match.group(1):
        index = index * 26 + (ord(letter) - 64)
    return index - 1


XML_HEAD_BYTES = 4096  # a DTD (where entities are declared) comes before the root element


def check_xlsx(content: bytes) -> None:
    """The fast checks of an XLSX, done in the web request before any parsing: a readable ZIP
    within the size bounds, and no DTD (entities) at the head of any of its XML members.
    ``read_xlsx`` makes them again and reads within its bounds."""
    unreadable = SpreadsheetError(
        _("This file cannot be read as an XLSX spreadsheet. Send a .xlsx or a .csv file.")
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise unreadable from exc
    try:
        with archive:
            _check_zip(archive)
            for info in archive.infolist():
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                with archive.open(info) as member:
                    head = member.read(XML_HEAD_BYTES)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise SpreadsheetError(ENTITIES_REFUSED)
    except SpreadsheetError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise unreadable from exc


def read_xlsx(content: bytes, *, max_rows: int) -> Table:
    """Rows of the first sheet, header included; at most ``max_rows`` + 1 rows."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise SpreadsheetError(
            _("This file cannot be read as an XLSX spreadsheet. Send a .xlsx or a .csv file.")
        ) from exc
    try:
        with archive:
            _check_zip(archive)
            names = set(archive.namelist())
            sheet = _first_sheet(archive, names)
            if sheet not in names:
                raise SpreadsheetError(
                    _(
                        "This file cannot be read as an XLSX spreadsheet. Send a .xlsx or a .csv "
                        "file."
                    )
                )
            budget = _Budget()
            strings = _shared_strings(archive, names, budget)
            return _read_sheet(_open(archive, sheet), strings, budget, max_rows)
    except SpreadsheetError:
        raise
    except DefusedXmlException as exc:
        raise SpreadsheetError(ENTITIES_REFUSED) from exc
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError, EOFError) as exc:
        # SyntaxError covers ElementTree's ParseError (malformed XML).
        raise SpreadsheetError(
            _(
                "This spreadsheet is damaged and cannot be read. Open it in your spreadsheet, "
                "save it again as .xlsx, or save it as CSV."
            )
        ) from exc


def _read_sheet(stream, strings: list[str], budget: _Budget, max_rows: int) -> Table:
    rows: list[list[str]] = []
    formulas: set[tuple[int, int]] = set()
    row: dict[int, str] = {}
    row_number = column = cells = 0
    cell_type = value = ref = None
    inline = ""
    has_formula = False
    parents: list = []  # the open elements, so that parsed ones are dropped from the tree
    for event, element in iterparse(stream, events=("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            parents.append(element)
            if tag == "row":
                row, column, cells = {}, 0, 0
                number = element.get("r")
                row_number = int(number) if number and number.isdigit() else row_number + 1
                if row_number > max_rows + 1:
                    raise _too_many_rows(max_rows)
            elif tag == "c":
                cell_type, value, inline, has_formula = element.get("t"), None, "", False
                ref = element.get("r")
                cells += 1
                if cells > MAX_CELLS_PER_ROW:
                    raise _too_big()
            continue
        parents.pop()
        if tag == "v":
            value = element.text or ""
        elif tag == "f":
            has_formula = True
        elif tag == "is":
            inline = _text_of(element)
        elif tag == "c":
            index = _column(ref, column)
            column = index + 1
            if parents:
                del parents[-1][-1]  # the cell is read: drop it from its row
            if index >= MAX_COLUMNS:
                if value or inline or has_formula:
                    raise SpreadsheetError(
                        _("Line %(line)s has more than %(max)s columns.")
                        % {"line": row_number, "max": MAX_COLUMNS}
                    )
                continue
            if cell_type == "s":
                try:
                    text = strings[int(value or "")]
                except (ValueError, IndexError):
                    text = ""
            elif cell_type == "inlineStr":
                text = inline
            elif cell_type == "b":
                text = "1" if value == "1" else "0"
            else:
                text = value or ""
                if cell_type in (None, "n") and text:
                    try:
                        number = float(text)
                    except ValueError:
                        pass
                    else:
                        if number.is_integer() and abs(number) < 1e15:
                            text = str(int(number))
            if len(text) > MAX_CELL_CHARS:
                raise _too_long(row_number)
            budget.add(text)
            if has_formula:
                formulas.add((row_number - 1, index))
            row[index] = _clean(text)
        elif tag == "row":
            if parents:
                del parents[-1][-1]  # the row is read: drop it from the sheet
            while len(rows) < row_number - 1:
                rows.append([])
            width = max(row) + 1 if row else 0
            rows.append([row.get(i, "") for i in range(width)])
    return Table(rows, formulas)
