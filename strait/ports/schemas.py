"""The centres API's bounded inputs and outputs. Inputs are checked again by the actions (the
ops' bodies): an entry off the roster, a rule outside 1 to 720 hours, a negative count is a 400
or 403 naming the problem, nothing written."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema


class Names(Schema):
    ar: str = Field(max_length=200)
    es: str = Field(max_length=200)
    fr: str = Field(max_length=200)
    en: str = Field(max_length=200)


class CentreIn(Schema):
    code: str = Field(max_length=40)
    names: Names
    port: str = Field(max_length=10, description="UN/LOCODE, e.g. MAPTM")
    country: str = Field(max_length=2)
    channel: str = Field("", max_length=60)
    retention_hours: int = 48
    guests: list[str] = Field(default_factory=list, max_length=20, description="agency codes")


class PostingOut(Schema):
    uid: uuid.UUID
    agency: str
    username: str
    name: str
    role: str
    starts: dt.date
    until: dt.date | None
    ended_at: dt.datetime | None


class CentreOut(Schema):
    uid: uuid.UUID
    code: str
    name: str
    port: str
    country: str
    host_agency: str
    channel: str
    retention_hours: int
    agencies: list[str]
    home: str
    seq: int


class CentreDetailOut(CentreOut):
    postings: list[PostingOut]
    on_duty: list[uuid.UUID]


class LogEntryIn(Schema):
    kind: str = Field(max_length=20)
    text: str = Field(max_length=2000)
    at: dt.datetime | None = None


class DutyLogEntryOut(Schema):
    uid: uuid.UUID
    at: dt.datetime
    kind: str
    text: str
    agency: str
    by_user: str
    by_name: str
    incident: uuid.UUID | None


class ShiftIn(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    postings: list[uuid.UUID] = Field(max_length=50)
    handover: str = Field("", max_length=2000)


class ShiftOut(Schema):
    uid: uuid.UUID
    starts_at: dt.datetime
    ends_at: dt.datetime
    postings: list[uuid.UUID]
    handover: str


class PostingIn(Schema):
    agency: str = Field(max_length=40)
    username: str = Field(max_length=150)
    name: str = Field(max_length=200)
    role: str = Field(max_length=20)
    starts: dt.date
    until: dt.date | None = None


class RuleIn(Schema):
    retention_hours: int


class RecordIn(Schema):
    kind: str = Field(max_length=20, description="person, vehicle or document")
    uid: uuid.UUID


class IncidentIn(Schema):
    kind: str = Field(max_length=20)
    at: dt.datetime | None = None
    summary: str = Field(max_length=2000)
    terminal: str = Field("", max_length=100)
    vessel: str = Field("", max_length=100)
    rotation: str = Field("", max_length=40)
    records: list[RecordIn] = Field(default_factory=list, max_length=20)
    action_taken: str = Field("", max_length=2000)
    referral_kind: str = Field("", max_length=20)
    referral_ref: str = Field("", max_length=64)


class IncidentUpdateIn(Schema):
    action_taken: str = Field("", max_length=2000)
    referral_kind: str = Field("", max_length=20)
    referral_ref: str = Field("", max_length=64)


class InvolvedOut(Schema):
    kind: str
    label: str
    script: str = ""


class ReferralOut(Schema):
    kind: str
    label: str
    visible: bool


class IncidentOut(Schema):
    uid: uuid.UUID
    kind: str
    at: dt.datetime
    terminal: str
    vessel: str
    rotation: str
    summary: str
    entities: list[InvolvedOut]
    action_taken: str
    referral: ReferralOut | None
    agency: str
    by_name: str
    recorded_at: dt.datetime
    updated_at: dt.datetime | None


class CountsIn(Schema):
    day: dt.date
    asked: int
    answered: int
    hits: int


class SideOut(Schema):
    agency: str
    asked: int
    answered: int
    hits: int


class CountersOut(Schema):
    since: dt.date
    until: dt.date
    incidents: int
    referrals: int
    sides: list[SideOut]
