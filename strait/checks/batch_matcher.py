"""``matcher.look_up`` for many items at once (a batch's envelope): the same answers, with the
database read once per envelope instead of once per item.

Persons: each item is searched in the agency's index as a single check is, and the candidates
of all items that score a hit are read back together (still only those open to the partner at
that handling code, ``matcher.usable``). Identifiers: one query per kind for every key of the
envelope. What a single check keeps (the best ``KEEP`` open candidates, best first) is kept here
per item too; only hits are returned (a batch stores no candidate below the threshold).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from strait.checks import matcher
from strait.checks.matcher import KEEP, SEARCH_LIMIT, Found, usable
from strait.checks.models import RecordKind
from strait.entities.models import Aircraft, Document, Person, Phone, Vehicle
from strait.matching import THRESHOLD

CHUNK = 500
# One key field for these kinds; a vehicle is looked up by its VIN too; vessels one by one.
_KEYED: dict[str, Any] = {
    RecordKind.PHONE: Phone,
    RecordKind.DOCUMENT: Document,
    RecordKind.AIRCRAFT: Aircraft,
    RecordKind.VEHICLE: Vehicle,
}


def _persons(
    agency_id: int, queries: dict[int, dict[str, Any]], handling: Sequence[str]
) -> dict[int, list[Found]]:
    index = matcher.person_index(agency_id)
    matches = {}
    for n, query in queries.items():
        names = [str(name) for name in query.get("names", [])]
        dates = [query["birth_date"]] if query.get("birth_date") else []
        found = index.search(names=names, birth_dates=dates, limit=SEARCH_LIMIT)
        matches[n] = [m for m in found if m.score >= THRESHOLD]
    wanted = sorted({m.record_id for found in matches.values() for m in found})
    open_now: dict[str, Person] = {}
    for first in range(0, len(wanted), CHUNK):
        # By uid alone, the agency checked here (see matcher._persons: SQLite's plan).
        rows = Person.objects.filter(
            usable(handling), uid__in=wanted[first : first + CHUNK]
        ).prefetch_related("names")
        open_now.update({str(p.uid): p for p in rows if p.agency_id == agency_id})
    return {
        n: [
            Found(
                RecordKind.PERSON,
                person.uid,
                str(person)[:300],
                match.score,
                dict(match.explanation.features),
                match.explanation.summary(),
                match.explanation.as_dict(),
            )
            for match in found
            if (person := open_now.get(match.record_id)) is not None
        ][:KEEP]
        for n, found in matches.items()
    }


def _identified(
    agency_id: int, kind: str, queries: dict[int, dict[str, Any]], handling: Sequence[str]
) -> dict[int, list[Found]]:
    model = _KEYED[kind]
    keys: dict[int, list[tuple[str, str]]] = {}
    for n, query in queries.items():
        try:
            keys[n] = matcher.query_key(
                kind, str(query.get("value", "")), str(query.get("country", ""))
            )
        except ValueError:
            continue
    by_field: dict[str, set[str]] = defaultdict(set)
    for pairs in keys.values():
        for field_, key in pairs:
            by_field[field_].add(key)
    rows: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for field_, values in by_field.items():
        ordered = sorted(values)
        for first in range(0, len(ordered), CHUNK):
            for row in model.objects.filter(
                usable(handling),
                matcher._owners_usable(model, handling),
                agency_id=agency_id,
                **{f"{field_}__in": ordered[first : first + CHUNK]},
            ):
                rows[(field_, getattr(row, field_))].append(row)
    found: dict[int, list[Found]] = {}
    for n, pairs in keys.items():
        seen: dict[int, Any] = {}
        for pair in pairs:
            for row in rows.get(pair, []):
                seen.setdefault(row.pk, row)
        key = pairs[0][1]
        found[n] = [
            Found(
                kind,
                row.uid,
                str(row)[:300],
                1.0,
                {"identifier": 1.0},
                f"same {kind}: {key}",
                {"features": {"identifier": 1.0}, "identifiers": [key]},
            )
            for row in list(seen.values())[:KEEP]
        ]
    return found


def look_up_hits(
    agency_id: int, items: Sequence[tuple[str, dict[str, Any]]], handling: Sequence[str]
) -> list[list[Found]]:
    """Per item (kind, query), the agency's records open at ``handling`` that score a hit, best
    first: what ``[f for f in matcher.look_up(...) if f.hit]`` gives, item by item."""
    per_kind: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for n, (kind, query) in enumerate(items):
        per_kind[kind][n] = query
    found: dict[int, list[Found]] = {}
    for kind, queries in per_kind.items():
        if kind == RecordKind.PERSON:
            found.update(_persons(agency_id, queries, handling))
        elif kind in _KEYED:
            found.update(_identified(agency_id, kind, queries, handling))
        else:
            for n, query in queries.items():
                found[n] = [f for f in matcher.look_up(agency_id, kind, query, handling) if f.hit]
    return [found.get(n, []) for n in range(len(items))]
