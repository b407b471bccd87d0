"""Each agency's persons in a ``strait.matching.Index``: the one index partners' checks
(``strait.checks.matcher``) and the records search (``queries.search``) look names up in, so a
name a check hits is a name the search finds.

Built once per process and rebuilt when the agency's change counter moves (``PersonChanges``,
kept by database triggers on every write to persons and names, so the web server and the worker
each notice the other's writes, bulk imports included). The index holds every person of the
agency; what a caller may show is read back from the database (openness to a partner, scope).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from strait.entities.models import Person, PersonChanges, PersonName
from strait.matching import Index

# How long a process trusts its index without reading the change counter again. The counter is
# one primary-key read, so by default every look-up reads it and a record written a moment ago
# is found by the next one; a node that wants to save even that read may raise it (an erased or
# closed record is never shown either way: candidates are read back from the database).
STAMP_TTL = 0.0
BUILD_CHUNK = 2000


@dataclass
class _Cached:
    stamp: tuple[Any, ...]
    index: Index
    checked_at: float = 0.0


_cache: dict[int, _Cached] = {}
_lock = threading.Lock()


def _stamp(agency_id: int) -> tuple[Any, ...]:
    # The agency's change counter, kept by database triggers on persons and names (entities
    # migration 0003): one primary-key read, whatever the number of persons.
    count = (
        PersonChanges.objects.filter(agency_id=agency_id).values_list("count", flat=True).first()
    )
    return (count,)


def _build(agency_id: int) -> Index:
    index = Index()
    # Every person of the agency. Plain rows, not model instances, a chunk of persons and then
    # their names: at a million persons the instances cost more than the index itself.
    last = 0
    while True:
        persons = list(
            Person.objects.filter(agency_id=agency_id, id__gt=last)
            .order_by("id")
            .values_list("id", "uid", "birth_dates")[:BUILD_CHUNK]
        )
        if not persons:
            return index
        last = persons[-1][0]
        names: dict[int, list[str]] = {}
        for person_id, full_name in (
            PersonName.objects.filter(person_id__in=[p[0] for p in persons])
            .order_by("id")
            .values_list("person_id", "full_name")
        ):
            names.setdefault(person_id, []).append(full_name)
        for person_id, uid, birth_dates in persons:
            held = names.get(person_id, [])
            dates = [str(d) for d in (birth_dates or [])]
            try:
                index.add(str(uid), names=held, birth_dates=dates)
            except ValueError:
                try:  # a date the matcher cannot read must not hide the names
                    index.add(str(uid), names=held)
                except ValueError:
                    continue


def person_index(agency_id: int) -> Index:
    """The agency's person index, rebuilt if anything changed since it was built."""
    cached = _cache.get(agency_id)
    if cached is not None and time.monotonic() - cached.checked_at < STAMP_TTL:
        return cached.index
    stamp = _stamp(agency_id)
    with _lock:
        cached = _cache.get(agency_id)
        if cached is None or cached.stamp != stamp:
            cached = _cache[agency_id] = _Cached(stamp, _build(agency_id))
        cached.checked_at = time.monotonic()
        return cached.index


def forget() -> None:
    """Drop every cached index (tests)."""
    with _lock:
        _cache.clear()
