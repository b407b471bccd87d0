"""The bodies of the operation's ops, as they travel in proposals and changes.

Each body is validated when proposed (on the proposer's node) and again when applied (on every
node), so a node never writes a value another node refused. Every text and list is bounded.
These shapes are part of the wire format: add optional fields, never rename.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated

import pydantic
from django.utils.translation import gettext as _

from strait.markings import HandlingCode
from strait.operations import codes
from strait.sharing.wire import Wire

AgencyCode = Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
CountryCode = Annotated[str, pydantic.StringConstraints(pattern=r"^[A-Z]{2}$")]
Text = Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=300)]


class Body(Wire):
    """Strict (unknown fields and NUL refused, as every shared body) and frozen."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)


class Create(Body):
    code_name: Annotated[
        str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
    ]
    crime_area: codes.CrimeArea
    legal_basis: Annotated[
        str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=500)
    ]
    purpose: Annotated[
        str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)
    ]
    status: codes.Status = codes.Status.PREPARATION
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None

    @pydantic.model_validator(mode="after")
    def _dates_in_order(self) -> Create:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError(_("The end is before the start."))
        return self


class Update(Body):
    status: codes.Status
    purpose: Annotated[
        str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)
    ]
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None

    @pydantic.model_validator(mode="after")
    def _dates_in_order(self) -> Update:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValueError(_("The end is before the start."))
        return self


class Name(Body):
    text: Annotated[str, pydantic.StringConstraints(max_length=300)]
    script: codes.Script = codes.Script.LATIN


class Identifier(Body):
    kind: Annotated[str, pydantic.StringConstraints(max_length=30)]
    value: Annotated[str, pydantic.StringConstraints(max_length=200)]


class EntityDetails(Body):
    """The owner's snapshot of its record: what the other participants may read of it."""

    names: list[Name] = pydantic.Field(default_factory=list, max_length=20)
    birth_dates: list[Annotated[str, pydantic.StringConstraints(max_length=10)]] = pydantic.Field(
        default_factory=list, max_length=5
    )
    nationalities: list[CountryCode] = pydantic.Field(default_factory=list, max_length=5)
    identifiers: list[Identifier] = pydantic.Field(default_factory=list, max_length=20)


class ShareEntity(Body):
    uid: uuid.UUID
    kind: codes.EntityKind
    label: Annotated[
        str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=300)
    ]
    script: codes.Script = codes.Script.LATIN
    details: EntityDetails = EntityDetails()
    handling: HandlingCode
    agency: AgencyCode  # the owner: only it shares its records
    source_ref: Annotated[str, pydantic.StringConstraints(max_length=64)] = ""


class WithdrawEntity(Body):
    entity: uuid.UUID


class AddRelation(Body):
    uid: uuid.UUID
    source: uuid.UUID
    target: uuid.UUID
    kind: codes.RelationKind
    source_text: Text = ""
    evaluation: Annotated[str, pydantic.StringConstraints(pattern=r"^([A-D][1-4])?$")] = ""
    observed_on: dt.date | None = None

    @pydantic.model_validator(mode="after")
    def _two_ends(self) -> AddRelation:
        if self.source == self.target:
            raise ValueError(_("A relation joins two different entities."))
        return self


class RemoveRelation(Body):
    relation: uuid.UUID


class AddTimeline(Body):
    uid: uuid.UUID
    kind: codes.TimelineKind
    # With its offset: a time without one would be read in each node's own zone.
    at: pydantic.AwareDatetime
    text: Annotated[
        str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)
    ]
    entities: list[uuid.UUID] = pydantic.Field(default_factory=list, max_length=50)


class AddTask(Body):
    uid: uuid.UUID
    title: Annotated[
        str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=300)
    ]
    owner_agency: AgencyCode
    owner_username: Annotated[str, pydantic.StringConstraints(max_length=150)] = ""
    due_on: dt.date | None = None


class SetTaskStatus(Body):
    task: uuid.UUID
    status: codes.TaskStatus


class AddNote(Body):
    uid: uuid.UUID
    text: Annotated[
        str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)
    ]


class LinkThread(Body):
    uid: uuid.UUID
    thread: uuid.UUID


class OutcomeFigures(Body):
    """What an outcome says; recorded and corrected alike. Nothing negative."""

    country: CountryCode
    kind: codes.OutcomeKind
    on: dt.date
    place: Text = ""
    count: int = pydantic.Field(default=0, ge=0, le=1_000_000)
    crime_category: codes.CrimeArea | None = None
    nationality: CountryCode | None = None
    seizure_type: codes.SeizureType | None = None
    drug_type: codes.DrugType | None = None
    kilograms: Decimal | None = pydantic.Field(
        default=None, ge=0, le=Decimal("999999999"), max_digits=12, decimal_places=3
    )
    amount_eur: Decimal | None = pydantic.Field(
        default=None, ge=0, le=Decimal("999999999999"), max_digits=14, decimal_places=2
    )
    quantity: int | None = pydantic.Field(default=None, ge=0, le=1_000_000)


class RecordOutcome(OutcomeFigures):
    uid: uuid.UUID
    agency: AgencyCode  # the agency whose territory: only it records its outcomes


class CorrectOutcome(OutcomeFigures):
    outcome: uuid.UUID
