"""The bodies of the transit operation's ops, as they travel in proposals and changes.

Validated when proposed (on the proposer's node) and again when applied (on every node). Counts
are whole numbers, never negative (a negative count is refused with its field named), bounded
so that a typing error is caught. These shapes are part of the wire format: add optional fields,
never rename.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import pydantic
from django.utils.translation import gettext as _

from strait.sharing.wire import AgencyCode, Wire
from strait.transit import codes

Title = Annotated[
    str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
Year = Annotated[int, pydantic.Field(ge=2000, le=2100)]
Total = Annotated[int, pydantic.Field(ge=0, le=100_000_000)]
# A report carries at most this many rows: its body (about 80 KB) stays well under the
# envelope's 192 KB, also once encrypted and encoded.
ROWS_PER_CHANGE = 500


def _port(value: str) -> str:
    if value not in codes.PORTS:
        raise ValueError(_("There is no port %(code)s in the operation.") % {"code": value[:40]})
    return value


PortCode = Annotated[str, pydantic.AfterValidator(_port)]


class Body(Wire):
    """Strict (unknown fields and NUL refused, as every shared body) and frozen."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)


class Plan(Body):
    """The season: two phases (they may overlap) and the planned totals."""

    title: Title
    departure_from: dt.date
    departure_until: dt.date
    return_from: dt.date
    return_until: dt.date
    plan_passengers: Total = 0
    plan_vehicles: Total = 0
    plan_rotations: Total = 0

    @pydantic.model_validator(mode="after")
    def _phases_in_order(self) -> Plan:
        if self.departure_until < self.departure_from:
            raise ValueError(_("The departure phase ends before it starts."))
        if self.return_until < self.return_from:
            raise ValueError(_("The return phase ends before it starts."))
        if (
            max(self.departure_until, self.return_until)
            - min(self.departure_from, self.return_from)
        ).days > 366:
            raise ValueError(_("An operation lasts at most a year."))
        return self


class Create(Plan):
    year: Year

    @pydantic.model_validator(mode="after")
    def _in_its_year(self) -> Create:
        if self.departure_from.year != self.year:
            raise ValueError(_("The departure phase starts in the operation's year."))
        return self


class Figure(Body):
    """One port's day in one direction."""

    port: PortCode
    day: dt.date
    direction: codes.Direction
    passengers: int = pydantic.Field(ge=0, le=codes.MAX_PASSENGERS)
    vehicles: int = pydantic.Field(ge=0, le=codes.MAX_VEHICLES)
    rotations: int = pydantic.Field(ge=0, le=codes.MAX_ROTATIONS)
    wait_avg: int = pydantic.Field(ge=0, le=codes.MAX_WAIT)
    wait_max: int = pydantic.Field(ge=0, le=codes.MAX_WAIT)
    incidents: int = pydantic.Field(ge=0, le=codes.MAX_INCIDENTS)

    @pydantic.model_validator(mode="after")
    def _worst_not_below_average(self) -> Figure:
        if self.wait_max < self.wait_avg:
            raise ValueError(_("The worst wait cannot be shorter than the average wait."))
        return self

    @property
    def key(self) -> tuple[str, dt.date, str]:
        return (self.port, self.day, str(self.direction))


class ReportFigures(Body):
    """Daily figures of the reporting agency's ports: a row replaces the one of the same port,
    day and direction (a correction)."""

    agency: AgencyCode  # the reporting agency: each side enters its own ports
    rows: list[Figure] = pydantic.Field(min_length=1, max_length=ROWS_PER_CHANGE)

    @pydantic.model_validator(mode="after")
    def _each_key_once(self) -> ReportFigures:
        seen: set[tuple[str, dt.date, str]] = set()
        for row in self.rows:
            if row.key in seen:
                raise ValueError(
                    _("%(port)s on %(day)s (%(direction)s) is given twice.")
                    % {"port": row.port, "day": row.day.isoformat(), "direction": row.direction}
                )
            seen.add(row.key)
        return self
