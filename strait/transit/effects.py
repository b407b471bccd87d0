"""What each op does to the local copy of the operation: the ONLY writers of its rows.

The same functions run on every node, the home included, in the home's order, so every copy
holds the same rows. They trust the body and the order (the op's check ran at the home): they
never refuse, never send, never read the clock or the user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strait.sharing.effects import body_of, same_names
from strait.transit import wire
from strait.transit.models import DailyFigure, Operation

if TYPE_CHECKING:
    from strait.sharing.registry import Applied

PLAN_FIELDS = (
    "title",
    "departure_from",
    "departure_until",
    "return_from",
    "return_until",
    "plan_passengers",
    "plan_vehicles",
    "plan_rotations",
)


def create(applied: Applied) -> None:
    body: wire.Create = body_of(applied, wire.Create)
    Operation.objects.create(
        obj=applied.obj,
        year=body.year,
        created_at=applied.at,
        **same_names(body, *PLAN_FIELDS),
    )


def set_plan(applied: Applied) -> None:
    body: wire.Plan = body_of(applied, wire.Plan)
    Operation.objects.filter(obj=applied.obj).update(**same_names(body, *PLAN_FIELDS))


def report_figures(applied: Applied) -> None:
    """The rows, each replacing the row of its port, day and direction (one delete of those
    keys, one insert)."""
    body: wire.ReportFigures = body_of(applied, wire.ReportFigures)
    operation = Operation.objects.get(obj=applied.obj)
    days = {row.day for row in body.rows}
    ports = {row.port for row in body.rows}
    keys = {row.key for row in body.rows}
    existing = DailyFigure.objects.filter(operation=operation, day__in=days, port__in=ports)
    stale = [
        pk
        for pk, *key in existing.values_list("pk", "port", "day", "direction")
        if tuple(key) in keys
    ]
    if stale:
        DailyFigure.objects.filter(pk__in=stale).delete()
    by_name = applied.by_name or applied.by_user
    DailyFigure.objects.bulk_create(
        DailyFigure(
            operation=operation,
            port=row.port,
            day=row.day,
            direction=row.direction,
            passengers=row.passengers,
            vehicles=row.vehicles,
            rotations=row.rotations,
            wait_avg=row.wait_avg,
            wait_max=row.wait_max,
            incidents=row.incidents,
            agency=body.agency,
            by_name=by_name,
            entered_at=applied.at,
        )
        for row in body.rows
    )
