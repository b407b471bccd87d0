"""The bodies of the alert's ops, as they travel in proposals and changes.

Each body is validated when proposed and again when applied on every node, so a node never
writes a value another refused. Every text and list is bounded; nothing is a float (bodies are
hashed in canonical form: coordinates are decimals, written as text). These shapes are part of
the wire format: add optional fields, never rename.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated

import pydantic
from django.utils.translation import gettext as _

from strait.alerts import codes
from strait.markings import HandlingCode
from strait.sharing.wire import AgencyCode, Wire

Short = Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=200)]
Title = Annotated[
    str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
Grounds = Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=4000)]
Safety = Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=1000)]
Reason = Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=1000)]
PlaceCode = Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,59}$")]
Count = Annotated[int, pydantic.Field(ge=0, le=1_000_000)]
Coordinate = Annotated[Decimal, pydantic.Field(ge=-180, le=180, max_digits=9, decimal_places=6)]


class Body(Wire):
    """Strict (unknown fields and NUL refused, as every shared body) and frozen."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)


class Details(Body):
    """A type's own fields (``validation.REQUIRED`` says which a type needs)."""

    warrant_ref: Short = ""
    missing_kind: codes.MissingKind | None = None
    object_kind: codes.ObjectKind | None = None
    identifier: Short = ""
    mmsi: Annotated[str, pydantic.StringConstraints(pattern=r"^(\d{9})?$")] = ""
    imo: Annotated[str, pydantic.StringConstraints(pattern=r"^((IMO ?)?\d{7})?$")] = ""
    registration: Short = ""
    description: Annotated[
        str, pydantic.StringConstraints(strip_whitespace=True, max_length=2000)
    ] = ""
    flight_path: Annotated[
        str, pydantic.StringConstraints(strip_whitespace=True, max_length=1000)
    ] = ""
    place: Short = ""
    estimated_people: Count | None = None
    boats: Count | None = None
    direction: Short = ""
    event: Short = ""
    lat: Coordinate | None = None
    lon: Coordinate | None = None


class Name(Body):
    text: Annotated[str, pydantic.StringConstraints(max_length=300)]
    script: Annotated[str, pydantic.StringConstraints(max_length=4)] = "Latn"


class Identifier(Body):
    kind: Annotated[str, pydantic.StringConstraints(max_length=30)]
    value: Annotated[str, pydantic.StringConstraints(max_length=200)]


class Entity(Body):
    """The issuing agency's record as a snapshot: what each recipient matches against its own
    records (names in their script, identifiers)."""

    kind: Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z]{1,20}$")]
    ref: uuid.UUID
    label: Annotated[str, pydantic.StringConstraints(max_length=300)]
    script: Annotated[str, pydantic.StringConstraints(max_length=4)] = "Latn"
    names: list[Name] = pydantic.Field(default_factory=list, max_length=20)
    birth_dates: list[Annotated[str, pydantic.StringConstraints(max_length=10)]] = pydantic.Field(
        default_factory=list, max_length=5
    )
    nationalities: list[Annotated[str, pydantic.StringConstraints(pattern=r"^[A-Z]{2}$")]] = (
        pydantic.Field(default_factory=list, max_length=5)
    )
    identifiers: list[Identifier] = pydantic.Field(default_factory=list, max_length=20)


class Content(Body):
    """What an update may change (and what creation carries)."""

    title: Title
    details: Details = Details()
    grounds: Grounds = ""
    officer_safety: Safety = ""
    handling: HandlingCode
    area_kind: codes.AreaKind
    area_codes: list[PlaceCode] = pydantic.Field(default_factory=list, max_length=50)


class Create(Content):
    """The alert as released (change 1): drafts never travel."""

    type: codes.AlertType
    valid_from: pydantic.AwareDatetime
    valid_until: pydantic.AwareDatetime
    origin_agency: AgencyCode
    drafted_by: Annotated[str, pydantic.StringConstraints(max_length=150)]
    entity: Entity | None = None

    @pydantic.model_validator(mode="after")
    def _in_order(self) -> Create:
        if self.valid_until <= self.valid_from:
            raise ValueError(_("The end of validity is not after its start."))
        return self


class Update(Content):
    pass


class Announce(Body):
    """Ordered right after the creation steps, once the addressed agencies take part: each
    node tells its users and matches its records then (its ``after``)."""


class Extend(Body):
    valid_until: pydantic.AwareDatetime


class Withdraw(Body):
    reason: Annotated[
        str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)
    ]


class Acknowledge(Body):
    uid: uuid.UUID
    agency: AgencyCode  # the acknowledging agency: only it answers for itself
    kind: codes.AckKind
    reason: Reason = ""

    @pydantic.model_validator(mode="after")
    def _reason_when_cannot_act(self) -> Acknowledge:
        if self.kind == codes.AckKind.CANNOT_ACT and not self.reason:
            raise ValueError(_("Say why your agency cannot act."))
        return self


class AddMeasure(Body):
    """A measure one side took, for the rapid-reaction log (the change itself is the record)."""

    uid: uuid.UUID
    agency: AgencyCode
    text: Annotated[
        str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)
    ]
