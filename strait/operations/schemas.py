"""The JSON shapes of joint operations in the API: bounded inputs (unknown fields refused), and
the operation as a member reads it. Values an op refuses (a negative figure, a date in the
future, an entity not in the operation) are the action's to refuse, with the same message as on
the page."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Literal

import pydantic
from ninja import Schema

from strait.operations import codes

Handling = Literal["H0", "H1", "H2", "H3"]


class _In(Schema):
    model_config = pydantic.ConfigDict(extra="forbid")


class ParticipantIn(_In):
    agency: str = pydantic.Field(max_length=40)
    role: Literal["participant", "observer"] = "participant"


class OperationIn(_In):
    code_name: str = pydantic.Field(min_length=1, max_length=100)
    crime_area: codes.CrimeArea
    legal_basis: str = pydantic.Field(min_length=1, max_length=500)
    purpose: str = pydantic.Field(min_length=1, max_length=2000)
    ceiling: Handling = "H1"
    status: codes.Status = codes.Status.PREPARATION
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    participants: list[ParticipantIn] = pydantic.Field(default_factory=list, max_length=50)


class UpdateIn(_In):
    status: codes.Status
    purpose: str = pydantic.Field(min_length=1, max_length=2000)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


class ShareIn(_In):
    kind: codes.EntityKind
    record: uuid.UUID
    handling: Handling | Literal[""] = ""


class EntityRefIn(_In):
    entity: uuid.UUID


class RelationIn(_In):
    source: uuid.UUID
    target: uuid.UUID
    kind: codes.RelationKind
    source_text: str = pydantic.Field(default="", max_length=300)
    evaluation: str = pydantic.Field(default="", max_length=2)
    observed_on: dt.date | None = None


class RelationRefIn(_In):
    relation: uuid.UUID


class TimelineIn(_In):
    kind: codes.TimelineKind
    at: pydantic.AwareDatetime = pydantic.Field(description="With its offset: 2014-06-01T10:00:00Z")
    text: str = pydantic.Field(min_length=1, max_length=2000)
    entities: list[uuid.UUID] = pydantic.Field(default_factory=list, max_length=50)


class TaskIn(_In):
    title: str = pydantic.Field(min_length=1, max_length=300)
    owner_agency: str = pydantic.Field(max_length=40)
    owner_username: str = pydantic.Field(default="", max_length=150)
    due_on: dt.date | None = None


class TaskStatusIn(_In):
    task: uuid.UUID
    status: codes.TaskStatus


class NoteIn(_In):
    text: str = pydantic.Field(min_length=1, max_length=5000)


class ThreadIn(_In):
    thread: uuid.UUID


class OutcomeIn(_In):
    kind: codes.OutcomeKind
    on: dt.date
    country: str = pydantic.Field(max_length=2)
    place: str = pydantic.Field(default="", max_length=200)
    count: int = pydantic.Field(default=0, le=10**9)
    crime_category: codes.CrimeArea | None = None
    nationality: str | None = pydantic.Field(default=None, max_length=2)
    seizure_type: codes.SeizureType | None = None
    drug_type: codes.DrugType | None = None
    kilograms: Decimal | None = pydantic.Field(default=None, max_digits=15, decimal_places=3)
    amount_eur: Decimal | None = pydantic.Field(default=None, max_digits=15, decimal_places=2)
    quantity: int | None = pydantic.Field(default=None, le=10**9)


class CorrectOutcomeIn(OutcomeIn):
    outcome: uuid.UUID


class CeilingIn(_In):
    handling: Handling


class AgencyRefIn(_In):
    agency: str = pydantic.Field(max_length=40)


class MemberIn(_In):
    """A colleague of the caller's agency, by username."""

    username: str = pydantic.Field(min_length=1, max_length=150)


class MemberRefIn(_In):
    agency: str = pydantic.Field(max_length=40)
    username: str = pydantic.Field(min_length=1, max_length=150)


# What the API answers.


class OperationOut(Schema):
    uid: uuid.UUID
    code_name: str
    crime_area: str
    status: str
    lead: str
    home: str
    ceiling: str
    seq: int
    digest: str
    created_at: dt.datetime


class ParticipantOut(Schema):
    agency: str
    node: str
    role: str


class MemberOut(Schema):
    agency: str
    username: str
    name: str


class SharedEntityOut(Schema):
    uid: uuid.UUID
    kind: str
    label: str
    script: str
    details: dict[str, object]
    handling: str
    owner_agency: str
    shared_at: dt.datetime


class RelationOut(Schema):
    uid: uuid.UUID
    source: uuid.UUID
    target: uuid.UUID
    kind: str
    source_text: str
    evaluation: str
    observed_on: dt.date | None
    by_agency: str


class TimelineOut(Schema):
    uid: uuid.UUID
    kind: str
    at: dt.datetime
    text: str
    entities: list[uuid.UUID]
    by_agency: str
    by_name: str


class TaskOut(Schema):
    uid: uuid.UUID
    title: str
    owner_agency: str
    owner_username: str
    due_on: dt.date | None
    status: str


class NoteOut(Schema):
    uid: uuid.UUID
    text: str
    by_agency: str
    by_name: str
    at: dt.datetime


class ThreadOut(Schema):
    """A thread of the operation; ``subject`` only when the caller's agency may read it."""

    uid: uuid.UUID
    thread: uuid.UUID
    subject: str | None
    by_agency: str
    at: dt.datetime


class OutcomeOut(Schema):
    uid: uuid.UUID
    agency: str
    country: str
    kind: str
    on: dt.date
    place: str
    count: int
    crime_category: str
    nationality: str
    seizure_type: str
    drug_type: str
    kilograms: Decimal | None
    amount_eur: Decimal | None
    quantity: int | None
    corrected_at: dt.datetime | None


class PendingOut(Schema):
    uid: uuid.UUID
    op: str
    created_at: dt.datetime


class OperationDetail(OperationOut):
    legal_basis: str
    purpose: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    role: str | None
    participants: list[ParticipantOut]
    members: list[MemberOut]
    entities: list[SharedEntityOut]
    relations: list[RelationOut]
    timeline: list[TimelineOut]
    tasks: list[TaskOut]
    notes: list[NoteOut]
    threads: list[ThreadOut]
    outcomes: list[OutcomeOut]
    pending: list[PendingOut]
    # How many entities, relations and events there are in all: the lists above hold the first
    # page of each; the rest from GET /{uid}/entities, /relations, /timeline?page=N.
    counts: dict[str, int]


class _Page(Schema):
    count: int
    page: int
    has_next: bool


class EntitiesPage(_Page):
    items: list[SharedEntityOut]


class RelationsPage(_Page):
    items: list[RelationOut]


class TimelinePage(_Page):
    items: list[TimelineOut]
