"""Hostile upload files, for the tests and ``bench/upload_bombs.py``.

Each function returns the bytes of a small file that would unpack to far more than it weighs.
"""

from __future__ import annotations

import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def xlsx(sheet: str | bytes, shared: str | bytes = "") -> bytes:
    """A minimal XLSX whose first sheet and shared strings are the given XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", shared or f"<sst {NS}></sst>")
    return out.getvalue()


def _sheet(rows: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )


def header_sheet() -> str:
    return _sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>nom</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>type</t></is></c></row>'
    )


def shared_strings_bomb(megabytes: int = 100) -> bytes:
    """One shared string of ``megabytes`` MB (the 4.4 MB file of the report unpacked to GBs)."""
    chunk = "A" * (1024 * 1024)
    shared = f"<sst {NS}><si><t>" + chunk * megabytes + "</t></si></sst>"
    sheet = _sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    return xlsx(sheet, shared)


def many_strings_bomb(count: int = 2_000_000) -> bytes:
    """Millions of tiny shared strings."""
    shared = f"<sst {NS}>" + "<si><t>x</t></si>" * count + "</sst>"
    return xlsx(header_sheet(), shared)


def wide_row_bomb(rows: int = 5000) -> bytes:
    """Every row claims a cell in the last column (XFD): readers pad each row to 16,384 cells."""
    body = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c>'
        f'<c r="XFD{r}"><v>1</v></c></row>'
        for r in range(1, rows + 1)
    )
    return xlsx(_sheet(body))


def empty_cells_bomb(cells: int = 3_000_000) -> bytes:
    """One row of millions of empty cells."""
    return xlsx(_sheet('<row r="1">' + "<c/>" * cells + "</row>"))


def entity_bomb() -> bytes:
    """The billion laughs, in the shared strings."""
    entities = '<!ENTITY a0 "hahahahahahahahahaha">' + "".join(
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    )
    shared = f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]><sst {NS}><si><t>&a9;</t></si></sst>'
    return xlsx(header_sheet(), shared)


def malformed_xml() -> bytes:
    return xlsx(_sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>nom</t></is></c>'))


def csv_stray_quote() -> bytes:
    return 'nom;type\n"Alpha;association\nBêta;entreprise\n'.encode()


def csv_huge_cell(kilobytes: int = 128) -> bytes:
    return ("nom;type\n" + "x" * (kilobytes * 1024) + ";association\n").encode()


ALL = {
    "xlsx: one shared string of 100 MB": shared_strings_bomb,
    "xlsx: 2 million shared strings": many_strings_bomb,
    "xlsx: 5,000 rows reaching column XFD": wide_row_bomb,
    "xlsx: 3 million empty cells in a row": empty_cells_bomb,
    "xlsx: entity bomb (billion laughs)": entity_bomb,
    "xlsx: malformed XML": malformed_xml,
    "csv: stray opening quote": csv_stray_quote,
    "csv: 128 KB cell": csv_huge_cell,
}
