"""Uploaded spreadsheets: bombs and malformed files are refused at once with a French message."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from copilote.core import spreadsheets
from copilote.core.tests import bombs

XLSX_REFUSALS = {
    "shared_strings_bomb": "trop de données",
    "many_strings_bomb": "trop de données",
    "wide_row_bomb": "plus de 60 colonnes",
    "empty_cells_bomb": "trop de données",
    "entity_bomb": "entités",
    "malformed_xml": "endommagé",
}


@pytest.mark.parametrize("bomb", sorted(XLSX_REFUSALS))
def test_xlsx_bombs_are_refused_with_a_french_message(bomb):
    with pytest.raises(spreadsheets.SpreadsheetError) as excinfo:
        spreadsheets.read_xlsx(getattr(bombs, bomb)(), max_rows=5000)
    assert XLSX_REFUSALS[bomb] in str(excinfo.value)


def test_csv_with_a_stray_quote_names_the_line():
    with pytest.raises(spreadsheets.SpreadsheetError) as excinfo:
        spreadsheets.read_csv(bombs.csv_stray_quote(), max_rows=5000)
    assert "ligne 2" in str(excinfo.value) and "guillemet" in str(excinfo.value)


def test_csv_with_a_huge_cell_names_the_line():
    with pytest.raises(spreadsheets.SpreadsheetError) as excinfo:
        spreadsheets.read_csv(bombs.csv_huge_cell(), max_rows=5000)
    assert "ligne 2" in str(excinfo.value).lower()


def test_rows_beyond_the_limit_are_refused_before_reading_on():
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x</t></is></c></row>' for r in range(1, 30)
    )
    content = bombs.xlsx(bombs._sheet(rows))
    assert len(spreadsheets.read_xlsx(content, max_rows=28).rows) == 29
    with pytest.raises(spreadsheets.SpreadsheetError, match="plus de 27"):
        spreadsheets.read_xlsx(content, max_rows=27)


def test_a_real_workbook_reads_text_numbers_formulas_and_no_control_characters():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["nom", "type", "effectif"])
    sheet.append(["Alpha", "association", 12])
    sheet.append(['=HYPERLINK("http://exemple.invalid")', "entreprise", 3.5])
    sheet["E5"] = "loin"
    out = io.BytesIO()
    workbook.save(out)
    table = spreadsheets.read_xlsx(out.getvalue(), max_rows=10)
    assert table.rows[0] == ["nom", "type", "effectif"]
    assert table.rows[1] == ["Alpha", "association", "12"]
    assert table.rows[2][2] == "3.5"
    assert table.formulas == {(2, 0)}
    assert table.rows[3] == []
    assert table.rows[4] == ["", "", "", "", "loin"]


def test_xlsx_cells_lose_control_characters():
    sheet = bombs._sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>A_x0001_lpha_x000B_</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>x_x000C_y</t></is></c></row>'
    )
    assert spreadsheets.read_xlsx(bombs.xlsx(sheet), max_rows=5).rows == [["Alpha", "xy"]]


def test_csv_cells_lose_control_characters():
    table = spreadsheets.read_csv(b"nom;type\nA\x01lpha;asso\x1fciation\n", max_rows=5)
    assert table.rows[1] == ["Alpha", "association"]


@pytest.mark.django_db
@pytest.mark.parametrize("bomb", ["wide_row_bomb", "entity_bomb", "csv_stray_quote"])
def test_the_import_page_answers_the_refusal_not_a_500(client_for, programme, bomb):
    client = client_for("lead")
    name = "a.csv" if bomb.startswith("csv") else "a.xlsx"
    upload = SimpleUploadedFile(name, getattr(bombs, bomb)())
    response = client.post(
        reverse(
            "actors:import",
            kwargs={"territory": programme.territory.slug, "programme": programme.slug},
        ),
        {"target": "organisations", "file": upload},
        follow=True,  # refused in the request, or by the worker on the preview page
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Le fichier CSV est mal formé" in body or "Ce classeur" in body or "colonnes" in body
