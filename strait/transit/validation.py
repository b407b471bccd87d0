"""The ops' checks: what the operation refuses, whoever proposes and wherever.

Each runs on the proposer's node (the form shows the refusal at once) and, authoritatively, at
the home before the change is ordered; each raises a ``Refused`` subclass, nothing is written:
a report with one bad row is refused whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from strait.refusals import Refused
from strait.sharing.effects import body_of
from strait.transit import codes, wire
from strait.transit.models import Operation

if TYPE_CHECKING:
    from strait.sharing.registry import Applied


class OutsideOperation(Refused):
    code = "outside_operation"
    status = 400


class OtherCountryPort(Refused):
    """Each side enters the figures of its own country's ports only."""

    code = "other_country_port"
    status = 403


def check_figures(operation: Operation, country: str, rows: list[wire.Figure]) -> None:
    """Every row's day inside the operation and every port of ``country``; the first bad row
    named (its number, from 1)."""
    for number, row in enumerate(rows, start=1):
        port = codes.PORTS[row.port]
        if port.country != country.upper():
            raise OtherCountryPort(
                _("Row %(n)s: %(port)s is a port of the other side; enter your own ports.")
                % {"n": number, "port": port.name},
                problems=[("port", _("Choose a port of your country."))],
            )
        if not operation.starts <= row.day <= operation.ends:
            raise OutsideOperation(
                _("Row %(n)s: %(day)s is outside the operation (%(starts)s to %(ends)s).")
                % {
                    "n": number,
                    "day": row.day.isoformat(),
                    "starts": operation.starts.isoformat(),
                    "ends": operation.ends.isoformat(),
                },
                problems=[("day", _("Give a day of the operation."))],
            )


def check_report(applied: Applied) -> None:
    body: wire.ReportFigures = body_of(applied, wire.ReportFigures)
    operation = Operation.objects.get(obj=applied.obj)
    check_figures(operation, applied.by_agency.country.code, list(body.rows))


def check_plan(applied: Applied) -> None:
    body: wire.Plan = body_of(applied, wire.Plan)
    operation = Operation.objects.get(obj=applied.obj)
    if body.departure_from.year != operation.year:
        raise OutsideOperation(
            _("The departure phase starts in the operation's year."),
            problems=[("departure_from", _("Give a day of %(year)s.") % {"year": operation.year})],
        )
