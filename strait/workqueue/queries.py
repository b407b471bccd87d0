"""Reading the work queue: every registered source the user's role applies to, merged by
urgency. Each source scopes itself to what the user may read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import timezone

from strait.workqueue.registry import CAP, Item, Source, sources_for

if TYPE_CHECKING:
    from strait.accounts.models import User

PAGE = 25


@dataclass(frozen=True)
class Section:
    source: Source
    count: int

    @property
    def capped(self) -> bool:
        return self.count >= CAP


@dataclass(frozen=True)
class Queue:
    sections: list[Section]
    items: list[Item]

    @property
    def total(self) -> int:
        return sum(s.count for s in self.sections)

    @property
    def capped(self) -> bool:
        return any(s.capped for s in self.sections)


def queue_for(user: User, now: dt.datetime | None = None, limit: int = PAGE) -> Queue:
    """The user's queue: each source's count and its most pressing items, the whole sorted by
    level (overdue first), then by due date, then newest first; one object listed once."""
    moment = now or timezone.now()
    sections: list[Section] = []
    found: dict[str, Item] = {}
    for source in sources_for(user):
        count = source.count(user, moment)
        sections.append(Section(source, count))
        if not count:
            continue
        for item in source.items(user, moment, limit):
            held = found.get(item.key)
            if held is None or item.sort_key() < held.sort_key():
                found[item.key] = item
    items = sorted(found.values(), key=Item.sort_key)[:limit]
    return Queue(sections, items)


def counts_for(user: User, now: dt.datetime | None = None) -> dict[str, int]:
    """Each applicable source's count (capped), by code: what the header menu shows."""
    moment = now or timezone.now()
    return {s.code: s.count(user, moment) for s in sources_for(user)}


def total_for(user: User, now: dt.datetime | None = None) -> int:
    return sum(counts_for(user, now).values())
