"""Import and export of organisations and contacts: bad files, bad rows, all or nothing."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled
from openpyxl import Workbook, load_workbook

from copilote.actors import tabular
from copilote.actors.models import Organisation, Person
from copilote.actors.tests.factories import OrganisationFactory, PersonFactory
from copilote.actors.tests.fixture_files import (
    BAD_ROWS,
    HEADER,
    csv_bytes,
    organisation_rows,
    organisations_xlsx,
)
from copilote.actors.tests.importing import check, import_file
from copilote.core.models import ActivityLog

pytestmark = pytest.mark.django_db


def test_the_200_row_xlsx_names_each_bad_row(demo_scope):
    rows = check("organisations", demo_scope, "structures.xlsx", organisations_xlsx(200))
    assert tabular.summary(rows) == {"total": 200, "valid": 194, "invalid": 6}
    bad = {r["line"]: " ".join(r["errors"]) for r in rows if r["errors"]}
    # Line numbers are the spreadsheet's (header on line 1).
    assert set(bad) == {i + 2 for i in BAD_ROWS}
    assert "« fondation » n’est pas un type" in bad[9]
    assert bad[25] == "nom : obligatoire"
    assert "doublon : même nom qu’à la ligne 4" in bad[43]
    assert "formule refusée" in bad[79]
    assert "commune inconnue « Vincennes »" in bad[122]
    assert "débutant, en démarche ou expérimenté" in bad[152]


def test_errors_import_nothing_unless_only_valid_rows(demo_scope, users):
    rows = check("organisations", demo_scope, "structures.xlsx", organisations_xlsx(200))
    before = Organisation.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        tabular.import_rows(
            user=users["lead"],
            programme=demo_scope,
            target="organisations",
            rows=rows,
            only_valid=False,
        )
    assert "6 ligne(s) en erreur : rien n’a été importé" in excinfo.value.messages[0]
    assert Organisation.objects.count() == before
    created = tabular.import_rows(
        user=users["lead"], programme=demo_scope, target="organisations", rows=rows, only_valid=True
    )
    assert created == 194
    assert Organisation.objects.count() == before + 194
    imported = Organisation.objects.get(name="Structure fictive 000")
    assert imported.commune.name == "Charenton-le-Pont"
    assert imported.maturity == "debutant"
    assert imported.website == "https://www.structure-000.exemple.invalid"
    assert [t.slug for t in imported.themes.all()] == ["handicap"]
    log = ActivityLog.objects.filter(action="organisations.import").get()
    assert log.data == {"created": 194, "skipped": 6}


def test_a_clean_file_imports_everything_in_one_transaction(territory_scope, users):
    content = csv_bytes(
        [["Alpha", "association", "", "", "", "", ""], ["Bêta", "entreprise", "", "", "", "", ""]]
    )
    rows = check("organisations", territory_scope, "a.csv", content)
    assert tabular.summary(rows)["invalid"] == 0
    OrganisationFactory(territory=territory_scope.territory, name="Bêta")  # arrived meanwhile
    with pytest.raises(ValidationError) as excinfo:
        tabular.import_rows(
            user=users["lead"],
            programme=territory_scope,
            target="organisations",
            rows=rows,
            only_valid=False,
        )
    assert "Ligne 3" in excinfo.value.messages[0]
    assert not Organisation.objects.filter(name="Alpha").exists()


@pytest.mark.parametrize(
    ("filename", "content", "expected"),
    [
        ("a.csv", "nom;type\nCafé;association\n".encode("cp1252"), "n’est pas encodé en UTF-8"),
        ("a.csv", b"commune;site\nSaint-Maurice;\n", "Colonne(s) manquante(s) : nom, type"),
        ("a.csv", b"", "Le fichier est vide"),
        ("a.csv", b"nom;type\n", "aucune ligne de données"),
        ("a.pdf", b"%PDF-1.4", "Envoyez un fichier .csv ou .xlsx"),
        ("a.xlsx", b"not a zip at all", "ne peut pas être lu comme un classeur XLSX"),
    ],
)
def test_bad_files_are_refused_whole(territory_scope, filename, content, expected):
    with pytest.raises(tabular.ImportFileError) as excinfo:
        tabular.read_rows("organisations", filename, content)
    assert expected in str(excinfo.value)


def test_50000_rows_are_refused_with_the_limit_stated(territory_scope):
    rows = [[f"S{i}", "association", "", "", "", "", ""] for i in range(50_000)]
    with pytest.raises(tabular.ImportFileError) as excinfo:
        tabular.read_rows("organisations", "big.csv", csv_bytes(rows))
    assert "plus de 5\u202f000 lignes" in str(excinfo.value)


def test_csv_formulas_and_contacts_checks(territory_scope):
    territory = territory_scope.territory
    OrganisationFactory(territory=territory, name="Petit Plus")
    PersonFactory(territory=territory, email="deja@exemple.invalid")
    header = ["prenom", "nom", "structure", "email", "telephone", "consentement"]
    rows = [
        [
            "Ana",
            "Durand (fictive)",
            "Petit Plus",
            "ana@exemple.invalid",
            "+33 1 00 00 00 00",
            "oui",
        ],
        ["Bob", "Martin (fictif)", "", "pas-une-adresse", "abc", "non"],
        ["Chloé", "=1+1", "Inconnue", "deja@exemple.invalid", "", "peut-être"],
        ["Dan", "Roux (fictif)", "", "ANA@exemple.invalid", "", ""],
    ]
    checked = check("contacts", territory_scope, "c.csv", csv_bytes(rows, header=header))
    errors = [" ".join(r["errors"]) for r in checked]
    assert errors[0] == ""
    assert "adresse électronique « pas-une-adresse » invalide" in errors[1]
    assert "numéro de téléphone « abc » invalide" in errors[1]
    assert "injection de formule" in errors[2]
    assert "structure « Inconnue » inconnue" in errors[2]
    assert "doublon : cette adresse est déjà dans l’annuaire" in errors[2]
    assert "répondez oui ou non" in errors[2]
    assert "doublon : même adresse qu’à la ligne 2" in errors[3]


def test_xlsx_formula_cells_are_refused(territory_scope):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["Alpha", "association", "", "", "=A1", "", ""])
    out = io.BytesIO()
    workbook.save(out)
    rows = check("organisations", territory_scope, "f.xlsx", out.getvalue())
    assert rows[0]["errors"] == ["secteur : formule refusée ; saisissez la valeur elle-même"]


def test_export_defuses_formulas_and_follows_rights(territory_scope):
    territory = territory_scope.territory
    OrganisationFactory(territory=territory, name='=HYPERLINK("x")', kind="association")
    PersonFactory(territory=territory, last_name="-Durand", email="d@exemple.invalid")
    header, rows = tabular.export_table(
        "organisations", territory_scope, with_contact_details=False
    )
    assert rows[0][0] == '=HYPERLINK("x")'
    sheet = load_workbook(io.BytesIO(tabular.to_xlsx(header, rows, "organisations"))).active
    # Neutralised by the cell's type, not by an apostrophe the reader would see.
    assert sheet.cell(row=2, column=1).value == '=HYPERLINK("x")'
    assert sheet.cell(row=2, column=1).data_type == "s"
    assert tabular.to_csv(header, rows).decode("utf-8-sig").splitlines()[1].startswith("\"'=")
    header, rows = tabular.export_table("contacts", territory_scope, with_contact_details=False)
    assert "email" not in header and "telephone" not in header
    assert not any("@" in cell for row in rows for cell in row)
    header, rows = tabular.export_table("contacts", territory_scope, with_contact_details=True)
    assert "email" in header and rows[0][header.index("nom")] == "-Durand"
    content = tabular.to_csv(header, rows).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert lines[0] == header and lines[1][header.index("nom")] == "'-Durand"
    sheet = load_workbook(io.BytesIO(tabular.to_xlsx(header, rows, "contacts"))).active
    assert sheet.cell(row=2, column=2).data_type == "s"


def test_control_characters_already_stored_do_not_break_the_export(territory_scope):
    with scopes_disabled():
        Organisation.objects.create(
            territory=territory_scope.territory, name="Alpha\x01\x0b", kind="association"
        )
    header, rows = tabular.export_table("organisations", territory_scope, with_contact_details=True)
    assert rows[0][0] == "Alpha"
    sheet = load_workbook(io.BytesIO(tabular.to_xlsx(header, rows, "organisations"))).active
    assert sheet.cell(row=2, column=1).value == "Alpha"
    assert "Alpha;" in tabular.to_csv(header, rows).decode("utf-8-sig")


def test_exported_organisations_import_back(territory_scope, users):
    header, rows = tabular.export_table("organisations", territory_scope, with_contact_details=True)
    assert header == [c[1] for c in tabular.ORGANISATION_COLUMNS]
    content = tabular.to_xlsx(header, organisation_rows(5)[:3], "x")
    checked = check("organisations", territory_scope, "x.xlsx", content)
    assert tabular.summary(checked)["total"] == 3


def test_contacts_import(territory_scope, users):
    content = csv_bytes(
        [["Ana", "Durand (fictive)", "ana@exemple.invalid", "oui"]],
        header=["prenom", "nom", "email", "consentement"],
    )
    import_file(territory_scope, users["lead"], "contacts", content)
    with scopes_disabled():
        person = Person.objects.get()
    assert person.consent and person.email == "ana@exemple.invalid"
    with scope(territory=territory_scope.territory):
        log = ActivityLog.objects.get(action="contacts.import")
    assert "ana" not in str(log.data) and "Durand" not in log.object_repr
