"""Daily figures as CSV, in and out.

In: a file of rows (port, day, direction and the six counts), its header in English, Spanish or
French, UTF-8 (with or without BOM), UTF-16 or Windows-1252; each line's problems reported by its
number, nothing half-read. Out: the operation's rows, a cell a spreadsheet would read as a
formula quoted with a leading apostrophe (as ``operations.statistics`` does).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from strait.transit import codes

# Header names per column, in the languages of the forms (lower case, accents as typed).
HEADERS: dict[str, tuple[str, ...]] = {
    "port": ("port", "puerto", "port"),
    "day": ("day", "date", "fecha", "día", "dia", "jour"),
    "direction": ("direction", "sentido", "dirección", "direccion", "sens"),
    "passengers": ("passengers", "pasajeros", "passagers"),
    "vehicles": ("vehicles", "vehículos", "vehiculos", "véhicules", "vehicules"),
    "rotations": ("rotations", "rotaciones"),
    "wait_avg": ("wait_avg", "average wait", "espera media", "attente moyenne"),
    "wait_max": ("wait_max", "worst wait", "espera máxima", "espera maxima", "attente maximale"),
    "incidents": ("incidents", "incidencias", "incidentes"),
}
# Direction as typed: the code or its words.
DIRECTIONS: dict[str, str] = {
    "to_ma": codes.Direction.TO_MOROCCO,
    "to morocco": codes.Direction.TO_MOROCCO,
    "hacia marruecos": codes.Direction.TO_MOROCCO,
    "vers le maroc": codes.Direction.TO_MOROCCO,
    "south": codes.Direction.TO_MOROCCO,
    "to_eu": codes.Direction.TO_EUROPE,
    "to europe": codes.Direction.TO_EUROPE,
    "hacia europa": codes.Direction.TO_EUROPE,
    "vers l'europe": codes.Direction.TO_EUROPE,
    "north": codes.Direction.TO_EUROPE,
}
COLUMNS = ("port", "day", "direction", *codes.COUNTS)
MAX_BYTES = 2 * 1024 * 1024


def decode(data: bytes) -> str | None:
    """The file's text, or None when it is in none of the encodings read."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _column(name: str) -> str | None:
    folded = name.strip().lower()
    for column, names in HEADERS.items():
        if folded in names:
            return column
    return None


def parse(data: bytes) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The file's rows as dicts of text (``COLUMNS``), with ``line`` (its number in the file),
    and the problems of the file as a whole (unreadable, a column missing, too large)."""
    if len(data) > MAX_BYTES:
        return [], [("file", _("The file is larger than 2 MB."))]
    text = decode(data)
    if text is None:
        return [], [("file", _("The file's encoding is not readable: save it as UTF-8."))]
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        return [], [("file", _("The file is empty."))]
    names = [_column(h) for h in header]
    missing = [c for c in COLUMNS if c not in names]
    if missing:
        return [], [("file", _("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})]
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row: dict[str, Any] = {"line": line}
        for name, cell in zip(names, cells, strict=False):
            if name:
                row[name] = cell.strip()
        if "direction" in row:
            row["direction"] = DIRECTIONS.get(str(row["direction"]).lower(), row["direction"])
        rows.append(row)
    return rows, []


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def export(rows: Iterable[dict[str, Any]]) -> str:
    """Rows of ``COLUMNS`` plus ``agency`` and ``by_name`` (the people who entered them)."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = [*COLUMNS, "agency", "by_name"]
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row[name]) for name in header])
    return out.getvalue()
