"""Major events in the JSON API (``/api/v1/events/``): the events the caller's agency takes part
in, one event with its venues, matches, liaison seats and linked alerts (resolved for the
caller), the cooperation centre's log (read and write), a venue, an agency's assessment of a
match, and the knowledge base.

Thin like the views: each operation declares its permission, reads through ``queries`` (an
event of none the caller sees is "not found") and writes through ``actions``; a write answers
201 when this node is the event's home, 202 when it is a proposal on its way there.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from strait.accounts.api_auth import api_user, requires_token
from strait.api_errors import Error
from strait.events import actions, queries
from strait.events import schemas as s
from strait.events.models import Event, LogEntry
from strait.permissions import Permission
from strait.sharing.models import Proposal

router = Router(tags=["events"])

READ = requires_token(Permission.EVENTS_READ)
WRITE = requires_token(Permission.EVENTS_WRITE)
DONE = {201: s.EventChangeOut, 202: s.EventChangeOut, 400: Error, 403: Error, 404: Error}


def _done(result: Any) -> Status:
    if isinstance(result, Proposal):
        return Status(202, s.EventChangeOut(status="pending", proposal=result.uid))
    return Status(201, s.EventChangeOut(status="applied", seq=result.seq))


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


def _entry_out(e: LogEntry) -> s.LogEntryOut:
    return s.LogEntryOut(
        uid=e.uid,
        agency=e.agency,
        at=e.at,
        source=e.source,
        information=e.information,
        assessment=e.assessment,
        passed_to=e.passed_to,
        passed_at=e.passed_at,
        fixture=e.fixture,
        by_name=e.by_name,
    )


@router.get("", response=list[s.EventSummaryOut], auth=READ, summary="The events you take part in")
def events_list(request: HttpRequest) -> list[s.EventSummaryOut]:
    return [s.EventSummaryOut(**_summary(ev)) for ev in queries.events(api_user(request))]


@router.get(
    "/knowledge",
    response=list[s.EntryOut],
    auth=READ,
    summary="The knowledge base's entries, by topic and kind",
)
def events_knowledge(request: HttpRequest, topic: str = "", kind: str = "") -> list[s.EntryOut]:
    rows = queries.entries(api_user(request), topic=topic, kind=kind)
    return [
        s.EntryOut(
            uid=e.uid,
            kind=e.kind,
            topics=e.topics,
            titles=e.titles,
            texts=e.texts,
            event_name=e.event_name,
            agency=e.agency,
            at=e.at,
        )
        for e in rows
    ]


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
        venues=[
            s.VenueOut(
                code=v.code,
                name=v.name,
                kind=v.kind,
                city=v.city,
                country=v.country,
                lat=v.lat,
                lon=v.lon,
                capacity=v.capacity,
            )
            for v in queries.venues(ev)
        ],
        fixtures=[
            s.FixtureOut(
                uid=f.uid,
                home_team=f.home_team,
                away_team=f.away_team,
                venue=f.venue,
                kick_off=f.kick_off,
                risk=f.risk,
                reason=f.reason,
            )
            for f in queries.fixtures(ev)
        ],
        liaisons=[
            s.LiaisonOut(
                agency=x.agency,
                country=x.country,
                name=x.name,
                seat=x.seat,
                starts=x.starts,
                ends=x.ends,
            )
            for x in queries.liaisons(ev)
        ],
        threats=[
            s.ThreatOut(label=t.label, visible=t.visible, url=t.url)
            for t in queries.threats_of(user, ev)
        ],
    )


@router.get(
    "/{uuid:uid}/log",
    response={200: list[s.LogEntryOut], 404: Error},
    auth=READ,
    summary="The cooperation centre's log, newest first (at most 500)",
)
def events_log(request: HttpRequest, uid: uuid.UUID) -> list[s.LogEntryOut]:
    ev = queries.event(api_user(request), uid)
    return [_entry_out(e) for e in queries.log(ev, limit=500)]


@router.post(
    "/{uuid:uid}/log",
    response=DONE,
    auth=WRITE,
    summary="Log information in the cooperation centre, for your agency",
)
def events_log_information(request: HttpRequest, uid: uuid.UUID, data: s.LogIn) -> Status:
    user = api_user(request)
    ev = queries.event(user, uid)
    return _done(actions.log_information(user, ev, **data.model_dump()))


@router.post(
    "/{uuid:uid}/venues",
    response=DONE,
    auth=WRITE,
    summary="Add a venue (inside a host country) for your agency",
)
def events_add_venue(request: HttpRequest, uid: uuid.UUID, data: s.VenueIn) -> Status:
    user = api_user(request)
    ev = queries.event(user, uid)
    values = data.model_dump()
    return _done(actions.add_venue(user, ev, **values))


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
