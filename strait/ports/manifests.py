"""Reading a ferry manifest: a CSV file (or the API's JSON rows) into checked rows, all or none.

A manifest row is a passenger (the name as on the travel document, in any script; date of birth,
whole or partial; document number and issuing country; nationality) and, when the passenger
drives one, the vehicle (plate and its country); a row with a plate and no name is a vehicle
whose driver is not listed. Header names may be English, Spanish or French (``COLUMNS``).

Every row is checked before anything is stored (``check``): a manifest with one broken row is
refused whole with a report per row (``ManifestRefused``), so nothing is half-screened. So is a
file past ``PORTS_MANIFEST_MAX_ROWS`` (5,000 by default) or one no encoding reads.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from strait.entities.models import Document
from strait.entities.validation import (
    COUNTRY_CODES,
    Invalid,
    birth_date,
    check_document,
    detect_script,
)
from strait.matching import identifier_key
from strait.matching.identifiers import InvalidIdentifier
from strait.refusals import Refused
from strait.text import has_nul

__all__ = ["COLUMNS", "ManifestRefused", "Row", "check", "decode", "max_rows", "read_csv"]

DEFAULT_MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
NAME_MAX = 200

# Our field -> the header names that mean it (compared folded: lower case, no accents, "_").
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full_name", "nombre", "nombre_completo", "nom", "nom_complet"),
    "birth_date": (
        "birth_date",
        "date_of_birth",
        "dob",
        "fecha_nacimiento",
        "fecha_de_nacimiento",
        "date_naissance",
        "date_de_naissance",
    ),
    "document_number": (
        "document_number",
        "document",
        "numero_documento",
        "documento",
        "numero_document",
        "numero_de_document",
    ),
    "document_country": (
        "document_country",
        "issuing_country",
        "pais_documento",
        "pais_expedicion",
        "pays_document",
        "pays_emission",
    ),
    "nationality": ("nationality", "nacionalidad", "nationalite"),
    "plate": ("plate", "vehicle_plate", "matricula", "immatriculation", "plaque"),
    "plate_country": (
        "plate_country",
        "vehicle_country",
        "pais_matricula",
        "pays_immatriculation",
    ),
}
_HEADERS = {alias: name for name, aliases in COLUMNS.items() for alias in aliases}
_SPANISH_ID = re.compile(r"^[0-9XYZ][0-9]{7}[A-Z]$")


def max_rows() -> int:
    return int(getattr(settings, "PORTS_MANIFEST_MAX_ROWS", DEFAULT_MAX_ROWS))


class ManifestRefused(Refused):
    """The manifest refused whole: ``rows`` is the report, ``[{"row": n, "errors": [...]}]``
    (row 0: the file itself)."""

    code = "invalid_manifest"

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        problems = [
            (f"row {r['row']}" if r["row"] else "file", "; ".join(r["errors"])) for r in rows[:50]
        ]
        refused = len([r for r in rows if r["row"]])
        message = (
            gettext_lazy("The manifest was refused: %(n)d rows have errors; nothing was screened.")
            % {"n": refused}
            if refused
            else gettext_lazy("The manifest was refused; nothing was screened.")
        )
        super().__init__(message, problems=problems)


@dataclass
class Row:
    """One checked manifest row."""

    row: int
    name: str = ""
    script: str = ""
    birth_date: str = ""
    document_number: str = ""
    document_country: str = ""
    document_key: str = ""
    nationality: str = ""
    plate: str = ""
    plate_key: str = ""
    plate_country: str = ""
    errors: list[str] = field(default_factory=list)


def _fold(header: str) -> str:
    text = unicodedata.normalize("NFKD", header.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without its mark), UTF-16 (with its mark), or, for files
    saved by Windows, Arabic cp1256 or Western cp1252. ``ManifestRefused`` when none reads it."""
    unreadable = ManifestRefused([{"row": 0, "errors": [_("The file's encoding is unreadable.")]}])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise unreadable from exc
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        raise unreadable
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    arabic = data.decode("cp1256", errors="replace")
    if _has_arabic(arabic) and "\ufffd" not in arabic:
        return arabic
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise unreadable from exc


def read_csv(data: bytes) -> list[dict[str, str]]:
    """The file's rows as {our field: value}; refused when too big or without a name column."""
    if len(data) > MAX_BYTES:
        raise ManifestRefused(
            [
                {
                    "row": 0,
                    "errors": [_("The file is larger than %(n)d MB.") % {"n": MAX_BYTES >> 20}],
                }
            ]
        )
    text = decode(data)
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise ManifestRefused([{"row": 0, "errors": [_("The file holds no rows.")]}])
    fields = [_HEADERS.get(_fold(h), "") for h in header]
    if "name" not in fields and "plate" not in fields:
        raise ManifestRefused(
            [{"row": 0, "errors": [_("No column of names (name, nombre, nom) or of plates.")]}]
        )
    rows = []
    limit = max_rows()
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        rows.append({f: v for f, v in zip(fields, values, strict=False) if f})
        if len(rows) > limit:
            break
    return rows


def _country(value: str, label: str, errors: list[str]) -> str:
    code = value.strip().upper()
    if code and code not in COUNTRY_CODES:
        errors.append(_("%(f)s: not an ISO 3166 country code: %(v)r") % {"f": label, "v": value})
    return code


def check_row(number: int, raw: Mapping[str, Any]) -> Row:
    values = {k: str(raw.get(k) or "").strip() for k in COLUMNS}
    row = Row(number)
    errors = row.errors
    if any(has_nul(v) for v in values.values()):
        errors.append(_("contains a NUL character (\\x00), which text cannot hold."))
        return row
    name = " ".join(values["name"].split())
    if not name and not values["plate"]:
        errors.append(_("name: missing"))
    if name:
        if len(name) > NAME_MAX:
            errors.append(_("name: longer than %(n)d characters") % {"n": NAME_MAX})
        elif not any(c.isalpha() for c in name):
            errors.append(_("name: holds no letter: %(v)r") % {"v": name})
        row.name, row.script = name[:NAME_MAX], detect_script(name)
    if values["birth_date"]:
        try:
            row.birth_date = birth_date(values["birth_date"])
        except ValueError:
            errors.append(
                _("date of birth: not a possible date: %(v)r") % {"v": values["birth_date"]}
            )
    row.document_country = _country(values["document_country"], _("document country"), errors)
    row.nationality = _country(values["nationality"], _("nationality"), errors)
    if values["document_number"]:
        number_ = values["document_number"].upper().replace(" ", "").replace("-", "")
        row.document_number = values["document_number"][:40]
        try:
            row.document_key = identifier_key("document", number_)
            if row.document_country == "ES" and _SPANISH_ID.match(number_):
                check_document(number_, Document.Kind.ID_CARD, "ES")
        except InvalidIdentifier:
            errors.append(
                _("document: %(v)r is not a document number") % {"v": row.document_number}
            )
        except Invalid as exc:
            errors.append(_("document: %(m)s") % {"m": "; ".join(m for _f, m in exc.problems)})
    if values["plate"]:
        row.plate = values["plate"][:20]
        try:
            row.plate_key = identifier_key("plate", values["plate"])
        except InvalidIdentifier:
            errors.append(_("plate: %(v)r is not a number plate") % {"v": row.plate})
        row.plate_country = _country(values["plate_country"], _("plate country"), errors)
    if not name:
        row.script = ""
    return row


def check(rows: Iterable[Mapping[str, Any]]) -> list[Row]:
    """Every row checked; ``ManifestRefused`` with the report of every broken row, or of the
    whole file when it has no rows or more than the limit."""
    rows = list(rows)
    limit = max_rows()
    if len(rows) > limit:
        raise ManifestRefused(
            [
                {
                    "row": 0,
                    "errors": [
                        _("The manifest has more than %(n)d rows; nothing was screened.")
                        % {"n": limit}
                    ],
                }
            ]
        )
    if not rows:
        raise ManifestRefused([{"row": 0, "errors": [_("The manifest holds no rows.")]}])
    checked = [check_row(number, raw) for number, raw in enumerate(rows, 1)]
    refused = [{"row": r.row, "errors": r.errors} for r in checked if r.errors]
    if refused:
        raise ManifestRefused(refused)
    return checked
