"""The link chart's data and the statistics in the JSON API (``/api/v1/operations/``), the same
as the pages read: ``chart.chart`` of an operation the caller takes part in (another one is "not
found"), and ``statistics.figures`` over the operations the caller may see."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from strait.accounts.api_auth import api_user, requires_token
from strait.operations import actions, chart, codes, queries, statistics
from strait.permissions import Permission

router = Router(tags=["operations"])

READ = requires_token(Permission.OPERATIONS_READ)


class ChartNode(Schema):
    id: uuid.UUID
    label: str
    kind: str
    rtl: bool
    owner: str
    handling: str


class ChartEdge(Schema):
    id: uuid.UUID
    source: uuid.UUID
    target: uuid.UUID
    kind: str
    label: str
    on: dt.date | None


class ChartOut(Schema):
    """Entities (nodes) and relations (edges); ``kinds``: each relation kind's name in the
    caller's language."""

    nodes: list[ChartNode]
    edges: list[ChartEdge]
    kinds: dict[str, str]


class StatisticsIn(Schema):
    kind: codes.OutcomeKind = codes.OutcomeKind.ARREST
    since: dt.date | None = None
    crime_area: codes.CrimeArea | Literal[""] = ""
    period: Literal["year", "month"] = "year"


class RowOut(Schema):
    key: str
    label: str
    number: int
    kilograms: Decimal
    amount_eur: Decimal
    quantity: int
    operations: int


class StatisticsOut(Schema):
    """``number`` counts what the outcome kind counts (people arrested, cells, victims,
    migrants; seizures recorded); ``answer`` says it in one sentence."""

    answer: str
    total: RowOut
    by_period: list[RowOut]
    by_crime_area: list[RowOut]
    by_country: list[RowOut]
    by_operation: list[RowOut]


def _rows(rows: list[statistics.Row]) -> list[RowOut]:
    return [RowOut(**row.__dict__) for row in rows]


@router.get(
    "/statistics",
    response=StatisticsOut,
    auth=READ,
    summary="Outcomes totalled by period, crime area, country and operation",
)
def operations_statistics(request: HttpRequest, filters: Query[StatisticsIn]) -> StatisticsOut:
    asked = statistics.Filters(
        kind=str(filters.kind),
        since=filters.since,
        crime_area=str(filters.crime_area),
        period=filters.period,
    )
    found = statistics.figures(api_user(request), asked)
    return StatisticsOut(
        answer=statistics.answer(found),
        total=RowOut(**found.total.__dict__),
        by_period=_rows(found.by_period),
        by_crime_area=_rows(found.by_area),
        by_country=_rows(found.by_country),
        by_operation=_rows(found.by_operation),
    )


@router.get(
    "/{uuid:uid}/chart",
    response=ChartOut,
    auth=READ,
    summary="The operation's link chart: its entities and relations",
)
def operation_chart(request: HttpRequest, uid: uuid.UUID) -> ChartOut:
    user = api_user(request)
    op = queries.operation(user, uid)
    actions.consult(user, op, section="chart", request=request)
    return ChartOut(**chart.chart(op))
