"""Looking a partner's check up in one agency's records.

Persons go through the agency's ``strait.matching.Index`` (``entities.person_index``, the one
the records search uses too), built once per process and rebuilt when the agency's change
counter moves. The index only proposes candidates: each one
is read back from the database and kept only if it is still open to this partner at this
handling code. Identifiers match
exactly on their normalised key, by an indexed lookup.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from strait.checks.models import RecordKind
from strait.entities.models import (
    Aircraft,
    Document,
    Person,
    Phone,
    Vehicle,
    Vessel,
)
from strait.entities.person_index import forget, person_index
from strait.matching import THRESHOLD, identifier_key

__all__ = ["Found", "forget", "look_up", "person_index", "query_key", "usable"]

# Search deeper than we keep: the database filter below may drop records closed to the partner.
SEARCH_LIMIT = 25
KEEP = 5


@dataclass(frozen=True)
class Found:
    kind: str
    uid: uuid.UUID
    label: str
    score: float
    features: dict[str, float] = field(default_factory=dict)
    explanation: str = ""
    # Explanation.as_dict(): shown in the reader's language by checks/templatetags/evidence.py.
    evidence: dict[str, Any] = field(default_factory=dict)

    @property
    def hit(self) -> bool:
        return self.score >= THRESHOLD


def usable(handling: Sequence[str], prefix: str = "") -> Q:
    """Records a partner may be answered about today: open to checks, at a handling code the
    opening and channel allow, not overdue for review and not past retention (DP-02)."""
    today = timezone.localdate()
    return Q(
        **{
            f"{prefix}open_to_checks": True,
            f"{prefix}handling__in": list(handling),
            f"{prefix}review_date__gte": today,
            f"{prefix}retention_date__gte": today,
        }
    )


def _owners_usable(model: Any, handling: Sequence[str]) -> Q:
    """A phone, document, vehicle or aircraft of a person or organisation answers only while
    its owner may: closing a person closes what hangs from it."""
    wanted = Q()
    for owner in ("person", "organisation"):
        if any(f.name == owner for f in model._meta.get_fields()):
            wanted &= Q(**{f"{owner}__isnull": True}) | usable(handling, f"{owner}__")
    return wanted


def _persons(agency_id: int, query: dict[str, Any], handling: Sequence[str]) -> list[Found]:
    names = [str(n) for n in query.get("names", [])]
    dates = [query["birth_date"]] if query.get("birth_date") else []
    matches = person_index(agency_id).search(names=names, birth_dates=dates, limit=SEARCH_LIMIT)
    # Read back by uid alone, the agency checked here: with the agency in the WHERE clause,
    # SQLite (no ANALYZE statistics) walks the agency's index, every person of the agency
    # (11 ms at 20,000 persons, half a second at a million), not the unique uid index (0.6 ms).
    open_now = {
        str(person.uid): person
        for person in Person.objects.filter(
            usable(handling), uid__in=[m.record_id for m in matches]
        ).prefetch_related("names")
        if person.agency_id == agency_id
    }
    found = [
        Found(
            RecordKind.PERSON,
            person.uid,
            str(person)[:300],
            match.score,
            dict(match.explanation.features),
            match.explanation.summary(),
            match.explanation.as_dict(),
        )
        for match in matches  # best first, as the index ranked them (its order breaks ties)
        if (person := open_now.get(match.record_id)) is not None
    ]
    return found[:KEEP]


def query_key(kind: str, value: str, country: str) -> list[tuple[str, str]]:
    """(field, key) pairs an identifier check looks up; raises ValueError for a bad value."""
    value = value.strip()
    if not value:
        raise ValueError("empty")
    match RecordKind(kind):
        case RecordKind.PHONE:
            return [("key", identifier_key("phone", value, country))]
        case RecordKind.DOCUMENT:
            return [("key", identifier_key("document", value))]
        case RecordKind.AIRCRAFT:
            return [("key", identifier_key("aircraft", value))]
        case RecordKind.VEHICLE:
            keys = [("key", identifier_key("plate", value))]
            with contextlib.suppress(ValueError):
                keys.append(("vin_key", identifier_key("vin", value)))
            return keys
        case RecordKind.VESSEL:
            keys = []
            for kind_, field_ in (("imo", "imo_key"), ("mmsi", "mmsi_key")):
                with contextlib.suppress(ValueError):
                    keys.append((field_, identifier_key(kind_, value)))
            return keys or [("name", value)]
    raise ValueError(kind)


_MODELS: dict[str, Any] = {
    RecordKind.PHONE: Phone,
    RecordKind.DOCUMENT: Document,
    RecordKind.AIRCRAFT: Aircraft,
    RecordKind.VEHICLE: Vehicle,
    RecordKind.VESSEL: Vessel,
}


def _identified(
    agency_id: int, kind: str, query: dict[str, Any], handling: Sequence[str]
) -> list[Found]:
    try:
        keys = query_key(kind, str(query.get("value", "")), str(query.get("country", "")))
    except ValueError:
        return []
    wanted = Q()
    for field_, key in keys:
        wanted |= Q(**{f"{field_}__iexact" if field_ == "name" else field_: key})
    model = _MODELS[kind]
    rows = model.objects.filter(
        wanted, usable(handling), _owners_usable(model, handling), agency_id=agency_id
    )[:KEEP]
    return [
        Found(
            kind,
            row.uid,
            str(row)[:300],
            1.0,
            {"identifier": 1.0},
            f"same {kind}: {key}",
            {"features": {"identifier": 1.0}, "identifiers": [key]},
        )
        for row in rows
        for key in [keys[0][1]]
    ]


def look_up(
    agency_id: int, kind: str, query: dict[str, Any], handling: Sequence[str]
) -> list[Found]:
    """The agency's records open at ``handling`` that the check may be about, best first."""
    if kind == RecordKind.PERSON:
        return _persons(agency_id, query, handling)
    return _identified(agency_id, kind, query, handling)
