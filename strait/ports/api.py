"""The port cooperation centres in the JSON API (``/api/v1/ports/centres/…``): the centres, a
centre with its postings and who is on duty, the duty log, the roster, incidents and counters;
each op a POST answering 201 (this node is the centre's home) or 202 (a proposal on its way).

Thin like the views: each operation declares its permission, reads through ``queries`` (a centre
the caller's agency takes no part in, or a part of one, is "not found") and writes through
``actions``; a refusal answers in the one ``Error`` shape.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from strait.accounts.api_auth import api_user, requires_token
from strait.agencies.models import Agency
from strait.api_errors import Error
from strait.governance import evidence
from strait.permissions import Permission
from strait.ports import actions, queries
from strait.ports import schemas as s
from strait.ports.models import Centre, Incident, LogEntry
from strait.sharing import api_results as results
from strait.sharing.api_results import done

router = Router(tags=["ports"])

READ = requires_token(Permission.PORTS_READ)
WRITE = requires_token(Permission.PORTS_WRITE)
MANAGE = requires_token(Permission.PORTS_MANAGE)
DONE = {**results.DONE, 404: Error}
# At most this many log entries or incidents in one answer (the newest first).
LIMIT = 500


def _centre_out(c: Centre) -> dict[str, Any]:
    return {
        "uid": c.obj.uid,
        "code": c.code,
        "name": c.name,
        "port": c.port,
        "country": c.country,
        "host_agency": c.host_agency,
        "channel": c.channel,
        "retention_hours": c.manifest_retention_hours,
        "agencies": [p.agency.code for p in queries.participants(c)],
        "home": c.obj.home,
        "seq": c.obj.seq,
    }


def _entry_out(e: LogEntry) -> s.DutyLogEntryOut:
    return s.DutyLogEntryOut(
        uid=e.uid,
        at=e.at,
        kind=e.kind,
        text=e.text,
        agency=e.agency,
        by_user=e.by_user,
        by_name=e.by_name,
        incident=e.incident,
    )


def _on_centre(
    request: HttpRequest, uid: uuid.UUID, action: Callable[..., Any], **values: Any
) -> Status:
    """An op on a centre the caller's agency takes part in (else "not found"): 201 or 202."""
    user = api_user(request)
    return done(action(user, queries.centre(user, uid), **values))


class _Link:
    def __init__(self, kind: str, ref: str) -> None:
        self.kind = kind
        self.ref = ref


def _incident_out(user: Any, i: Incident) -> s.IncidentOut:
    referral = None
    if i.referral_kind:
        link: Any = _Link(i.referral_kind, i.referral_ref)
        target = evidence.resolve(user, link)
        referral = s.ReferralOut(kind=i.referral_kind, label=target.label, visible=target.visible)
    return s.IncidentOut(
        uid=i.uid,
        kind=i.kind,
        at=i.at,
        terminal=i.terminal,
        vessel=i.vessel,
        rotation=i.rotation,
        summary=i.summary,
        entities=[
            s.InvolvedOut(**{k: e.get(k, "") for k in ("kind", "label", "script")})
            for e in i.entities
        ],
        action_taken=i.action_taken,
        referral=referral,
        agency=i.agency,
        by_name=i.by_name,
        recorded_at=i.recorded_at,
        updated_at=i.updated_at,
    )


@router.get("/centres", response=list[s.CentreOut], auth=READ, summary="The centres")
def ports_centres(request: HttpRequest) -> list[dict[str, Any]]:
    return [_centre_out(c) for c in queries.centres(api_user(request))]


@router.post(
    "/centres",
    response={201: s.CentreOut, 400: Error, 403: Error},
    auth=MANAGE,
    summary="Open a centre hosted by your agency",
)
def ports_create_centre(request: HttpRequest, data: s.CentreIn) -> Status:
    user = api_user(request)
    guests = list(Agency.objects.filter(code__in=data.guests))
    if len(guests) != len(set(data.guests)):
        raise actions.InvalidInput(problems=[("guests", _("No agency has this code."))])
    centre = actions.create_centre(
        user,
        code=data.code,
        names=data.names.model_dump(),
        port=data.port,
        country=data.country,
        channel=data.channel,
        retention_hours=data.retention_hours,
        guests=guests,
    )
    return Status(201, _centre_out(centre))


@router.get(
    "/centres/{uuid:uid}",
    response={200: s.CentreDetailOut, 404: Error},
    auth=READ,
    summary="A centre: its postings and who is on duty now",
)
def ports_centre(request: HttpRequest, uid: uuid.UUID) -> dict[str, Any]:
    c = queries.centre(api_user(request), uid)
    postings = queries.postings(c)
    return _centre_out(c) | {
        "postings": [s.PostingOut.model_validate(p, from_attributes=True) for p in postings],
        "on_duty": [p.uid for p in queries.on_duty(c)],
    }


@router.get(
    "/centres/{uuid:uid}/log",
    response={200: list[s.DutyLogEntryOut], 404: Error},
    auth=READ,
    summary="The duty log, newest first",
)
def ports_log(request: HttpRequest, uid: uuid.UUID, limit: int = 100) -> list[s.DutyLogEntryOut]:
    c = queries.centre(api_user(request), uid)
    return [_entry_out(e) for e in queries.log(c, max(1, min(limit, LIMIT)))]


@router.post(
    "/centres/{uuid:uid}/log",
    response=DONE,
    auth=WRITE,
    summary="Write in the duty log (refused unless you are on the roster at that time)",
)
def ports_log_entry(request: HttpRequest, uid: uuid.UUID, data: s.LogEntryIn) -> Status:
    return _on_centre(request, uid, actions.log_entry, kind=data.kind, text=data.text, at=data.at)


@router.get(
    "/centres/{uuid:uid}/roster",
    response={200: list[s.ShiftOut], 404: Error},
    auth=READ,
    summary="The shifts of a day (today by default)",
)
def ports_roster(
    request: HttpRequest, uid: uuid.UUID, day: dt.date | None = None
) -> list[s.ShiftOut]:
    c = queries.centre(api_user(request), uid)
    start = dt.datetime.combine(
        day or timezone.localdate(), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    return [
        s.ShiftOut(
            uid=x.uid,
            starts_at=x.starts_at,
            ends_at=x.ends_at,
            postings=[p.uid for p in x.postings.all()],
            handover=x.handover,
        )
        for x in queries.roster(c, start, start + dt.timedelta(days=1))
    ]


@router.post("/centres/{uuid:uid}/shifts", response=DONE, auth=WRITE, summary="Add a shift")
def ports_add_shift(request: HttpRequest, uid: uuid.UUID, data: s.ShiftIn) -> Status:
    return _on_centre(request, uid, actions.add_shift, **data.model_dump())


@router.post(
    "/centres/{uuid:uid}/postings",
    response=DONE,
    auth=WRITE,
    summary="Post an agent (of your agency; the host posts anyone's)",
)
def ports_post_agent(request: HttpRequest, uid: uuid.UUID, data: s.PostingIn) -> Status:
    return _on_centre(request, uid, actions.post_agent, **data.model_dump())


@router.post(
    "/centres/{uuid:uid}/postings/{uuid:posting}/end",
    response=DONE,
    auth=WRITE,
    summary="End a posting",
)
def ports_end_posting(request: HttpRequest, uid: uuid.UUID, posting: uuid.UUID) -> Status:
    user = api_user(request)
    c = queries.centre(user, uid)
    found = queries.posting(c, posting)
    return done(actions.end_posting(user, c, found.uid))


@router.post(
    "/centres/{uuid:uid}/rule",
    response=DONE,
    auth=MANAGE,
    summary="How long the centre's manifests are kept (1 to 720 hours)",
)
def ports_set_rule(request: HttpRequest, uid: uuid.UUID, data: s.RuleIn) -> Status:
    return _on_centre(request, uid, actions.set_rule, retention_hours=data.retention_hours)


@router.get(
    "/centres/{uuid:uid}/incidents",
    response={200: list[s.IncidentOut], 404: Error},
    auth=READ,
    summary="The incidents, newest first",
)
def ports_incidents(request: HttpRequest, uid: uuid.UUID) -> list[s.IncidentOut]:
    user = api_user(request)
    c = queries.centre(user, uid)
    return [_incident_out(user, i) for i in queries.incidents(c, LIMIT)]


@router.post(
    "/centres/{uuid:uid}/incidents",
    response=DONE,
    auth=WRITE,
    summary="Record an incident (and its line in the duty log)",
)
def ports_record_incident(request: HttpRequest, uid: uuid.UUID, data: s.IncidentIn) -> Status:
    user = api_user(request)
    c = queries.centre(user, uid)
    values = data.model_dump(exclude={"records"})
    entities = [(r.kind, r.uid) for r in data.records]
    return done(actions.record_incident(user, c, entities=entities, **values))


@router.get(
    "/centres/{uuid:uid}/incidents/{uuid:incident}",
    response={200: s.IncidentOut, 404: Error},
    auth=READ,
    summary="One incident",
)
def ports_incident(request: HttpRequest, uid: uuid.UUID, incident: uuid.UUID) -> s.IncidentOut:
    user = api_user(request)
    c = queries.centre(user, uid)
    return _incident_out(user, queries.incident(user, c, incident))


@router.post(
    "/centres/{uuid:uid}/incidents/{uuid:incident}",
    response=DONE,
    auth=WRITE,
    summary="Update your agency's incident: action taken, referral",
)
def ports_update_incident(
    request: HttpRequest, uid: uuid.UUID, incident: uuid.UUID, data: s.IncidentUpdateIn
) -> Status:
    user = api_user(request)
    c = queries.centre(user, uid)
    found = queries.incident(user, c, incident)
    return done(actions.update_incident(user, c, found.uid, **data.model_dump()))


@router.get(
    "/centres/{uuid:uid}/counters",
    response={200: s.CountersOut, 404: Error},
    auth=READ,
    summary="What the centre reports for a period (the last 30 days by default)",
)
def ports_counters(
    request: HttpRequest,
    uid: uuid.UUID,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> dict[str, Any]:
    c = queries.centre(api_user(request), uid)
    end = until or timezone.localdate()
    start = since or end - dt.timedelta(days=29)
    figures = queries.counters(c, min(start, end), max(start, end))
    return {
        "since": figures.since,
        "until": figures.until,
        "incidents": figures.incidents,
        "referrals": figures.referrals,
        "sides": [vars(x) for x in figures.sides],
    }


@router.post(
    "/centres/{uuid:uid}/counts",
    response=DONE,
    auth=WRITE,
    summary="Your agency's screening counts of a day (a later report replaces it)",
)
def ports_report_counts(request: HttpRequest, uid: uuid.UUID, data: s.CountsIn) -> Status:
    return _on_centre(request, uid, actions.report_counts, **data.model_dump())
