"""The transit operation in the JSON API (``/api/v1/transit/``): the operations the caller's
agency takes part in, one year's dashboard figures, its daily rows, and daily figures entered
for the caller's agency's ports.

Thin like the views: each operation declares its permission, reads through ``queries`` (a year
the caller does not see is "not found") and writes through ``actions``: 201 when this node is
the operation's home, 202 when the rows are proposals on their way there; a refusal answers in
the one ``Error`` shape, every bad row named.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from strait.accounts.api_auth import api_user, requires_token
from strait.api_errors import Error
from strait.permissions import Permission
from strait.sharing.models import Proposal
from strait.transit import actions, queries
from strait.transit import schemas as s
from strait.transit.models import Operation

router = Router(tags=["transit"])

READ = requires_token(Permission.TRANSIT_READ)
WRITE = requires_token(Permission.TRANSIT_WRITE)


def _operation_out(op: Operation) -> s.TransitOperationOut:
    return s.TransitOperationOut(
        uid=op.obj.uid,
        year=op.year,
        title=op.title,
        home=op.obj.home,
        lead=op.obj.home_agency.code,
        departure_from=op.departure_from,
        departure_until=op.departure_until,
        return_from=op.return_from,
        return_until=op.return_until,
        plan_passengers=op.plan_passengers,
        plan_vehicles=op.plan_vehicles,
        plan_rotations=op.plan_rotations,
    )


@router.get("", response=list[s.TransitOperationOut], auth=READ, summary="Transit operations")
def transit_operations(request: HttpRequest) -> list[s.TransitOperationOut]:
    found = queries.operations(api_user(request)).select_related("obj__home_agency")
    return [_operation_out(op) for op in found]


@router.get(
    "/{uuid:uid}",
    response={200: s.DashboardOut, 404: Error},
    auth=READ,
    summary="One year's dashboard: the day, the phases, the season against plan and earlier years",
)
def transit_dashboard(request: HttpRequest, uid: uuid.UUID) -> dict[str, Any]:
    user = api_user(request)
    op = queries.operation_by_uid(user, uid)
    board = queries.dashboard(user, op)
    return {
        "operation": _operation_out(op),
        "day": board.day,
        "phases": board.phases,
        "today": board.today_totals,
        "season": board.season,
        "plan_to_date": board.plan_to_date,
        "departure_phase": board.by_phase["departure"],
        "return_phase": board.by_phase["return"],
        "peaks": board.peaks,
        "earlier": board.earlier,
    }


@router.get(
    "/{uuid:uid}/figures",
    response={200: list[s.FigureOut], 404: Error},
    auth=READ,
    summary="The year's daily figures, per port, day and direction",
)
def transit_figures(request: HttpRequest, uid: uuid.UUID) -> list[dict[str, Any]]:
    return queries.figure_rows(queries.operation_by_uid(api_user(request), uid))


@router.post(
    "/{uuid:uid}/figures",
    response={201: s.TransitChangeOut, 202: s.TransitChangeOut, 400: Error, 403: Error, 404: Error},
    auth=WRITE,
    summary="Enter daily figures of your agency's ports (all rows or none)",
)
def transit_enter_figures(request: HttpRequest, uid: uuid.UUID, data: s.FiguresIn) -> Status:
    user = api_user(request)
    op = queries.operation_by_uid(user, uid)
    results = actions.report_figures(user, op, [row.model_dump() for row in data.rows])
    pending = [r.uid for r in results if isinstance(r, Proposal)]
    if pending:
        return Status(202, s.TransitChangeOut(status="pending", proposals=pending))
    last = results[-1]
    return Status(201, s.TransitChangeOut(status="applied", seq=getattr(last, "seq", None)))
