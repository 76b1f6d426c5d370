"""Import and export of organisations and contacts as CSV or XLSX.

Import is in two steps: ``read_rows`` turns an uploaded file into rows (or refuses the whole file
with one clear message: encoding, missing columns, too many rows, not a spreadsheet), then
``check_rows`` validates each row against the directory and the rest of the file (errors and
duplicates per row). ``import_rows`` writes them in one transaction.

Formula injection: an imported cell that starts like a formula is refused. On export, a CSV cell
that starts like one is prefixed with an apostrophe (CSV has no cell types); an XLSX cell keeps
its text as it is and is written as a text cell, which no spreadsheet runs as a formula.

Files are read by ``core.spreadsheets`` (bounded: no decompression bomb, no entity, no huge cell)
and every cell, read or exported, is stripped of C0 control characters.
"""

from __future__ import annotations

import csv
import io
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from copilote.actors.models import (
    Maturity,
    Organisation,
    OrganisationKind,
    OrganisationSize,
    Person,
    phone_validator,
)
from copilote.actors.selectors import normalise
from copilote.core import spreadsheets
from copilote.core.services import log_action
from copilote.core.text import strip_control

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ImportFileError(Exception):
    """The whole file is refused; the message says why and what to do."""


# column key, header written on export, accepted headers (normalised), required
ORGANISATION_COLUMNS = [
    ("name", "nom", {"nom", "name", "structure", "raison sociale"}, True),
    ("kind", "type", {"type", "kind", "categorie"}, True),
    ("commune", "commune", {"commune", "ville"}, False),
    ("address", "adresse", {"adresse", "address"}, False),
    ("sector", "secteur", {"secteur", "secteur d'activite", "sector"}, False),
    ("size", "taille", {"taille", "effectif", "size"}, False),
    ("maturity", "maturite", {"maturite", "maturite partenariale", "maturity"}, False),
    ("website", "site", {"site", "site web", "site internet", "website"}, False),
    ("description", "description", {"description"}, False),
    ("themes", "thematiques", {"thematiques", "themes"}, False),
    (
        "publish_in_guide",
        "publication_guide",
        {"publication_guide", "publication guide", "guide"},
        False,
    ),
]
CONTACT_COLUMNS = [
    ("first_name", "prenom", {"prenom", "first name", "first_name"}, False),
    ("last_name", "nom", {"nom", "last name", "last_name"}, True),
    ("function", "fonction", {"fonction", "function"}, False),
    ("organisation", "structure", {"structure", "organisation", "organization"}, False),
    ("email", "email", {"email", "e-mail", "courriel", "mail"}, False),
    ("phone", "telephone", {"telephone", "tel", "phone"}, False),
    ("source", "source", {"source", "origine"}, False),
    ("consent", "consentement", {"consentement", "consent"}, False),
]
COLUMNS = {"organisations": ORGANISATION_COLUMNS, "contacts": CONTACT_COLUMNS}
PRIVATE_COLUMNS = {"email", "phone", "source", "consent"}
TRUE = {"oui", "o", "yes", "y", "1", "vrai", "true", "x"}
FALSE = {"non", "n", "no", "0", "faux", "false", ""}


def _labels(choices) -> dict[str, str]:
    """Accept the code or the French/English label of a choice."""
    out = {}
    for value, label in choices.choices:
        out[normalise(value)] = value
        out[normalise(str(label))] = value
    return out


KIND_VALUES = {
    **_labels(OrganisationKind),
    "entreprise": "entreprise",
    "collectivite": "collectivite",
    "collectivite territoriale": "collectivite",
    "academique": "academique",
}
SIZE_VALUES = _labels(OrganisationSize)
MATURITY_VALUES = {
    **_labels(Maturity),
    "debutant": "debutant",
    "en demarche": "en_demarche",
    "en_demarche": "en_demarche",
    "experimente": "experimente",
    # The earlier levels.
    "intermediaire": "en_demarche",
    "confirme": "experimente",
}


# Reading ---------------------------------------------------------------------------------------


def precheck(filename: str, content: bytes) -> None:
    """The checks made in the web request, in milliseconds, before the file is kept for its
    reading by the task worker: not empty, not too large, a known kind, a CSV in UTF-8, an XLSX a
    sound ZIP within the size bounds without XML entities (``spreadsheets.check_xlsx``)."""
    if not content:
        raise ImportFileError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ImportFileError(
            _("The file is larger than %(size)s MB. Split it into several files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    lower = filename.lower()
    if not lower.endswith((".xlsx", ".csv", ".txt")):
        raise ImportFileError(_("Send a .csv or a .xlsx file."))
    try:
        if lower.endswith(".xlsx"):
            spreadsheets.check_xlsx(content)
        else:
            spreadsheets.csv_text(content)
    except spreadsheets.SpreadsheetError as exc:
        raise ImportFileError(str(exc)) from exc


def read_rows(target: str, filename: str, content: bytes) -> list[dict]:
    """The file's data rows as ``{"line", "values", "formulas"}``; ImportFileError on a bad file.
    Bounded in time and memory (``core.spreadsheets``); run by the task worker
    (``actors.tasks.read_import``)."""
    precheck(filename, content)
    lower = filename.lower()
    try:
        if lower.endswith(".xlsx"):
            table = spreadsheets.read_xlsx(content, max_rows=MAX_ROWS)
        elif lower.endswith((".csv", ".txt")):
            table = spreadsheets.read_csv(content, max_rows=MAX_ROWS)
        else:
            raise ImportFileError(_("Send a .csv or a .xlsx file."))
    except spreadsheets.SpreadsheetError as exc:
        raise ImportFileError(str(exc)) from exc
    rows, formulas = table.rows, table.formulas
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise ImportFileError(_("The file is empty."))
    if len(rows) - 1 > MAX_ROWS:
        raise ImportFileError(
            _(
                "The file has more than %(max)s rows. Import at most %(max)s rows at a time: "
                "split the file."
            )
            % {"max": f"{MAX_ROWS:,}".replace(",", "\u202f")}
        )
    columns = COLUMNS[target]
    header = [normalise(h) for h in rows[0]]
    positions = {}
    for key, _export, accepted, _required in columns:
        for index, name in enumerate(header):
            if name in accepted and key not in positions:
                positions[key] = index
    missing = [export for key, export, _a, required in columns if required and key not in positions]
    if missing:
        raise ImportFileError(
            _(
                "Missing column(s): %(missing)s. The first row must name the columns; expected: "
                "%(expected)s."
            )
            % {
                "missing": ", ".join(missing),
                "expected": ", ".join(export for _k, export, _a, _r in columns),
            }
        )
    out = []
    for r, row in enumerate(rows[1:], start=1):
        if not any(row):
            continue
        values = {key: (row[i] if i < len(row) else "") for key, i in positions.items()}
        formula_columns = [key for key, i in positions.items() if (r, i) in formulas]
        out.append({"line": r + 1, "values": values, "formulas": formula_columns})
    if not out:
        raise ImportFileError(_("The file has a header row but no data row."))
    return out


# Checking --------------------------------------------------------------------------------------


def _looks_like_formula(key: str, value: str) -> bool:
    if not value or not value.startswith(FORMULA_START):
        return False
    if key == "phone" and re.fullmatch(r"\+[0-9 .()-]+", value):
        return False  # an international phone number
    return True


def _bool(value: str) -> bool | None:
    value = normalise(value)
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    return None


def check_rows(target: str, programme, rows: list[dict]) -> list[dict]:
    """Add ``errors`` (the row is not imported) and ``data`` (clean values) to every row."""
    territory = programme.territory
    if target == "organisations":
        existing = {
            normalise(n)
            for n in Organisation.objects.filter(territory=territory).values_list("name", flat=True)
        }
        communes = {normalise(c.name): c.pk for c in territory.communes.all()}
        themes = {}
        for theme in programme.themes.all():
            themes[normalise(theme.slug)] = theme.pk
            themes[normalise(theme.name)] = theme.pk
    else:
        existing = {
            normalise(e)
            for e in Person.objects.filter(territory=territory)
            .exclude(email="")
            .values_list("email", flat=True)
        }
        organisations = {
            normalise(n): pk
            for pk, n in Organisation.objects.filter(territory=territory).values_list("pk", "name")
        }
    seen: dict[str, int] = {}
    columns = {key: export for key, export, _a, _r in COLUMNS[target]}
    for row in rows:
        values, errors, data = row["values"], [], {}

        def error(key, message, values=values, errors=errors):
            errors.append(f"{columns[key]} : {message}")

        for key in row.get("formulas", []):
            error(key, _("formula refused; type the value itself"))
        for key, value in values.items():
            if key not in row.get("formulas", []) and _looks_like_formula(key, value):
                error(key, _("a value may not start with = + - or @ (formula injection)"))
        if target == "organisations":
            name = values.get("name", "")
            if not name:
                error("name", _("required"))
            elif len(name) > 200:
                error("name", _("at most 200 characters"))
            else:
                key = normalise(name)
                if key in existing:
                    error(
                        "name",
                        _("duplicate: “%(name)s” is already in the directory") % {"name": name},
                    )
                elif key in seen:
                    error(
                        "name",
                        _("duplicate: same name as line %(line)s") % {"line": seen[key]},
                    )
                else:
                    seen[key] = row["line"]
            kind = KIND_VALUES.get(normalise(values.get("kind", "")))
            if not kind:
                error(
                    "kind",
                    _(
                        "“%(value)s” is not a kind (association, entreprise, collectivité, "
                        "institution, académique, autre)"
                    )
                    % {"value": values.get("kind", "")},
                )
            commune = None
            if values.get("commune"):
                commune = communes.get(normalise(values["commune"]))
                if commune is None:
                    error("commune", _("unknown commune “%(name)s”") % {"name": values["commune"]})
            size = ""
            if values.get("size"):
                size = SIZE_VALUES.get(normalise(values["size"]), "")
                if not size:
                    error(
                        "size",
                        _("expected one of: %(values)s")
                        % {"values": ", ".join(OrganisationSize.values)},
                    )
            maturity = ""
            if values.get("maturity"):
                maturity = MATURITY_VALUES.get(normalise(values["maturity"]), "")
                if not maturity:
                    error("maturity", _("expected débutant, en démarche or expérimenté"))
            website = values.get("website", "")
            if website:
                if not website.startswith(("http://", "https://")):
                    website = f"https://{website}"
                try:
                    URLValidator()(website)
                except ValidationError:
                    error(
                        "website", _("invalid address “%(value)s”") % {"value": values["website"]}
                    )
            theme_ids = []
            for part in re.split(r"[,;|]", values.get("themes", "")):
                if part.strip():
                    pk = themes.get(normalise(part))
                    if pk is None:
                        error("themes", _("unknown theme “%(name)s”") % {"name": part.strip()})
                    else:
                        theme_ids.append(pk)
            publish = _bool(values.get("publish_in_guide", ""))
            if publish is None:
                error("publish_in_guide", _("answer oui or non"))
            data = {
                "name": name[:200],
                "kind": kind or "",
                "commune": commune,
                "address": values.get("address", "")[:300],
                "sector": values.get("sector", "")[:200],
                "size": size,
                "maturity": maturity,
                "website": website,
                "description": values.get("description", ""),
                "themes": theme_ids,
                "publish_in_guide": bool(publish),
            }
        else:
            if not values.get("last_name"):
                error("last_name", _("required"))
            email = values.get("email", "")
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    error("email", _("invalid email address “%(value)s”") % {"value": email})
                else:
                    key = normalise(email)
                    if key in existing:
                        error("email", _("duplicate: this address is already in the directory"))
                    elif key in seen:
                        error(
                            "email",
                            _("duplicate: same address as line %(line)s") % {"line": seen[key]},
                        )
                    else:
                        seen[key] = row["line"]
            phone = values.get("phone", "")
            if phone:
                try:
                    phone_validator(phone)
                except ValidationError:
                    error("phone", _("invalid phone number “%(value)s”") % {"value": phone})
            organisation = None
            if values.get("organisation"):
                organisation = organisations.get(normalise(values["organisation"]))
                if organisation is None:
                    error(
                        "organisation",
                        _("unknown organisation “%(name)s”: import the organisations first")
                        % {"name": values["organisation"]},
                    )
            consent = _bool(values.get("consent", ""))
            if consent is None:
                error("consent", _("answer oui or non"))
            data = {
                "first_name": values.get("first_name", "")[:100],
                "last_name": values.get("last_name", "")[:100],
                "function": values.get("function", "")[:200],
                "organisation": organisation,
                "email": email,
                "phone": phone,
                "source": values.get("source", "")[:200],
                "consent": bool(consent),
            }
        row["errors"] = errors
        row["data"] = data
    return rows


def summary(rows: list[dict]) -> dict:
    bad = [r for r in rows if r["errors"]]
    return {"total": len(rows), "valid": len(rows) - len(bad), "invalid": len(bad)}


@transaction.atomic
def import_rows(*, user, programme, target: str, rows: list[dict], only_valid: bool) -> int:
    """Create the rows' objects in one transaction; nothing if any row is bad and not only_valid."""
    bad = [r for r in rows if r["errors"]]
    if bad and not only_valid:
        raise ValidationError(
            _(
                "%(count)s row(s) have errors: nothing was imported. Correct the file, or choose "
                "to import only the valid rows."
            )
            % {"count": len(bad)}
        )
    territory = programme.territory
    # Check again against the directory as it is now (it may have changed since the preview).
    rows = check_rows(target, programme, [dict(r, errors=[]) for r in rows if not r["errors"]])
    objects, themes = [], []
    for row in rows:
        if row["errors"]:
            raise ValidationError(
                _("Line %(line)s: %(errors)s. Nothing was imported; upload the file again.")
                % {"line": row["line"], "errors": "; ".join(row["errors"])}
            )
        data = dict(row["data"])
        if target == "organisations":
            themes.append(data.pop("themes"))
            commune = data.pop("commune")
            obj = Organisation(territory=territory, commune_id=commune, **data)
        else:
            organisation = data.pop("organisation")
            obj = Person(territory=territory, organisation_id=organisation, **data)
        try:
            # Uniqueness was checked against the directory just above (one query for the whole
            # file); the database constraint still guards it inside this transaction.
            obj.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            raise ValidationError(
                _("Line %(line)s: %(errors)s. Nothing was imported.")
                % {"line": row["line"], "errors": "; ".join(exc.messages)}
            ) from exc
        objects.append(obj)
    model = Organisation if target == "organisations" else Person
    saved = model.objects.bulk_create(objects, batch_size=500)
    if target == "organisations":
        through = Organisation.themes.through
        through.objects.bulk_create(
            [
                through(organisation_id=obj.pk, theme_id=theme_id)
                for obj, theme_ids in zip(saved, themes, strict=True)
                for theme_id in theme_ids
            ],
            batch_size=500,
        )
    created = len(saved)
    log_action(
        user=user,
        action=f"{target}.import",
        territory=territory,
        programme=programme,
        data={"created": created, "skipped": len(bad)},
    )
    return created


# Export ----------------------------------------------------------------------------------------


def defuse(value) -> str:
    """A CSV cell value that no spreadsheet will run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def _export_cell(value) -> str:
    return strip_control("" if value is None else str(value))


def export_table(target: str, programme, *, with_contact_details: bool) -> tuple[list, list]:
    """Header and rows of the territory's organisations or contacts (contact details only when
    the user may see them)."""
    territory = programme.territory
    columns = [c for c in COLUMNS[target] if with_contact_details or c[0] not in PRIVATE_COLUMNS]
    header = [export for _k, export, _a, _r in columns]
    rows = []
    if target == "organisations":
        queryset = (
            Organisation.objects.filter(territory=territory)
            .select_related("commune")
            .prefetch_related("themes")
            .order_by("sort_name", "id")
        )
        for o in queryset:
            values = {
                "name": o.name,
                "kind": o.kind,
                "commune": o.commune.name if o.commune else "",
                "address": o.address,
                "sector": o.sector,
                "size": o.size,
                "maturity": o.maturity,
                "website": o.website,
                "description": o.description,
                "themes": ", ".join(
                    t.slug for t in o.themes.all() if t.programme_id == programme.pk
                ),
                "publish_in_guide": "oui" if o.publish_in_guide else "non",
            }
            rows.append([_export_cell(values[k]) for k, *_rest in columns])
    else:
        queryset = (
            Person.objects.filter(territory=territory, anonymised=False)
            .select_related("organisation")
            .order_by("sort_name", "id")
        )
        for p in queryset:
            values = {
                "first_name": p.first_name,
                "last_name": p.last_name,
                "function": p.function,
                "organisation": p.organisation.name if p.organisation else "",
                "email": p.email,
                "phone": p.phone,
                "source": p.source,
                "consent": "oui" if p.consent else "non",
            }
            rows.append([_export_cell(values[k]) for k, *_rest in columns])
    return header, rows


def to_csv(header, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([defuse(cell) for cell in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(header, rows, title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([strip_control(str(value)) for value in row])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # text, never a formula: no apostrophe needed
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
