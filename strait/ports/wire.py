"""The bodies of the centre's ops, as they travel in proposals and changes.

Validated when proposed (on the proposer's node) and again when applied (on every node). No
floats (bodies are hashed in canonical form). These shapes are part of the wire format: add
optional fields, never rename.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import pydantic
from django.utils.translation import gettext as _

from strait.ports import codes
from strait.sharing.wire import Wire

AgencyCode = Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
CentreCode = Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,39}$")]
Name = Annotated[
    str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
Short = Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=100)]
Text = Annotated[
    str,
    pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=codes.LOG_TEXT_MAX),
]
OptionalText = Annotated[
    str, pydantic.StringConstraints(strip_whitespace=True, max_length=codes.LOG_TEXT_MAX)
]
Username = Annotated[
    str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=150)
]
Count = Annotated[int, pydantic.Field(ge=0, le=10_000_000)]


class Body(Wire):
    """Strict (unknown fields and NUL refused, as every shared body) and frozen."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)


class Names(Body):
    """The centre's name in the four languages of the pages."""

    ar: Name
    es: Name
    fr: Name
    en: Name


class Create(Body):
    code: CentreCode
    names: Names
    port: Annotated[str, pydantic.StringConstraints(pattern=r"^[A-Z]{2}[A-Z0-9]{3}$")]
    country: Annotated[str, pydantic.StringConstraints(pattern=r"^[A-Z]{2}$")]
    host_agency: AgencyCode
    channel: Annotated[str, pydantic.StringConstraints(max_length=60)] = ""
    retention_hours: int = pydantic.Field(
        default=48, ge=codes.RETENTION_MIN_HOURS, le=codes.RETENTION_MAX_HOURS
    )


class SetRule(Body):
    retention_hours: int = pydantic.Field(
        ge=codes.RETENTION_MIN_HOURS, le=codes.RETENTION_MAX_HOURS
    )


class PostAgent(Body):
    uid: uuid.UUID
    agency: AgencyCode
    username: Username
    name: Name
    role: codes.PostingRole
    starts: dt.date
    until: dt.date | None = None

    @pydantic.model_validator(mode="after")
    def _in_order(self) -> PostAgent:
        if self.until is not None and self.until < self.starts:
            raise ValueError(_("A posting cannot end before it starts."))
        return self


class EndPosting(Body):
    posting: uuid.UUID


class AddShift(Body):
    uid: uuid.UUID
    # With their offset: a time without one would be read in each node's own zone.
    starts_at: pydantic.AwareDatetime
    ends_at: pydantic.AwareDatetime
    postings: list[uuid.UUID] = pydantic.Field(min_length=1, max_length=50)
    handover: OptionalText = ""

    @pydantic.model_validator(mode="after")
    def _in_order(self) -> AddShift:
        if self.ends_at <= self.starts_at:
            raise ValueError(_("A shift must end after it starts."))
        if self.ends_at - self.starts_at > dt.timedelta(hours=codes.SHIFT_MAX_HOURS):
            raise ValueError(
                _("A shift lasts at most %(hours)s hours.") % {"hours": codes.SHIFT_MAX_HOURS}
            )
        if len(set(self.postings)) != len(self.postings):
            raise ValueError(_("An agent is on a shift once."))
        return self


class LogEntry(Body):
    uid: uuid.UUID
    at: pydantic.AwareDatetime
    kind: codes.LogKind
    text: Text
    agency: AgencyCode  # the writer's own agency


class Identifier(Body):
    kind: Annotated[str, pydantic.StringConstraints(max_length=40)]
    value: Annotated[str, pydantic.StringConstraints(max_length=200)]


class EntityName(Body):
    text: Annotated[str, pydantic.StringConstraints(max_length=300)]
    script: Annotated[str, pydantic.StringConstraints(max_length=20)] = ""


class EntityDetails(Body):
    names: list[EntityName] = pydantic.Field(default_factory=list, max_length=20)
    birth_dates: list[Annotated[str, pydantic.StringConstraints(max_length=10)]] = pydantic.Field(
        default_factory=list, max_length=5
    )
    nationalities: list[Annotated[str, pydantic.StringConstraints(pattern=r"^[A-Z]{2}$")]] = (
        pydantic.Field(default_factory=list, max_length=5)
    )
    identifiers: list[Identifier] = pydantic.Field(default_factory=list, max_length=20)


class Involved(Body):
    """A person, vehicle or document of the recording agency's own records, as a snapshot."""

    kind: codes.EntityKind
    label: Annotated[
        str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=300)
    ]
    script: Annotated[str, pydantic.StringConstraints(max_length=20)] = ""
    details: EntityDetails = EntityDetails()
    source_ref: Annotated[str, pydantic.StringConstraints(max_length=64)] = ""


class Referral(Body):
    kind: codes.ReferralKind
    ref: Annotated[str, pydantic.StringConstraints(max_length=64)]


class RecordIncident(Body):
    uid: uuid.UUID
    # The duty log entry that records it (the incident shows in the shared log).
    entry: uuid.UUID
    kind: codes.IncidentType
    at: pydantic.AwareDatetime
    terminal: Short = ""
    vessel: Short = ""
    rotation: Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=40)] = ""
    summary: Text
    entities: list[Involved] = pydantic.Field(
        default_factory=list, max_length=codes.INCIDENT_ENTITIES_MAX
    )
    action_taken: OptionalText = ""
    referral: Referral | None = None
    agency: AgencyCode  # the recording agency's own


class UpdateIncident(Body):
    incident: uuid.UUID
    action_taken: OptionalText = ""
    referral: Referral | None = None
    agency: AgencyCode  # only the recording agency updates its incident


class ReportCounts(Body):
    """One side's screening counts of a day (asked and answered by this side, hits)."""

    agency: AgencyCode
    day: dt.date
    asked: Count
    answered: Count
    hits: Count


def dump(body: pydantic.BaseModel) -> dict[str, Any]:
    return body.model_dump(mode="json")
