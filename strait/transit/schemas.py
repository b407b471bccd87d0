"""The transit API's bounded inputs and outputs. Inputs are checked again by the actions (the
ops' bodies): a negative count, a day outside the operation, a port of the other side is a 400
or 403 naming the row."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Field, Schema

from strait.transit import codes


class TransitChangeOut(Schema):
    """Applied at once (this node is the operation's home: ``seq`` of the last change) or
    pending (proposals on their way to the home)."""

    status: Literal["applied", "pending"]
    seq: int | None = None
    proposals: list[uuid.UUID] = []


class TransitOperationOut(Schema):
    uid: uuid.UUID
    year: int
    title: str
    home: str
    lead: str
    departure_from: dt.date
    departure_until: dt.date
    return_from: dt.date
    return_until: dt.date
    plan_passengers: int
    plan_vehicles: int
    plan_rotations: int


class FigureIn(Schema):
    port: str = Field(max_length=40)
    day: dt.date
    direction: str = Field(max_length=8)
    passengers: int
    vehicles: int
    rotations: int
    wait_avg: int
    wait_max: int
    incidents: int = 0


class FiguresIn(Schema):
    rows: list[FigureIn] = Field(min_length=1, max_length=codes.MAX_ROWS)


class FigureOut(FigureIn):
    agency: str
    by_name: str


class Totals(Schema):
    passengers: int
    vehicles: int
    rotations: int
    incidents: int


class EarlierOut(Schema):
    year: int
    source: Literal["figures", "public"]
    passengers: int
    vehicles: int
    passengers_to_date: int | None = None


class PeakOut(Schema):
    day: dt.date
    passengers: int
    vehicles: int


class DashboardOut(Schema):
    operation: TransitOperationOut
    day: dt.date
    phases: list[str]
    today: Totals
    season: Totals
    plan_to_date: dict[str, int]
    departure_phase: Totals
    return_phase: Totals
    peaks: list[PeakOut]
    earlier: list[EarlierOut]
