"""The events API's bounded inputs and outputs. Inputs are checked again by the actions (the
ops' bodies): a venue outside the host countries or an empty log entry is a 400 naming the
field."""

from __future__ import annotations

import datetime as dt
import uuid

from ninja import Field, Schema


class Texts(Schema):
    ar: str = Field("", max_length=4000)
    es: str = Field("", max_length=4000)
    fr: str = Field("", max_length=4000)
    en: str = Field("", max_length=4000)


class EventSummaryOut(Schema):
    uid: uuid.UUID
    code: str
    name: str
    hosts: list[str]
    starts: dt.date
    ends: dt.date
    lead: str


class VenueOut(Schema):
    code: str
    name: str
    kind: str
    city: str
    country: str
    lat: float
    lon: float
    capacity: int | None


class FixtureOut(Schema):
    uid: uuid.UUID
    home_team: str
    away_team: str
    venue: str
    kick_off: dt.datetime
    risk: str
    reason: str


class LiaisonOut(Schema):
    agency: str
    country: str
    name: str
    seat: str
    starts: dt.date
    ends: dt.date


class ThreatOut(Schema):
    label: str
    visible: bool
    url: str | None


class EventOut(EventSummaryOut):
    seq: int
    digest: str
    nodes: dict[str, list[str]]
    venues: list[VenueOut]
    fixtures: list[FixtureOut]
    liaisons: list[LiaisonOut]
    threats: list[ThreatOut]


class CentreLogEntryOut(Schema):
    uid: uuid.UUID
    agency: str
    at: dt.datetime
    source: str
    information: str
    assessment: str
    passed_to: list[str]
    passed_at: dt.datetime | None
    fixture: uuid.UUID | None
    by_name: str


class LogIn(Schema):
    at: dt.datetime
    source: str = Field(max_length=20)
    information: str = Field(max_length=2000)
    assessment: str = Field("", max_length=1000)
    passed_to: list[str] = Field(default_factory=list, max_length=20)
    passed_at: dt.datetime | None = None
    fixture: uuid.UUID | None = None


class VenueIn(Schema):
    code: str = Field(max_length=40)
    names: Texts
    kind: str = Field(max_length=20)
    city: str = Field(max_length=100)
    country: str = Field(max_length=2)
    lat: float
    lon: float
    capacity: int | None = None


class AssessIn(Schema):
    risk: str = Field(max_length=10)
    text: str = Field(max_length=2000)


class EntryOut(Schema):
    uid: uuid.UUID
    kind: str
    topics: list[str]
    titles: dict[str, str]
    texts: dict[str, str]
    event_name: str
    agency: str
    at: dt.datetime


class EventIn(Schema):
    code: str = Field(max_length=40)
    names: Texts
    hosts: list[str] = Field(max_length=3)
    starts: dt.date
    ends: dt.date
    participants: list[str] = Field(
        default_factory=list, max_length=50, description="Agency codes taking part"
    )


class FixtureIn(Schema):
    home_team: str = Field(max_length=100)
    away_team: str = Field(max_length=100)
    venue: str = Field(max_length=40, description="The venue's code")
    kick_off: dt.datetime
    risk: str = Field(max_length=10)
    reason: str = Field("", max_length=1000)


class LiaisonIn(Schema):
    name: str = Field(max_length=200)
    seat: str = Field("", max_length=100)
    starts: dt.date
    ends: dt.date


class EntryIn(Schema):
    kind: str = Field(max_length=20)
    topics: list[str] = Field(max_length=20)
    titles: Texts
    texts: Texts
    event: uuid.UUID | None = Field(None, description="The event it comes from, if any")


class AfterActionIn(Schema):
    summary: Texts
    went_well: Texts | None = None
    to_improve: Texts | None = None
    spectators: int | None = None
    arrests: int | None = None
    incidents: int | None = None


class RiskIn(Schema):
    risk: str = Field(max_length=10, description="low, medium, high or very_high")
    reason: str = Field("", max_length=1000)


class LinkAlertIn(Schema):
    alert: uuid.UUID = Field(description="An event-threat alert you can see")
    note: str = Field("", max_length=300)


class LinkKnowledgeIn(Schema):
    entry: uuid.UUID = Field(description="An entry of the knowledge base you read")


class KnowledgeBaseIn(Schema):
    title: str = Field(max_length=200)
    participants: list[str] = Field(
        default_factory=list, max_length=50, description="Agency codes it is shared with"
    )


class KnowledgeBaseOut(Schema):
    uid: uuid.UUID
    title: str
    lead: str
