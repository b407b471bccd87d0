"""Every write to the situation picture: each action requires its permission, builds the op's
body (validated by its ``wire`` shape: a place outside the map, a negative number… is a
``Refused`` naming its field, nothing sent) and hands it to ``strait.sharing``: ``create`` on
this node, the home, or ``propose`` (ordered at once on the home, otherwise sent there).

Callable from pages, the API, the demo and scripts alike: a user and plain values.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pydantic
from django.utils.translation import gettext as _

from strait.permissions import Permission, require
from strait.refusals import Refused, problems_of
from strait.sharing import actions as sharing
from strait.sharing import queries as shared_objects
from strait.sharing.models import Change, ParticipantRole, Proposal
from strait.situation import ops, wire
from strait.situation.models import Picture

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.agencies.models import Agency


class InvalidInput(Refused):
    """A value the op's body does not take (outside the map, negative, unknown code…): one
    problem per field, nothing sent."""

    code = "invalid"


class PictureExists(Refused):
    """There is one situation picture of the Strait: a second one is refused."""

    code = "picture_exists"


def _body(body_type: type[wire.Body], /, **values: Any) -> dict[str, Any]:
    """The op's body as it travels (JSON: decimals and times as text), or ``InvalidInput``."""
    try:
        body = body_type.model_validate(values)
    except pydantic.ValidationError as exc:
        raise InvalidInput(_("Some values are not valid."), problems=problems_of(exc)) from None
    return body.model_dump(mode="json")


def _propose(user: User, picture: Picture, name: str, body: dict[str, Any]) -> Change | Proposal:
    require(user, Permission.SITUATION_WRITE)
    return sharing.propose(user, picture.obj, name, body)


def open_picture(
    user: User, *, title: str, participants: Iterable[tuple[Agency, str]] = ()
) -> Picture:
    """The one picture of the Strait, with this node as its home and the user's agency as its
    lead; the other agencies take part with their roles (participant, observer)."""
    require(user, Permission.SITUATION_WRITE)
    if shared_objects.visible(user, ops.KIND).exists():
        raise PictureExists(_("The situation picture is already open."))
    body = _body(wire.Create, title=title)
    others = [(a, str(ParticipantRole(r))) for a, r in participants if a.pk != user.agency_id]
    obj = sharing.create(
        user, ops.KIND, create_op=ops.CREATE, body=body, ceiling="H1", participants=others
    )
    return Picture.objects.select_related("obj").get(obj=obj)


def add_segment(
    user: User,
    picture: Picture,
    *,
    code: str,
    names: dict[str, str],
    shape: str,
    points: Sequence[tuple[Any, Any]],
) -> Change | Proposal:
    """A segment of the user's agency's coast (its owner: only it sets the level)."""
    body = _body(
        wire.AddSegment,
        uid=uuid.uuid4(),
        code=code,
        names=names,
        shape=shape,
        points=[{"lat": _decimal(lat), "lon": _decimal(lon)} for lat, lon in points],
        agency=user.agency.code,
    )
    return _propose(user, picture, ops.ADD_SEGMENT, body)


def set_level(
    user: User, picture: Picture, *, segment: str, level: str, measures: str = ""
) -> Change | Proposal:
    """The segment's impact level (low, medium, high): its owner agency's to set."""
    body = _body(wire.SetLevel, segment=segment, level=level, measures=measures)
    return _propose(user, picture, ops.SET_LEVEL, body)


def report_crossing(
    user: User,
    picture: Picture,
    *,
    at: dt.datetime,
    lat: Any,
    lon: Any,
    people: int,
    boat: str,
    outcome: str,
    segment: str = "",
    place: str = "",
) -> Change | Proposal:
    """A crossing attempt or interception on the user's agency's side."""
    body = _body(
        wire.ReportCrossing,
        uid=uuid.uuid4(),
        agency=user.agency.code,
        at=at,
        lat=_decimal(lat),
        lon=_decimal(lon),
        people=people,
        boat=boat,
        outcome=outcome,
        segment=segment or None,
        place=place,
    )
    return _propose(user, picture, ops.REPORT_CROSSING, body)


def _decimal(value: Any) -> Any:
    """Degrees as a decimal (a float goes through its shortest text, never its binary value);
    anything else is left for the body's validation to refuse."""
    if isinstance(value, float):
        return Decimal(repr(value))
    return value
