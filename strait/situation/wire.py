"""The bodies of the situation picture's ops, as they travel in proposals and changes.

Validated when proposed (on the proposer's node) and again when applied (on every node). No
floats (bodies are hashed in canonical form): degrees are decimals with six places, a place
outside the map's area is refused with the box named. These shapes are part of the wire format:
add optional fields, never rename.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated

import pydantic
from django.utils.translation import gettext as _

from strait.sharing.wire import Wire
from strait.situation import codes

AgencyCode = Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
SegmentCode = Annotated[str, pydantic.StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,39}$")]
SixPlaces = Decimal("0.000001")


def _lat(value: Decimal) -> Decimal:
    if not value.is_finite() or not codes.MAP_SOUTH <= value <= codes.MAP_NORTH:
        raise ValueError(
            _("Outside the map's area: the latitude must be between %(south)s and %(north)s.")
            % {"south": codes.MAP_SOUTH, "north": codes.MAP_NORTH}
        )
    return value.quantize(SixPlaces)


def _lon(value: Decimal) -> Decimal:
    if not value.is_finite() or not codes.MAP_WEST <= value <= codes.MAP_EAST:
        raise ValueError(
            _("Outside the map's area: the longitude must be between %(west)s and %(east)s.")
            % {"west": codes.MAP_WEST, "east": codes.MAP_EAST}
        )
    return value.quantize(SixPlaces)


Lat = Annotated[Decimal, pydantic.AfterValidator(_lat)]
Lon = Annotated[Decimal, pydantic.AfterValidator(_lon)]
Name = Annotated[
    str, pydantic.StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
]
Text = Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=1000)]


class Body(Wire):
    """Strict (unknown fields and NUL refused, as every shared body) and frozen."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)


class Create(Body):
    title: Name


class Point(Body):
    lat: Lat
    lon: Lon


class Names(Body):
    """The segment's name in the four languages of the pages."""

    ar: Name
    es: Name
    fr: Name
    en: Name


class AddSegment(Body):
    uid: uuid.UUID
    code: SegmentCode
    names: Names
    shape: codes.Shape
    points: list[Point] = pydantic.Field(min_length=2, max_length=500)
    agency: AgencyCode  # the owner: only it adds its segments and sets their level

    @pydantic.model_validator(mode="after")
    def _enough_points(self) -> AddSegment:
        if self.shape == codes.Shape.POLYGON and len(self.points) < 3:
            raise ValueError(_("An area needs at least three points."))
        return self


class SetLevel(Body):
    segment: SegmentCode
    level: codes.Level
    # What the owner does about it, beyond the response the level requires.
    measures: Text = ""


class ReportCrossing(Body):
    uid: uuid.UUID
    agency: AgencyCode  # the reporting agency: each reports its own side
    # With its offset: a time without one would be read in each node's own zone.
    at: pydantic.AwareDatetime
    lat: Lat
    lon: Lon
    people: int = pydantic.Field(ge=0, le=100_000)
    boat: codes.Boat
    outcome: codes.Outcome
    segment: SegmentCode | None = None
    place: Annotated[str, pydantic.StringConstraints(strip_whitespace=True, max_length=200)] = ""
