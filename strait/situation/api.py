"""The situation picture in the JSON API (``/api/v1/situation/``): the picture and its
segments, the map's data for a window of the timeline, crossing reports, a segment's impact
level, and the rapid-reaction log of a surge alert.

Thin like the views: each operation declares its permission, reads through ``queries`` (no
picture, or a segment or report of none the caller sees, is "not found") and writes through
``actions``; an op answers 201 when this node is the picture's home, 202 when it is a proposal
on its way there; a refusal answers in the one ``Error`` shape.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from strait.accounts.api_auth import api_user, requires_token
from strait.api_errors import Error
from strait.permissions import Permission
from strait.sharing import api_results as results
from strait.sharing.api_results import done
from strait.situation import actions, codes, queries, surges
from strait.situation import schemas as s
from strait.situation.models import Crossing

router = Router(tags=["situation"])

READ = requires_token(Permission.SITUATION_READ)
WRITE = requires_token(Permission.SITUATION_WRITE)
DONE = {**results.DONE, 404: Error}
# At most this many reports in one answer of ``crossings`` (the newest first).
LIMIT = 1000


def _crossing_out(c: Crossing) -> s.CrossingOut:
    return s.CrossingOut(
        uid=c.uid,
        agency=c.agency,
        at=c.at,
        lat=float(c.lat),
        lon=float(c.lon),
        people=c.people,
        boat=c.boat,
        outcome=c.outcome,
        segment=c.segment,
        place=c.place,
        by_name=c.by_name,
        reported_at=c.reported_at,
    )


@router.get("", response={200: s.PictureOut, 404: Error}, auth=READ, summary="The picture")
def situation_picture(request: HttpRequest) -> s.PictureOut:
    pic = queries.picture_or_404(api_user(request))
    counts = queries.counts_by_segment(pic, queries.window_start(codes.Window.D7))
    return s.PictureOut(
        uid=pic.obj.uid,
        title=pic.title,
        home=pic.obj.home,
        lead=pic.obj.home_agency.code,
        seq=pic.obj.seq,
        digest=pic.obj.digest,
        box=[float(d) for d in (codes.MAP_SOUTH, codes.MAP_WEST, codes.MAP_NORTH, codes.MAP_EAST)],
        segments=[s.SegmentOut(**queries.segment_out(x, counts)) for x in queries.segments(pic)],
    )


@router.get(
    "/map",
    response={200: s.MapOut, 404: Error},
    auth=READ,
    summary="What the map draws for one window of the timeline (6h, 24h or 7d)",
)
def situation_map_data(request: HttpRequest, window: str = codes.DEFAULT_WINDOW) -> dict[str, Any]:
    user = api_user(request)
    pic = queries.picture_or_404(user)
    return queries.map_data(user, pic, window, surges.map_alerts(user))


@router.get(
    "/segments/{code}",
    response={200: s.SegmentOut, 404: Error},
    auth=READ,
    summary="One coast segment with its level and its reports of the last 7 days",
)
def situation_segment(request: HttpRequest, code: str) -> s.SegmentOut:
    user = api_user(request)
    found = queries.segment(user, code)
    counts = queries.counts_by_segment(found.picture, queries.window_start(codes.Window.D7))
    return s.SegmentOut(**queries.segment_out(found, counts))


@router.post("/segments", response=DONE, auth=WRITE, summary="Add a segment of your agency")
def situation_add_segment(request: HttpRequest, data: s.SegmentIn) -> Status:
    user = api_user(request)
    pic = queries.picture_or_404(user)
    result = actions.add_segment(
        user,
        pic,
        code=data.code,
        names=data.names.model_dump(),
        shape=data.shape,
        points=[(p.lat, p.lon) for p in data.points],
    )
    return done(result)


@router.post(
    "/segments/{code}/level",
    response=DONE,
    auth=WRITE,
    summary="Set the impact level of a segment your agency owns",
)
def situation_set_level(request: HttpRequest, code: str, data: s.LevelIn) -> Status:
    user = api_user(request)
    found = queries.segment(user, code)
    result = actions.set_level(
        user, found.picture, segment=found.code, level=data.level, measures=data.measures
    )
    return done(result)


@router.get(
    "/crossings",
    response={200: list[s.CrossingOut], 404: Error},
    auth=READ,
    summary="Crossing reports of one window of the timeline, newest first (at most 1000)",
)
def situation_crossings(
    request: HttpRequest, window: str = codes.DEFAULT_WINDOW
) -> list[s.CrossingOut]:
    pic = queries.picture_or_404(api_user(request))
    rows = queries.crossings(pic, queries.window_start(window), limit=LIMIT)
    return [_crossing_out(c) for c in rows]


@router.get(
    "/crossings/{uuid:uid}",
    response={200: s.CrossingOut, 404: Error},
    auth=READ,
    summary="One crossing report",
)
def situation_crossing(request: HttpRequest, uid: uuid.UUID) -> s.CrossingOut:
    return _crossing_out(queries.crossing(api_user(request), uid))


@router.post(
    "/crossings", response=DONE, auth=WRITE, summary="Report a crossing on your agency's side"
)
def situation_report_crossing(request: HttpRequest, data: s.CrossingIn) -> Status:
    user = api_user(request)
    pic = queries.picture_or_404(user)
    return done(actions.report_crossing(user, pic, **data.model_dump()))


@router.get(
    "/surges/{uuid:uid}/log",
    response={200: s.ReactionLogOut, 404: Error},
    auth=READ,
    summary="The rapid-reaction log of an alert: release, acknowledgements, measures",
)
def situation_reaction_log(request: HttpRequest, uid: uuid.UUID) -> s.ReactionLogOut:
    log = surges.reaction_log(api_user(request), uid)
    first = log.first_acknowledgement
    return s.ReactionLogOut(
        alert=log.alert.obj.uid,
        title=log.alert.title,
        released_at=log.alert.released_at,
        minutes_to_acknowledgement=first.minutes if first else None,
        steps=[s.StepOut(**step.__dict__) for step in log.steps],
    )
