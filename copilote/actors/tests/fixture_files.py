"""Generators of import files for the tests (and to try the import by hand).

``organisations_xlsx(200)`` gives 200 organisations of which a few rows are bad: an unknown
kind, a missing name, a duplicate in the file, a formula, an unknown commune, a bad website.

    python -m copilote.actors.tests.fixture_files out.xlsx   # writes the 200-row file
"""

from __future__ import annotations

import io
import sys

BAD_ROWS = {
    # data row index (0-based) -> (what is wrong, the row's values)
    7: ("unknown kind", ["Atelier des Quais (fictif)", "fondation", "Charenton-le-Pont"]),
    23: ("missing name", ["", "association", "Saint-Maurice"]),
    41: ("duplicate in the file", ["Structure fictive 002", "entreprise", "Saint-Maurice"]),
    77: ("formula", ['=HYPERLINK("http://exemple.invalid","clic")', "association", ""]),
    120: ("unknown commune", ["Les Jardins partagés (fictif)", "association", "Vincennes"]),
    150: ("bad maturity", ["Café solidaire (fictif)", "association", "Saint-Maurice", "expert"]),
}
HEADER = ["nom", "type", "commune", "maturite", "secteur", "site", "thematiques"]
KINDS = ["association", "entreprise", "collectivité", "institution"]
COMMUNES = ["Charenton-le-Pont", "Saint-Maurice"]


def organisation_rows(count: int = 200) -> list[list[str]]:
    rows = []
    for i in range(count):
        if i in BAD_ROWS:
            values = BAD_ROWS[i][1]
            rows.append(values + [""] * (len(HEADER) - len(values)))
            continue
        rows.append(
            [
                f"Structure fictive {i:03d}",
                KINDS[i % len(KINDS)],
                COMMUNES[i % 2],
                ["débutant", "en démarche", "expérimenté", ""][i % 4],
                "Action sociale" if i % 2 else "Services",
                f"www.structure-{i:03d}.exemple.invalid" if i % 5 == 0 else "",
                "handicap" if i % 3 == 0 else "",
            ]
        )
    return rows


def organisations_xlsx(count: int = 200) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Structures"
    sheet.append(HEADER)
    for row in organisation_rows(count):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[str]], header=HEADER, encoding="utf-8") -> bytes:
    lines = [";".join(header)] + [";".join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


if __name__ == "__main__":  # pragma: no cover
    path = sys.argv[1] if len(sys.argv) > 1 else "structures-200.xlsx"
    with open(path, "wb") as handle:
        handle.write(organisations_xlsx())
    print(path)
