"""Major events in the JSON API (``/api/v1/events/``): the events the caller's agency takes part
in, one event with its venues, matches, liaison seats and linked alerts (resolved for the
caller), the cooperation centre's log (read and write); writes: open an event, add a venue or a
match, set a match's risk level, seat a liaison officer, an agency's assessment of a match, link
an alert or a knowledge-base entry, the after-action report, and the knowledge base (open it,
read, add an entry).

Thin like the views: each operation declares its permission, reads through ``queries`` (an
event of none the caller sees is "not found") and writes through ``actions``; a write answers
201 when this node is the event's home, 202 when it is a proposal on its way there.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from strait.accounts.api_auth import api_user, requires_token
from strait.api_errors import Error
from strait.events import actions, queries
from strait.events import schemas as s
from strait.events.models import Event
from strait.permissions import Permission
from strait.sharing.api_results import DONE_WITH_UID, done_with_uid

if TYPE_CHECKING:
    from strait.agencies.models import Agency

router = Router(tags=["events"])

READ = requires_token(Permission.EVENTS_READ)
WRITE = requires_token(Permission.EVENTS_WRITE)
MANAGE = requires_token(Permission.EVENTS_MANAGE)
# 201 applied (this node is the home) or 202 pending; ``uid``: what the op added, if anything.
DONE = DONE_WITH_UID | {404: Error}
_done = done_with_uid
Out = TypeVar("Out", bound=Schema)


def _summary(ev: Event) -> dict[str, Any]:
    return {
        "uid": ev.uid,
        "code": ev.code,
        "name": ev.name,
        "hosts": ev.hosts,
        "starts": ev.starts,
        "ends": ev.ends,
        "lead": ev.obj.home_agency.code,
    }


def _out(schema: type[Out], rows: Iterable[Any]) -> list[Out]:
    """Each row as the schema, its fields read from the row's attributes of the same names."""
    return [schema.model_validate(row, from_attributes=True) for row in rows]


def _participants(codes: list[str]) -> list[tuple[Agency, str]]:
    """The directory's agencies of these codes, taking part; an unknown code is refused."""
    found = {a.code: a for a in queries.agencies_by_code(codes)}
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise actions.InvalidInput(
            _("No agency with the code %(code)s.") % {"code": unknown[0]},
            problems=[("participants", _("Choose agencies of the directory."))],
        )
    return [(a, "participant") for a in found.values()]


def _on_event(
    request: HttpRequest, uid: uuid.UUID, action: Callable[..., Any], **values: Any
) -> Status:
    """An op on an event the caller takes part in (else "not found"): 201 or 202."""
    user = api_user(request)
    return _done(action(user, queries.event(user, uid), **values))


@router.get("", response=list[s.EventSummaryOut], auth=READ, summary="The events you take part in")
def events_list(request: HttpRequest) -> list[s.EventSummaryOut]:
    return [s.EventSummaryOut(**_summary(ev)) for ev in queries.events(api_user(request))]


@router.post(
    "",
    response={201: s.EventSummaryOut, 400: Error, 403: Error},
    auth=MANAGE,
    summary="Open an event, led by your agency, with the agencies taking part",
)
def events_open(request: HttpRequest, data: s.EventIn) -> Status:
    values = data.model_dump()
    participants = _participants(values.pop("participants"))
    ev = actions.open_event(api_user(request), participants=participants, **values)
    return Status(201, s.EventSummaryOut(**_summary(ev)))


@router.post(
    "/knowledge-base",
    response={201: s.KnowledgeBaseOut, 400: Error, 403: Error},
    auth=MANAGE,
    summary="Open the knowledge base, kept by your agency, shared with the agencies named",
)
def events_open_knowledge_base(request: HttpRequest, data: s.KnowledgeBaseIn) -> Status:
    participants = _participants(data.participants)
    base = actions.open_knowledge_base(
        api_user(request), title=data.title, participants=participants
    )
    lead = base.obj.home_agency.code
    return Status(201, s.KnowledgeBaseOut(uid=base.obj.uid, title=base.title, lead=lead))


@router.post(
    "/knowledge",
    response=DONE,
    auth=WRITE,
    summary="Add a lesson, plan or checklist of your agency to the knowledge base",
)
def events_add_entry(request: HttpRequest, data: s.EntryIn) -> Status:
    user = api_user(request)
    base = queries.knowledge_base(user)
    if base is None:
        raise Http404("no knowledge base")
    ev = None
    if data.event is not None:
        ev = queries.events(user).filter(obj__uid=data.event).first()
        if ev is None:
            raise actions.InvalidInput(
                _("No event you take part in has this reference."),
                problems=[("event", _("Choose an event you take part in."))],
            )
    result = actions.add_entry(
        user,
        base,
        kind=data.kind,
        topics=data.topics,
        titles=data.titles.model_dump(),
        texts=data.texts.model_dump(),
        event=ev,
    )
    return _done(result)


@router.get(
    "/knowledge",
    response=list[s.EntryOut],
    auth=READ,
    summary="The knowledge base's entries, by topic and kind",
)
def events_knowledge(request: HttpRequest, topic: str = "", kind: str = "") -> list[s.EntryOut]:
    return _out(s.EntryOut, queries.entries(api_user(request), topic=topic, kind=kind))


@router.get(
    "/{uuid:uid}",
    response={200: s.EventOut, 404: Error},
    auth=READ,
    summary="One event: venues, matches and their risk, liaison seats, linked alerts",
)
def events_event(request: HttpRequest, uid: uuid.UUID) -> s.EventOut:
    user = api_user(request)
    ev = queries.event(user, uid)
    return s.EventOut(
        **_summary(ev),
        seq=ev.obj.seq,
        digest=ev.obj.digest,
        nodes=dict(queries.nodes(ev)),
        venues=_out(s.VenueOut, queries.venues(ev)),
        fixtures=_out(s.FixtureOut, queries.fixtures(ev)),
        liaisons=_out(s.LiaisonOut, queries.liaisons(ev)),
        threats=[
            s.ThreatOut(label=t.label, visible=t.visible, url=t.url)
            for t in queries.threats_of(user, ev)
        ],
    )


@router.get(
    "/{uuid:uid}/log",
    response={200: list[s.CentreLogEntryOut], 404: Error},
    auth=READ,
    summary="The cooperation centre's log, newest first (at most 500)",
)
def events_log(request: HttpRequest, uid: uuid.UUID) -> list[s.CentreLogEntryOut]:
    ev = queries.event(api_user(request), uid)
    return _out(s.CentreLogEntryOut, queries.log(ev, limit=500))


@router.post(
    "/{uuid:uid}/log",
    response=DONE,
    auth=WRITE,
    summary="Log information in the cooperation centre, for your agency",
)
def events_log_information(request: HttpRequest, uid: uuid.UUID, data: s.LogIn) -> Status:
    return _on_event(request, uid, actions.log_information, **data.model_dump())


@router.post(
    "/{uuid:uid}/venues",
    response=DONE,
    auth=WRITE,
    summary="Add a venue (inside a host country) for your agency",
)
def events_add_venue(request: HttpRequest, uid: uuid.UUID, data: s.VenueIn) -> Status:
    return _on_event(request, uid, actions.add_venue, **data.model_dump())


@router.post(
    "/matches/{uuid:uid}/assessments",
    response=DONE,
    auth=WRITE,
    summary="Your agency's risk assessment of a match",
)
def events_assess(request: HttpRequest, uid: uuid.UUID, data: s.AssessIn) -> Status:
    user = api_user(request)
    fx = queries.fixture(user, uid)
    return _done(actions.assess(user, fx, risk=data.risk, text=data.text))


@router.post(
    "/{uuid:uid}/matches/{uuid:match}/risk",
    response=DONE,
    auth=MANAGE,
    summary="The centre's risk level of a match of the event, with the reason",
)
def events_set_risk(
    request: HttpRequest, uid: uuid.UUID, match: uuid.UUID, data: s.RiskIn
) -> Status:
    user = api_user(request)
    ev = queries.event(user, uid)
    fx = queries.fixture(user, match)
    if fx.event_id != ev.pk:
        raise Http404("no such match")  # one of another event the caller takes part in
    return _done(actions.set_risk(user, fx, risk=data.risk, reason=data.reason))


@router.post(
    "/{uuid:uid}/matches",
    response=DONE,
    auth=WRITE,
    summary="Add a match at a venue of the event, during it, with its risk level",
)
def events_add_fixture(request: HttpRequest, uid: uuid.UUID, data: s.FixtureIn) -> Status:
    return _on_event(request, uid, actions.add_fixture, **data.model_dump())


@router.post(
    "/{uuid:uid}/liaisons",
    response=DONE,
    auth=WRITE,
    summary="Seat a liaison officer of your agency in the cooperation centre",
)
def events_post_liaison(request: HttpRequest, uid: uuid.UUID, data: s.LiaisonIn) -> Status:
    return _on_event(request, uid, actions.post_liaison, **data.model_dump())


@router.post(
    "/{uuid:uid}/after-action",
    response=DONE,
    auth=MANAGE,
    summary="The event's after-action report, once, by its lead agency",
)
def events_after_action(request: HttpRequest, uid: uuid.UUID, data: s.AfterActionIn) -> Status:
    return _on_event(request, uid, actions.write_after_action, **data.model_dump())


@router.post(
    "/{uuid:uid}/alerts",
    response=DONE,
    auth=WRITE,
    summary="Link an event-threat alert you can see to the event",
)
def events_link_alert(request: HttpRequest, uid: uuid.UUID, data: s.LinkAlertIn) -> Status:
    return _on_event(request, uid, actions.link_alert, **data.model_dump())


@router.post(
    "/{uuid:uid}/knowledge",
    response=DONE,
    auth=WRITE,
    summary="Reuse an entry of the knowledge base in the event",
)
def events_link_knowledge(request: HttpRequest, uid: uuid.UUID, data: s.LinkKnowledgeIn) -> Status:
    return _on_event(request, uid, actions.link_knowledge, **data.model_dump())
