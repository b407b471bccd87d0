"""Every write to an event or to the knowledge base: each action requires its permission, builds
the op's body (validated by its ``wire`` shape: a venue outside the host countries, a log entry
without information… is a ``Refused`` naming its field, nothing sent) and hands it to
``strait.sharing``: ``create`` on this node, the home, or ``propose`` (ordered at once on the
home, otherwise sent there).

Callable from pages, the API, the demo and scripts alike: a user and plain values.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pydantic
from django.utils.translation import gettext as _

from strait.events import ops, threats, wire
from strait.events.models import Entry, Event, Fixture, KnowledgeBase
from strait.permissions import Permission, require
from strait.refusals import Refused, problems_of
from strait.sharing import actions as sharing
from strait.sharing import queries as shared_objects
from strait.sharing.models import Change, ParticipantRole, Proposal

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.agencies.models import Agency


class InvalidInput(Refused):
    """A value the op's body does not take: one problem per field, nothing sent."""

    code = "invalid"


class EventExists(Refused):
    code = "event_exists"


class KnowledgeExists(Refused):
    """There is one knowledge base in the federation: a second one is refused."""

    code = "knowledge_exists"


class EntryNotFound(Refused):
    code = "entry_not_found"


def _body(body_type: type[wire.Body], /, **values: Any) -> dict[str, Any]:
    """The op's body as it travels (JSON: decimals and times as text), or ``InvalidInput``."""
    try:
        body = body_type.model_validate(values)
    except pydantic.ValidationError as exc:
        raise InvalidInput(_("Some values are not valid."), problems=problems_of(exc)) from None
    return body.model_dump(mode="json")


def _decimal(value: Any) -> Any:
    """Degrees as a decimal (a float through its shortest text, never its binary value)."""
    if isinstance(value, float):
        return Decimal(repr(value))
    return value


def _propose(
    user: User, event: Event, name: str, body: dict[str, Any], permission: Permission
) -> Change | Proposal:
    require(user, permission)
    return sharing.propose(user, event.obj, name, body)


def open_event(
    user: User,
    *,
    code: str,
    names: dict[str, str],
    hosts: list[str],
    starts: dt.date,
    ends: dt.date,
    participants: Iterable[tuple[Agency, str]] = (),
) -> Event:
    """An event with this node as its home and the user's agency as its lead; the agencies of
    the other nodes take part with their roles."""
    require(user, Permission.EVENTS_MANAGE)
    body = _body(wire.CreateEvent, code=code, names=names, hosts=hosts, starts=starts, ends=ends)
    visible = shared_objects.visible(user, ops.KIND)
    if Event.objects.filter(obj__in=visible, code=code).exists():
        raise EventExists(
            _("An event with the code %(code)s exists.") % {"code": code},
            problems=[("code", _("This code is taken."))],
        )
    others = [(a, str(ParticipantRole(r))) for a, r in participants if a.pk != user.agency_id]
    obj = sharing.create(
        user, ops.KIND, create_op=ops.CREATE, body=body, ceiling="H1", participants=others
    )
    return Event.objects.select_related("obj").get(obj=obj)


def add_venue(
    user: User,
    event: Event,
    *,
    code: str,
    names: dict[str, str],
    kind: str,
    city: str,
    country: str,
    lat: Any,
    lon: Any,
    capacity: int | None = None,
) -> Change | Proposal:
    """A stadium, fan zone or training site, inside a host country (else refused)."""
    body = _body(
        wire.AddVenue,
        uid=uuid.uuid4(),
        code=code,
        names=names,
        kind=kind,
        city=city,
        country=country,
        lat=_decimal(lat),
        lon=_decimal(lon),
        capacity=capacity,
        agency=user.agency.code,
    )
    return _propose(user, event, ops.ADD_VENUE, body, Permission.EVENTS_WRITE)


def add_fixture(
    user: User,
    event: Event,
    *,
    home_team: str,
    away_team: str,
    venue: str,
    kick_off: dt.datetime,
    risk: str,
    reason: str = "",
) -> Change | Proposal:
    body = _body(
        wire.AddFixture,
        uid=uuid.uuid4(),
        home_team=home_team,
        away_team=away_team,
        venue=venue,
        kick_off=kick_off,
        risk=risk,
        reason=reason,
    )
    return _propose(user, event, ops.ADD_FIXTURE, body, Permission.EVENTS_WRITE)


def set_risk(user: User, fixture: Fixture, *, risk: str, reason: str = "") -> Change | Proposal:
    """The match's risk level for the whole centre, with the reason (an analyst's call)."""
    body = _body(wire.SetRisk, fixture=fixture.uid, risk=risk, reason=reason)
    return _propose(user, fixture.event, ops.SET_RISK, body, Permission.EVENTS_MANAGE)


def post_liaison(
    user: User, event: Event, *, name: str, starts: dt.date, ends: dt.date, seat: str = ""
) -> Change | Proposal:
    """A liaison officer of the user's agency seated in the cooperation centre."""
    body = _body(
        wire.PostLiaison,
        uid=uuid.uuid4(),
        agency=user.agency.code,
        name=name,
        seat=seat,
        starts=starts,
        ends=ends,
    )
    return _propose(user, event, ops.POST_LIAISON, body, Permission.EVENTS_WRITE)


def log_information(
    user: User,
    event: Event,
    *,
    at: dt.datetime,
    source: str,
    information: str,
    assessment: str = "",
    passed_to: Iterable[str] = (),
    passed_at: dt.datetime | None = None,
    fixture: uuid.UUID | str | None = None,
) -> Change | Proposal:
    """An entry of the cooperation centre's 24/7 log, in the name of the user's agency."""
    body = _body(
        wire.LogInformation,
        uid=uuid.uuid4(),
        agency=user.agency.code,
        at=at,
        source=source,
        information=information,
        assessment=assessment,
        passed_to=sorted(set(passed_to)),
        passed_at=passed_at,
        fixture=fixture or None,
    )
    return _propose(user, event, ops.LOG, body, Permission.EVENTS_WRITE)


def assess(user: User, fixture: Fixture, *, risk: str, text: str) -> Change | Proposal:
    """The user's agency's risk assessment of a match."""
    body = _body(
        wire.Assess,
        uid=uuid.uuid4(),
        agency=user.agency.code,
        fixture=fixture.uid,
        risk=risk,
        text=text,
    )
    return _propose(user, fixture.event, ops.ASSESS, body, Permission.EVENTS_WRITE)


def link_alert(
    user: User, event: Event, *, alert: str | uuid.UUID, note: str = ""
) -> Change | Proposal:
    """An event-threat alert the user can see, linked by its uid (the same refusal for an
    alert that does not exist and one the user may not see)."""
    require(user, Permission.EVENTS_WRITE)
    uid = threats.check(user, alert)
    body = _body(wire.LinkAlert, alert=uid, agency=user.agency.code, note=note)
    return _propose(user, event, ops.LINK_ALERT, body, Permission.EVENTS_WRITE)


def link_knowledge(user: User, event: Event, *, entry: str | uuid.UUID) -> Change | Proposal:
    """An entry of the knowledge base the user can read, reused by the event."""
    require(user, Permission.EVENTS_WRITE)
    visible = shared_objects.visible(user, ops.KNOWLEDGE_KIND)
    try:
        uid = uuid.UUID(str(entry))
    except ValueError:
        uid = None
    if uid is None or not Entry.objects.filter(base__obj__in=visible, uid=uid).exists():
        raise EntryNotFound(
            _("No entry of the knowledge base with this reference."),
            problems=[("entry", _("Choose an entry of the knowledge base."))],
        )
    body = _body(wire.LinkKnowledge, entry=uid)
    return _propose(user, event, ops.LINK_KNOWLEDGE, body, Permission.EVENTS_WRITE)


def write_after_action(
    user: User,
    event: Event,
    *,
    summary: dict[str, str],
    went_well: dict[str, str] | None = None,
    to_improve: dict[str, str] | None = None,
    spectators: int | None = None,
    arrests: int | None = None,
    incidents: int | None = None,
) -> Change | Proposal:
    """The event's after-action report, once, by its lead agency."""
    body = _body(
        wire.AfterAction,
        agency=user.agency.code,
        summary=summary,
        went_well=went_well or None,
        to_improve=to_improve or None,
        spectators=spectators,
        arrests=arrests,
        incidents=incidents,
    )
    return _propose(user, event, ops.AFTER_ACTION, body, Permission.EVENTS_MANAGE)


def open_knowledge_base(
    user: User, *, title: str, participants: Iterable[tuple[Agency, str]] = ()
) -> KnowledgeBase:
    """The federation's one knowledge base for events, with this node as its home."""
    require(user, Permission.EVENTS_MANAGE)
    body = _body(wire.CreateKnowledge, title=title)
    if shared_objects.visible(user, ops.KNOWLEDGE_KIND).exists():
        raise KnowledgeExists(_("The knowledge base is already open."))
    others = [(a, str(ParticipantRole(r))) for a, r in participants if a.pk != user.agency_id]
    obj = sharing.create(
        user,
        ops.KNOWLEDGE_KIND,
        create_op=ops.CREATE_KNOWLEDGE,
        body=body,
        ceiling="H1",
        participants=others,
    )
    return KnowledgeBase.objects.select_related("obj").get(obj=obj)


def add_entry(
    user: User,
    base: KnowledgeBase,
    *,
    kind: str,
    topics: Iterable[str],
    titles: dict[str, str],
    texts: dict[str, str],
    event: Event | None = None,
) -> Change | Proposal:
    """A lesson, plan or checklist of the user's agency, from an event or none."""
    require(user, Permission.EVENTS_WRITE)
    body = _body(
        wire.AddEntry,
        uid=uuid.uuid4(),
        agency=user.agency.code,
        kind=kind,
        topics=sorted(set(topics)),
        titles=titles,
        texts=texts,
        event=event.uid if event is not None else None,
        event_name=event.names.get("en") or event.code if event is not None else "",
    )
    return sharing.propose(user, base.obj, ops.ADD_ENTRY, body)
