"""Reading the CSV import format (columns documented in docs/entities.md; the import page offers
a template, ``template``).

One row per record; the ``kind`` column says which (a person when empty). A person's row may
carry its phones, e-mail addresses and one document; any other row may name the ``id`` of the
person or organisation it belongs to in ``owner``. Lists inside a cell are separated by ``;``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from strait.entities.imports import MAX_ROWS, Item, markings_with
from strait.entities.models import PersonName
from strait.entities.validation import (
    KINDS,
    MARKING_FIELDS,
    IdentifierDraft,
    Markings,
    NameDraft,
    PersonDraft,
)
from strait.refusals import Refused

PERSON_COLUMNS = (
    "name",
    "aliases",
    "language",
    "gender",
    "birth_dates",
    "place_of_birth",
    "nationalities",
    "phones",
    "emails",
    "document_type",
    "document_number",
    "document_country",
)
OTHER_COLUMNS = (
    "value",
    "country",
    "vin",
    "make_model",
    "imo",
    "mmsi",
    "registration",
    "flag",
    "aircraft_type",
    "street",
    "city",
    "postal_code",
)
COLUMNS = (
    "kind",
    "id",
    "owner",
    *PERSON_COLUMNS,
    *OTHER_COLUMNS,
    *MARKING_FIELDS,
    "open_to_checks",
)

# For each kind, which model field each column fills.
COLUMN_FOR: dict[str, dict[str, str]] = {
    "organisation": {"name": "name", "aliases": "aliases", "country": "country"},
    "phone": {"value": "value"},
    "email": {"value": "value"},
    "document": {"document_type": "kind", "value": "value", "document_country": "issuing_country"},
    "vehicle": {
        "value": "value",
        "country": "plate_country",
        "vin": "vin",
        "make_model": "make_model",
    },
    "vessel": {
        "name": "name",
        "imo": "imo",
        "mmsi": "mmsi",
        "registration": "registration",
        "flag": "flag",
    },
    "aircraft": {"value": "value", "aircraft_type": "aircraft_type"},
    "address": {
        "street": "street",
        "city": "city",
        "postal_code": "postal_code",
        "country": "country",
    },
}


class FileRefused(Refused):
    """The file as a whole cannot be read; ``row`` is the data row where reading stopped (0 when
    the file as a whole is at fault)."""

    code = "file_refused"

    def __init__(self, message: str | Promise, *, row: int = 0) -> None:
        super().__init__(message)
        self.row = row


def _list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _person(row: dict[str, str], markings: Markings) -> PersonDraft:
    language = row.get("language", "").strip()
    names = [NameDraft(n, language=language) for n in _list(row.get("name", ""))[:1]]
    names += [
        NameDraft(a, language=language, kind=PersonName.Kind.ALIAS)
        for a in _list(row.get("aliases", ""))
    ]
    nationalities = _list(row.get("nationalities", ""))
    identifiers = [IdentifierDraft("phone", p) for p in _list(row.get("phones", ""))]
    identifiers += [IdentifierDraft("email", e) for e in _list(row.get("emails", ""))]
    if row.get("document_number", "").strip():
        identifiers.append(
            IdentifierDraft(
                "document",
                row["document_number"].strip(),
                country=row.get("document_country", "").strip().upper(),
                document_kind=row.get("document_type", "").strip() or "other",
            )
        )
    return PersonDraft(
        markings=markings,
        names=names,
        gender=row.get("gender", "").strip().lower(),
        birth_dates=_list(row.get("birth_dates", "")),
        place_of_birth=row.get("place_of_birth", "").strip(),
        nationalities=nationalities,
        identifiers=identifiers,
    )


def refuse_nul(text: str) -> None:
    """A text file holds no NUL character; no field could store one."""
    if "\x00" in text:
        raise FileRefused(_("The file contains NUL characters (\\x00): it is not a text file."))


def read(text: str, defaults: Markings) -> list[Item]:
    """The file's rows as items; ``FileRefused`` when the file cannot be read as CSV."""
    refuse_nul(text)
    try:
        return _read(text, defaults)
    except (csv.Error, TypeError, ValueError) as exc:
        # A cell over csv.field_size_limit() (128 KiB), a broken quote …
        raise FileRefused(_("The file cannot be read as CSV: %(e)s") % {"e": exc}) from exc


def _rows(text: str) -> Iterator[tuple[int, int, list[str]]]:
    """The file's records as ``(data row, line, cells)``, read strictly: a quote must close on
    its own line, right before a comma or the end of the line. Anything else refuses the whole
    file, naming the row where it starts, rather than let a stray quote swallow the rows after it
    (a cell never holds a line break). Blank lines are skipped and not numbered."""
    reader = csv.reader(io.StringIO(text), strict=True)
    number = 0
    last = 0  # the last physical line read
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileRefused(
                _("Row %(row)s (line %(line)s) cannot be read as CSV: %(e)s. Nothing was imported.")
                % {"row": number, "line": last + 1, "e": exc},
                row=number,
            ) from exc
        first, last = last + 1, reader.line_num
        if not cells:
            continue
        if last > first:
            raise FileRefused(
                _(
                    "Row %(row)s (line %(line)s): a quoted cell runs over a line break (a quote "
                    "not closed?). Nothing was imported."
                )
                % {"row": number, "line": first},
                row=number,
            )
        yield number, first, cells
        number += 1


def looks_like_ftm(text: str) -> bool:
    """Whether a file is FollowTheMoney JSON lines: its first line a JSON object with a schema."""
    first = next((line for line in text.lstrip("\ufeff").splitlines() if line.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        entity = json.loads(first)
    except (ValueError, RecursionError):
        return False
    return isinstance(entity, dict) and "schema" in entity


def _read(text: str, defaults: Markings) -> list[Item]:
    if looks_like_ftm(text):
        raise FileRefused(
            _(
                "This is a FollowTheMoney file (JSON lines), not CSV: import it again with the "
                "format “FollowTheMoney JSON lines”."
            )
        )
    rows = _rows(text.lstrip("\ufeff"))
    header = [h.strip() for h in next(rows, (0, 0, []))[2]]
    if not header:
        raise FileRefused(_("The file is empty or has no header row."))
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise FileRefused(
            _(
                "Unknown columns: %(cols)s. A file may have these columns: %(known)s. The CSV "
                "template on the import page has them all."
            )
            % {"cols": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
    items: list[Item] = []
    for number, _line, cells in rows:
        if number > MAX_ROWS:
            raise FileRefused(_("At most %(n)s rows per file.") % {"n": MAX_ROWS})
        if len(cells) > len(header):
            item = Item(row=number, problems=[_("more cells than columns")])
            items.append(item)
            continue
        row = dict(zip(header, cells, strict=False)) | dict.fromkeys(header[len(cells) :], "")
        if not any(v.strip() for v in row.values()):
            continue
        problems: list[str] = []
        kind = row.get("kind", "").strip().lower() or "person"
        markings = markings_with(defaults, row, problems)
        item = Item(
            row=number,
            ref=row.get("id", "").strip(),
            kind=kind,
            owner=row.get("owner", "").strip(),
            markings=markings,
            problems=problems,
        )
        if kind not in KINDS:
            problems.append(_("unknown kind %(k)r") % {"k": kind})
        elif kind == "person":
            item.person = _person(row, markings)
        else:
            mapping = COLUMN_FOR[kind]
            fields: dict[str, object] = {
                target: row.get(column, "") for column, target in mapping.items()
            }
            if kind == "document" and not fields["value"]:
                fields["value"] = row.get("document_number", "")
            if "aliases" in fields:
                fields["aliases"] = _list(str(fields["aliases"]))
            item.fields = fields
        items.append(item)
    return items


# The template's example rows: a person with a phone and a document, and a vehicle of theirs.
# The data-protection columns are left empty: the values chosen on the import page apply.
TEMPLATE_ROWS = (
    {
        "kind": "person",
        "id": "p1",
        "name": "Youssef El Amrani",
        "aliases": "يوسف العمراني",
        "language": "fr",
        "gender": "male",
        "birth_dates": "1985-06-14",
        "place_of_birth": "Tanger",
        "nationalities": "MA",
        "phones": "+212 661 12 34 56",
        "document_type": "passport",
        "document_number": "XA1234567",
        "document_country": "MA",
    },
    {"kind": "vehicle", "owner": "p1", "value": "1234 BCD", "country": "ES"},
)


def template() -> str:
    """A CSV file with every column and two example rows, to fill in and import."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in TEMPLATE_ROWS:
        writer.writerow(row)
    return out.getvalue()
