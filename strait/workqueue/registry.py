"""The sources of the work queue. Each app that gives the user work registers its sources here
(from its ``workqueue.py``, imported by its ``AppConfig.ready``); the queue itself names no app,
so a new domain adds its items without changing this package.

A source answers two questions for a user, both scoped to what that user may read (the app's
own ``queries`` do the scoping): how many items it holds (stopping at ``CAP``) and the most
pressing of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from strait.accounts.models import User

# Counts stop here: "100+" says enough, and counting further costs time on a large node.
CAP = 100


class Level:
    """How pressing an item is: the queue sorts by level, then by due date, then by age."""

    OVERDUE = 0
    URGENT = 10
    UNDELIVERED = 20
    DECIDE = 30
    APPROVE = 40
    ANSWER = 50
    NOTICE = 60


@dataclass(frozen=True)
class Item:
    """One thing that needs the user, one click from its page.

    ``key`` names the underlying object: two sources listing the same object (an urgent request
    that is also a details request) show it once, under the more pressing one. ``title`` may be
    a partner's text: templates escape it like any other.
    """

    key: str
    source: str
    level: int
    label: Any  # what it is, in the reader's language (a lazy translation or a string)
    title: str
    url: str
    at: dt.datetime
    due: dt.datetime | None = None
    party: str = ""  # who it comes from or goes to (an agency's abbreviation, a node)
    note: Any = ""
    direction: str = "auto"

    def sort_key(self) -> tuple[int, float, float]:
        due = self.due.timestamp() if self.due is not None else float("inf")
        return (self.level, due, -self.at.timestamp())


@dataclass(frozen=True)
class Source:
    """``items(user, now, limit)`` and ``count(user, now)``; ``applies(user)`` says whether the
    user's role may have such work at all (no query is made otherwise)."""

    code: str
    level: int
    label: Any  # the section's name, e.g. "Urgent requests"
    empty: Any  # the honest empty state, e.g. "No urgent request waits for your agency."
    url: Any  # where the whole list lives, e.g. reverse_lazy(...) ("" when no page lists them)
    applies: Callable[[User], bool]
    items: Callable[[User, dt.datetime, int], list[Item]]
    count: Callable[[User, dt.datetime], int]
    extra: dict[str, Any] = field(default_factory=dict)


_sources: dict[str, Source] = {}


def once(user: User, name: str, now: dt.datetime, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per user object and moment: a source's count and items (and sources
    sharing a list) ask for the same rows in one request; the queue passes one ``now``."""
    held: dict[tuple[str, dt.datetime], Any] = user.__dict__.setdefault("_workqueue_once", {})
    if (name, now) not in held:
        held[(name, now)] = compute()
    return held[(name, now)]


def register(source: Source) -> Source:
    existing = _sources.get(source.code)
    if existing is not None and existing is not source:
        raise ValueError(f"two work-queue sources are named {source.code!r}")
    _sources[source.code] = source
    return source


def sources() -> list[Source]:
    return sorted(_sources.values(), key=lambda s: (s.level, s.code))


def sources_for(user: User) -> list[Source]:
    return [s for s in sources() if s.applies(user)]
