"""Where each body stands against its cadence: its last meeting held, its next one scheduled,
the date its next meeting falls due and the date its secretariat is warned.

A body meets at least every ``cadence_months`` months (yearly: 12). The clock runs from its last
meeting held (from its founding while it has never met): the meeting falls due that many months
later, and the secretariat is warned ``warn_months`` after it (the ministers: 5 of 6; by default
a month before it falls due). A meeting scheduled on or before the due date clears the flag; a
body that meets when needed, or is dissolved, is never flagged.

Computed for every body in one query (each body's last and next meeting as SQL aggregates),
never stored.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from strait.governance import codes
from strait.governance.models import Body

YEARLY = 12


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, the day clamped to the month's last (31 Aug + 6
    months is 28 or 29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def months_of(body: Body) -> int | None:
    """The most months the body may go without meeting; None when it meets when needed."""
    if body.cadence == codes.Cadence.AD_HOC:
        return None
    if body.cadence == codes.Cadence.YEARLY:
        return YEARLY
    return body.cadence_months or None


def warn_after(body: Body, months: int) -> int:
    """Months after the last meeting at which the secretariat is warned."""
    if body.warn_months is not None and 0 < body.warn_months <= months:
        return body.warn_months
    return max(months - 1, 0)


@dataclass(frozen=True)
class Standing:
    """One body's standing: ``state`` is a ``codes.CadenceState``."""

    body: Body
    state: str
    last_held: dt.date | None
    next_scheduled: dt.date | None
    due_on: dt.date | None
    warn_on: dt.date | None

    @property
    def flagged(self) -> bool:
        return self.state in (codes.CadenceState.DUE_SOON, codes.CadenceState.OVERDUE)

    @property
    def label(self) -> str:
        return str(codes.CadenceState(self.state).label)


def annotated(bodies: QuerySet[Body], today: dt.date) -> QuerySet[Body]:
    """``bodies`` with their last meeting held (up to ``today``) and their next scheduled (from
    ``today``), as SQL aggregates: one query for any number of bodies."""
    return bodies.annotate(
        last_held=Max(
            "meetings__starts_on",
            filter=Q(meetings__status=codes.MeetingStatus.HELD, meetings__starts_on__lte=today),
        ),
        next_scheduled=Min(
            "meetings__starts_on",
            filter=Q(
                meetings__status=codes.MeetingStatus.SCHEDULED, meetings__starts_on__gte=today
            ),
        ),
    )


def standing(
    body: Body, today: dt.date, last_held: dt.date | None, next_scheduled: dt.date | None
) -> Standing:
    months = months_of(body)
    if months is None or body.status != codes.BodyStatus.ACTIVE:
        state = codes.CadenceState.AD_HOC if months is None else codes.CadenceState.OK
        return Standing(body, state, last_held, next_scheduled, None, None)
    since = last_held or body.founded_on
    due_on = add_months(since, months)
    warn_on = add_months(since, warn_after(body, months))
    if next_scheduled is not None and next_scheduled <= due_on:
        state = codes.CadenceState.OK
    elif today > due_on:
        state = codes.CadenceState.OVERDUE
    elif today >= warn_on:
        state = codes.CadenceState.DUE_SOON
    else:
        state = codes.CadenceState.OK
    return Standing(body, state, last_held, next_scheduled, due_on, warn_on)


def standings(bodies: QuerySet[Body], today: dt.date | None = None) -> list[Standing]:
    """Each of ``bodies`` (already scoped to the reader) with its standing, in one query."""
    day = today or timezone.localdate()
    return [
        standing(b, day, b.last_held, b.next_scheduled)  # type: ignore[attr-defined]
        for b in annotated(bodies, day)
    ]


def pressing(rows: list[Standing]) -> list[Standing]:
    """The flagged ones among ``rows``, overdue first, then by due date."""
    return sorted(
        (s for s in rows if s.flagged),
        key=lambda s: (s.state != codes.CadenceState.OVERDUE, s.due_on or dt.date.max),
    )


def flagged(bodies: QuerySet[Body], today: dt.date | None = None) -> list[Standing]:
    """The bodies whose next meeting falls due or is overdue, the most pressing first."""
    return pressing(standings(bodies, today))
