"""The governance API's bounded inputs and outputs."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from ninja import Field, Schema

from strait.governance.models import Body


class BodyOut(Schema):
    uid: uuid.UUID
    code: str
    name: str
    names: dict[str, str]
    kind: str
    area: str
    founded_on: dt.date
    cadence: str
    cadence_months: int | None
    co_chairs: list[str]
    home: str

    @classmethod
    def of(cls, body: Body) -> BodyOut:
        return cls(
            uid=body.obj.uid,
            code=body.code,
            name=body.name,
            names={"ar": body.name_ar, "es": body.name_es, "fr": body.name_fr, "en": body.name_en},
            kind=body.kind,
            area=body.area,
            founded_on=body.founded_on,
            cadence=body.cadence,
            cadence_months=body.cadence_months,
            co_chairs=list(body.co_chairs),
            home=body.obj.home,
        )


Texts = dict[str, str]


class ParentOut(Schema):
    uid: uuid.UUID
    name: str


class MeetingOut(Schema):
    uid: uuid.UUID
    body: uuid.UUID
    title: Texts
    starts_on: dt.date
    ends_on: dt.date | None
    place: str
    status: str
    minutes_version: int


class AttendeeOut(Schema):
    agency: str
    name: str
    position: str
    head: bool


class SignatureOut(Schema):
    version: int
    digest: str
    agency: str
    node: str
    chair: str
    key_id: str
    signature: str
    signed_at: dt.datetime
    valid: bool
    void: bool


class MeetingDetail(MeetingOut):
    attendees: list[AttendeeOut]
    agenda: list[Texts]
    decisions: list[Texts]
    minutes: Texts
    digest: str
    signatures: list[SignatureOut]
    fully_signed: bool


class EvidenceOut(Schema):
    uid: uuid.UUID
    kind: str
    ref: str
    note: str
    by_agency: str
    added_at: dt.datetime
    label: str
    visible: bool


class ActionOut(Schema):
    uid: uuid.UUID
    recommendation: uuid.UUID
    title: Texts
    owner_agency: str
    co_owner_agency: str
    deadline: dt.date
    status: str
    drop_reason: str
    done_on: dt.date | None
    days_late: int
    evidence: list[EvidenceOut]


class RecommendationOut(Schema):
    uid: uuid.UUID
    body: uuid.UUID
    meeting: uuid.UUID | None
    number: str
    texts: Texts
    by_agency: str


class RecommendationDetail(RecommendationOut):
    actions: list[ActionOut]


class BodyDetail(BodyOut):
    mandate: str
    status: str
    warn_months: int | None
    members: list[str]
    parent: ParentOut | None
    children: list[ParentOut]
    meetings: list[MeetingOut]
    recommendations: list[RecommendationOut]


# Inputs: bounded here; the op's wire shape and check decide the rest (and name the field).

Short = Annotated[str, Field(max_length=200)]
Long = Annotated[str, Field(max_length=4000)]
TextsIn = Annotated[dict[Literal["ar", "es", "fr", "en"], Long], Field(max_length=4)]


class BodyIn(Schema):
    code: Annotated[str, Field(max_length=60)]
    name_ar: Short
    name_es: Short
    name_fr: Short = ""
    name_en: Short = ""
    kind: str
    area: str = "general"
    parent_uid: uuid.UUID | None = None
    co_chairs: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=4)]
    members: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=50)] = []
    mandate: Long = ""
    founded_on: dt.date
    cadence: str
    cadence_months: int | None = None
    warn_months: int | None = None


class BodyUpdateIn(Schema):
    """The fields to change; those left out keep their value."""

    name_ar: Short | None = None
    name_es: Short | None = None
    name_fr: Short | None = None
    name_en: Short | None = None
    kind: str | None = None
    area: str | None = None
    parent_uid: uuid.UUID | None = None
    co_chairs: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=4)] | None = (
        None
    )
    mandate: Long | None = None
    founded_on: dt.date | None = None
    cadence: str | None = None
    cadence_months: int | None = None
    warn_months: int | None = None


class MeetingIn(Schema):
    starts_on: dt.date
    place: Short
    ends_on: dt.date | None = None
    title: TextsIn | None = None
    status: str = "scheduled"


class AttendeeIn(Schema):
    agency: Annotated[str, Field(max_length=40)]
    name: Short
    position: Short = ""
    head: bool = False


class AttendeesIn(Schema):
    attendees: Annotated[list[AttendeeIn], Field(max_length=200)]


class AgendaIn(Schema):
    items: Annotated[list[TextsIn], Field(max_length=100)]


class MeetingDecisionIn(Schema):
    texts: TextsIn


class MinutesIn(Schema):
    language: Literal["ar", "es", "fr", "en"]
    text: Annotated[str, Field(max_length=40_000)]


class RecommendationIn(Schema):
    texts: TextsIn
    number: Annotated[str, Field(max_length=20)] = ""
    meeting: uuid.UUID | None = None


class ActionIn(Schema):
    title: TextsIn
    owner_agency: Annotated[str, Field(max_length=40)] = ""
    co_owner_agency: Annotated[str, Field(max_length=40)] = ""
    deadline: dt.date


class ActionStatusIn(Schema):
    status: str
    reason: Annotated[str, Field(max_length=2000)] = ""
    done_on: dt.date | None = None


class EvidenceIn(Schema):
    kind: str
    ref: Annotated[str, Field(max_length=300)]
    note: Annotated[str, Field(max_length=500)] = ""


class StatementIn(Schema):
    fmt: Literal["json", "pdf"] = "json"
