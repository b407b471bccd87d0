"""The JSON shapes of alerts in the API: bounded inputs (unknown fields refused) and the alert
as a reader may see it (the grounds only for who may read them; a discreet check's free text
not for the frontline). Values the actions refuse (a negative count, a place off the map, an
addressee without a channel) are refused with the same message as on the page."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

import pydantic
from ninja import Schema

from strait.alerts import codes

Handling = Literal["H0", "H1", "H2", "H3"]


class _In(Schema):
    model_config = pydantic.ConfigDict(extra="forbid")


class AlertDetailsIn(_In):
    warrant_ref: str = pydantic.Field(default="", max_length=200)
    missing_kind: codes.MissingKind | None = None
    object_kind: codes.ObjectKind | None = None
    identifier: str = pydantic.Field(default="", max_length=200)
    mmsi: str = pydantic.Field(default="", max_length=9)
    imo: str = pydantic.Field(default="", max_length=11)
    registration: str = pydantic.Field(default="", max_length=200)
    description: str = pydantic.Field(default="", max_length=2000)
    flight_path: str = pydantic.Field(default="", max_length=1000)
    place: str = pydantic.Field(default="", max_length=200)
    estimated_people: int | None = pydantic.Field(default=None, le=1_000_000)
    boats: int | None = pydantic.Field(default=None, le=1_000_000)
    direction: str = pydantic.Field(default="", max_length=200)
    event: str = pydantic.Field(default="", max_length=200)
    lat: str | None = pydantic.Field(default=None, max_length=12, description="Decimal degrees")
    lon: str | None = pydantic.Field(default=None, max_length=12, description="Decimal degrees")


class AlertDraftIn(_In):
    type: codes.AlertType
    title: str = pydantic.Field(min_length=1, max_length=200)
    grounds: str = pydantic.Field(default="", max_length=4000)
    officer_safety: str = pydantic.Field(default="", max_length=1000)
    handling: Handling = "H1"
    area_kind: codes.AreaKind = codes.AreaKind.TERRITORY
    area_codes: list[str] = pydantic.Field(default_factory=list, max_length=50)
    valid_from: pydantic.AwareDatetime | None = None
    valid_until: pydantic.AwareDatetime | None = None
    addressees: list[str] = pydantic.Field(default_factory=list, max_length=50)
    entity_ref: str = pydantic.Field(default="", max_length=64)
    details: AlertDetailsIn = AlertDetailsIn()

    def as_data(self) -> dict[str, Any]:
        data = self.model_dump(mode="python")
        data["details"] = self.details.model_dump(exclude_defaults=True)
        return data


class AlertReturnIn(_In):
    note: str = pydantic.Field(min_length=1, max_length=1000)


class AlertUpdateIn(_In):
    title: str | None = pydantic.Field(default=None, min_length=1, max_length=200)
    grounds: str | None = pydantic.Field(default=None, max_length=4000)
    officer_safety: str | None = pydantic.Field(default=None, max_length=1000)
    handling: Handling | None = None
    area_kind: codes.AreaKind | None = None
    area_codes: list[str] | None = pydantic.Field(default=None, max_length=50)
    details: AlertDetailsIn | None = None

    def as_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.model_dump(mode="python").items() if v is not None}
        if self.details is not None:
            data["details"] = self.details.model_dump(exclude_defaults=True)
        return data


class AlertExtendIn(_In):
    valid_until: pydantic.AwareDatetime


class AlertWithdrawIn(_In):
    reason: str = pydantic.Field(min_length=1, max_length=1000)


class AlertAcknowledgeIn(_In):
    kind: codes.AckKind
    reason: str = pydantic.Field(default="", max_length=1000)


class AlertMeasureIn(_In):
    text: str = pydantic.Field(min_length=1, max_length=2000)


class AlertDraftOut(Schema):
    uid: uuid.UUID
    type: str
    title: str
    status: str
    author: str
    grounds: str
    officer_safety: str
    handling: str
    area_kind: str
    area_codes: list[str]
    valid_from: dt.datetime
    valid_until: dt.datetime
    addressees: list[str]
    entity_ref: str
    details: dict[str, Any]
    review_note: str
    alert: uuid.UUID | None = None
    updated_at: dt.datetime


class AlertOut(Schema):
    uid: uuid.UUID
    type: str
    title: str
    required_action: str
    officer_safety: str
    status: str
    origin_agency: str
    area_kind: str
    area_codes: list[str]
    handling: str
    valid_from: dt.datetime
    valid_until: dt.datetime
    released_at: dt.datetime
    version: int
    acknowledged_by_my_agency: bool


class AlertAcknowledgementOut(Schema):
    agency: str
    name: str
    kind: str
    reason: str
    at: dt.datetime


class AlertChangeRowOut(Schema):
    seq: int
    op: str
    by_agency: str
    by_name: str
    at: dt.datetime
    body: dict[str, Any]


class AlertHitOut(Schema):
    source: str
    ref: str
    label: str
    score: float
    found_at: dt.datetime


class AlertDetail(AlertOut):
    # Absent (null) for a reader who may not see them (the frontline).
    grounds: str | None = None
    details: dict[str, Any] | None = None
    withdrawn_reason: str
    drafted_by: str
    released_by: str
    entity: dict[str, Any]
    addressees: list[str]
    acknowledgements: list[AlertAcknowledgementOut]
    history: list[AlertChangeRowOut]
    hits: list[AlertHitOut]
    home: str
    seq: int
    digest: str
