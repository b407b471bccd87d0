"""What each op does to the local copy of the picture: the ONLY writers of its rows.

The same functions run on every node, the home included, in the home's order, so every copy
holds the same rows. They trust the body (validated by its ``wire`` shape) and the order (the
op's check ran at the home): they never refuse, never send, never read the clock or the user.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strait.sharing.effects import body_of, by_name
from strait.situation import wire
from strait.situation.models import Crossing, Picture, Segment

if TYPE_CHECKING:
    from strait.sharing.registry import Applied


def _picture(applied: Applied) -> Picture:
    return Picture.objects.get(obj=applied.obj)


def create(applied: Applied) -> None:
    body: wire.Create = body_of(applied, wire.Create)
    Picture.objects.create(obj=applied.obj, title=body.title, created_at=applied.at)


def add_segment(applied: Applied) -> None:
    body: wire.AddSegment = body_of(applied, wire.AddSegment)
    Segment.objects.create(
        picture=_picture(applied),
        uid=body.uid,
        code=body.code,
        name_ar=body.names.ar,
        name_es=body.names.es,
        name_fr=body.names.fr,
        name_en=body.names.en,
        shape=body.shape,
        points=[[float(p.lat), float(p.lon)] for p in body.points],
        owner_agency=body.agency,
        level="",
        added_at=applied.at,
    )


def set_level(applied: Applied) -> None:
    body: wire.SetLevel = body_of(applied, wire.SetLevel)
    Segment.objects.filter(picture__obj=applied.obj, code=body.segment).update(
        level=body.level,
        measures=body.measures,
        level_set_at=applied.at,
        level_set_by=by_name(applied),
    )


def report_crossing(applied: Applied) -> None:
    body: wire.ReportCrossing = body_of(applied, wire.ReportCrossing)
    Crossing.objects.create(
        picture=_picture(applied),
        uid=body.uid,
        agency=body.agency,
        at=body.at,
        lat=float(body.lat),
        lon=float(body.lon),
        people=body.people,
        boat=body.boat,
        outcome=body.outcome,
        segment=body.segment or "",
        place=body.place,
        by_name=by_name(applied),
        reported_at=applied.at,
    )
