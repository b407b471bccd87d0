"""The bodies of the events' ops, as they travel in proposals and changes.

Validated when proposed (on the proposer's node) and again when applied (on every node). No
floats (bodies are hashed in canonical form): degrees are decimals with six places. A venue
outside the host countries is refused here with the country named (the event's own hosts are
checked in ``validation``). These shapes are part of the wire format: add optional fields,
never rename.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated

import pydantic
from django.utils.translation import gettext as _

from strait.events import codes, territory
from strait.sharing.wire import AgencyCode, Wire

SixPlaces = Decimal("0.000001")
Code = Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
Country = Annotated[str, pydantic.StringConstraints(pattern=r"^(MA|ES|PT)$")]
Name = Annotated[
    str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
Short = Annotated[
    str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=100)
]
Text = Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=1000)]
Information = Annotated[
    str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)
]
LongText = Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=4000)]


class Body(Wire):
    """Strict (unknown fields and NUL refused, as every shared body) and frozen."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)


class Texts(Body):
    """One text in up to four languages; at least one written."""

    ar: LongText = ""
    es: LongText = ""
    fr: LongText = ""
    en: LongText = ""

    @pydantic.model_validator(mode="after")
    def _one_written(self) -> Texts:
        if not (self.ar or self.es or self.fr or self.en):
            raise ValueError(_("Write the text in at least one language."))
        return self


class CreateEvent(Body):
    code: Code
    names: Texts
    hosts: list[Country] = pydantic.Field(min_length=1, max_length=3)
    starts: dt.date
    ends: dt.date

    @pydantic.model_validator(mode="after")
    def _dates(self) -> CreateEvent:
        if self.ends < self.starts:
            raise ValueError(_("The last day comes before the first."))
        if len(set(self.hosts)) != len(self.hosts):
            raise ValueError(_("A host country is named twice."))
        return self


class AddVenue(Body):
    uid: uuid.UUID
    code: Code
    names: Texts
    kind: codes.VenueKind
    city: Short
    country: Country
    lat: Decimal
    lon: Decimal
    capacity: int | None = pydantic.Field(default=None, ge=0, le=500_000)
    agency: AgencyCode  # the agency that adds it (its own country's venues)

    @pydantic.field_validator("lat", "lon")
    @classmethod
    def _degrees(cls, value: Decimal) -> Decimal:
        if not value.is_finite() or abs(value) > 180:
            raise ValueError(_("Give degrees, for example 35.7473."))
        return value.quantize(SixPlaces)

    @pydantic.model_validator(mode="after")
    def _inside(self) -> AddVenue:
        if not territory.in_country(self.country, float(self.lat), float(self.lon)):
            raise ValueError(
                _("The place (%(lat)s, %(lon)s) is not inside %(country)s.")
                % {
                    "lat": self.lat,
                    "lon": self.lon,
                    "country": codes.COUNTRY_NAMES.get(self.country, self.country),
                }
            )
        return self


class AddFixture(Body):
    uid: uuid.UUID
    home_team: Short
    away_team: Short
    venue: Code
    kick_off: pydantic.AwareDatetime
    risk: codes.Risk
    reason: Text = ""


class SetRisk(Body):
    fixture: uuid.UUID
    risk: codes.Risk
    reason: Text = ""


class PostLiaison(Body):
    uid: uuid.UUID
    agency: AgencyCode  # own agency only: each posts its own officers
    name: Name
    seat: Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=100)] = ""
    starts: dt.date
    ends: dt.date

    @pydantic.model_validator(mode="after")
    def _dates(self) -> PostLiaison:
        if self.ends < self.starts:
            raise ValueError(_("The last day comes before the first."))
        return self


class LogInformation(Body):
    uid: uuid.UUID
    agency: AgencyCode  # own agency only
    at: pydantic.AwareDatetime
    source: codes.Source
    information: Information
    assessment: Text = ""
    passed_to: list[AgencyCode] = pydantic.Field(default_factory=list, max_length=20)
    passed_at: pydantic.AwareDatetime | None = None
    fixture: uuid.UUID | None = None


class Assess(Body):
    uid: uuid.UUID
    agency: AgencyCode  # own agency only
    fixture: uuid.UUID
    risk: codes.Risk
    text: Information


class LinkAlert(Body):
    alert: uuid.UUID
    agency: AgencyCode
    note: Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=300)] = ""


class LinkKnowledge(Body):
    entry: uuid.UUID


class AfterAction(Body):
    agency: AgencyCode
    summary: Texts
    went_well: Texts | None = None
    to_improve: Texts | None = None
    spectators: int | None = pydantic.Field(default=None, ge=0, le=100_000_000)
    arrests: int | None = pydantic.Field(default=None, ge=0, le=1_000_000)
    incidents: int | None = pydantic.Field(default=None, ge=0, le=1_000_000)


class CreateKnowledge(Body):
    title: Name


class AddEntry(Body):
    uid: uuid.UUID
    agency: AgencyCode  # own agency only
    kind: codes.EntryKind
    topics: list[codes.Topic] = pydantic.Field(min_length=1, max_length=len(codes.Topic))
    titles: Texts
    texts: Texts
    event: uuid.UUID | None = None
    event_name: Annotated[
        str, pydantic.StringConstraints(strip_whitespace=True, max_length=200)
    ] = ""
