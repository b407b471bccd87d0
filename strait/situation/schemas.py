"""The situation API's bounded inputs and outputs. Inputs are checked again by the actions (the
ops' bodies): a place outside the map or a negative number is a 400 naming the field."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from ninja import Field, Schema


class SegmentOut(Schema):
    code: str
    name: str
    shape: str
    points: list[list[float]]
    owner: str
    level: str
    level_label: str
    response: str
    measures: str
    reports: int
    people: int


class PictureOut(Schema):
    uid: uuid.UUID
    title: str
    home: str
    lead: str
    seq: int
    digest: str
    box: list[float] = Field(description="south, west, north, east (degrees)")
    segments: list[SegmentOut]


class AlertOnMap(Schema):
    uid: uuid.UUID
    type: str
    type_label: str
    title: str
    lat: float | None
    lon: float | None
    areas: list[str]
    people: int | None = None
    boats: int | None = None
    released: int
    until: int
    url: str
    log: str


class MapOut(Schema):
    window: str
    since: int = Field(description="start of the window, seconds since the epoch")
    now: int
    segments: list[SegmentOut]
    unsegmented: int
    columns: list[str]
    crossings: list[list[Any]] = Field(description="one row per report, in ``columns`` order")
    alerts: list[AlertOnMap]


class CrossingOut(Schema):
    uid: uuid.UUID
    agency: str
    at: dt.datetime
    lat: float
    lon: float
    people: int
    boat: str
    outcome: str
    segment: str
    place: str
    by_name: str
    reported_at: dt.datetime


class PointIn(Schema):
    lat: float
    lon: float


class NamesIn(Schema):
    ar: str = Field(max_length=200)
    es: str = Field(max_length=200)
    fr: str = Field(max_length=200)
    en: str = Field(max_length=200)


class SegmentIn(Schema):
    code: str = Field(max_length=40)
    names: NamesIn
    shape: Literal["line", "polygon"]
    points: list[PointIn] = Field(max_length=500)


class LevelIn(Schema):
    level: Literal["low", "medium", "high"]
    measures: str = Field("", max_length=1000)


class CrossingIn(Schema):
    at: dt.datetime
    lat: float
    lon: float
    people: int
    boat: str = Field(max_length=20)
    outcome: str = Field(max_length=20)
    segment: str = Field("", max_length=40)
    place: str = Field("", max_length=200)


class StepOut(Schema):
    at: dt.datetime
    kind: Literal["released", "acknowledged", "measure"]
    agency: str
    partner: bool
    text: str
    by: str
    minutes: int


class ReactionLogOut(Schema):
    alert: uuid.UUID
    title: str
    released_at: dt.datetime
    minutes_to_acknowledgement: int | None = Field(
        description="from the first report (release) to the first partner acknowledgement"
    )
    steps: list[StepOut]
