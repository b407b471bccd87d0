"""Every read of the situation picture, scoped to the user: the picture is seen by the users of
its participating agencies (``sharing.queries.visible``); anyone else finds no picture, and
each part of it (a segment, a crossing) answers "not found".

The map's data is built for one window of the timeline slider (6 h, 24 h, 7 d): the crossings
of that window as compact rows (no per-row formatting on the server) and the counts per segment
in SQL, so the page stays fast with thousands of reports.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Func, IntegerField, Sum
from django.http import Http404
from django.utils import timezone

from strait.permissions import Permission
from strait.sharing import queries as sharing
from strait.situation import codes, ops
from strait.situation.models import Crossing, Picture, Segment

if TYPE_CHECKING:
    from strait.accounts.models import User


def picture(user: User) -> Picture | None:
    """The situation picture the user's agency takes part in (there is one), or None."""
    if not user.has_permission(Permission.SITUATION_READ):
        return None
    visible = sharing.visible(user, ops.KIND)
    return (
        Picture.objects.filter(obj__in=visible)
        .select_related("obj", "obj__home_agency")
        .order_by("created_at", "pk")
        .first()
    )


def picture_or_404(user: User) -> Picture:
    found = picture(user)
    if found is None:
        raise Http404("no situation picture")
    return found


def segments(pic: Picture) -> list[Segment]:
    return list(Segment.objects.filter(picture=pic).order_by("code"))


def segment(user: User, code: str) -> Segment:
    """The segment of the user's picture, or Http404."""
    found = Segment.objects.filter(picture=picture_or_404(user), code=code).first()
    if found is None:
        raise Http404("no such segment")
    return found


def own_segments(user: User, pic: Picture) -> list[Segment]:
    """The segments whose level the user's agency sets."""
    return [s for s in segments(pic) if s.owner_agency == user.agency.code]


def crossing(user: User, uid: uuid.UUID | str) -> Crossing:
    try:
        key = uuid.UUID(str(uid))
    except ValueError:
        raise Http404("no such crossing") from None
    found = Crossing.objects.filter(picture=picture_or_404(user), uid=key).first()
    if found is None:
        raise Http404("no such crossing")
    return found


def window_start(window: str, now: dt.datetime | None = None) -> dt.datetime:
    hours = codes.WINDOW_HOURS.get(window, codes.WINDOW_HOURS[codes.DEFAULT_WINDOW])
    return (now or timezone.now()) - dt.timedelta(hours=hours)


def crossings(pic: Picture, since: dt.datetime, limit: int | None = None) -> list[Crossing]:
    rows = Crossing.objects.filter(picture=pic, at__gte=since).order_by("-at", "-id")
    return list(rows[:limit] if limit else rows)


# One crossing on the map: [lat, lon, people, boat, outcome, segment, agency, epoch seconds].
CROSSING_COLUMNS = ("lat", "lon", "people", "boat", "outcome", "segment", "agency", "at")


class EpochSeconds(Func):
    """A time as whole seconds since the epoch, computed by the database: the map's thousands
    of rows then need no per-row conversion in Python."""

    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        template = "CAST(FLOOR(EXTRACT(EPOCH FROM %(expressions)s)) AS BIGINT)"
        return self.as_sql(compiler, connection, template=template, **extra)


def crossing_rows(pic: Picture, since: dt.datetime) -> list[tuple[Any, ...]]:
    """The window's reports as rows in ``CROSSING_COLUMNS`` order, the time in epoch seconds."""
    rows = (
        Crossing.objects.filter(picture=pic, at__gte=since)
        .order_by("at")
        .annotate(epoch=EpochSeconds("at"))
        .values_list(*CROSSING_COLUMNS[:-1], "epoch")
    )
    return list(rows)


def counts_by_segment(pic: Picture, since: dt.datetime) -> dict[str, tuple[int, int]]:
    """Per segment code ("" for none): (reports, people) since ``since``, counted in SQL."""
    rows = (
        Crossing.objects.filter(picture=pic, at__gte=since)
        .values("segment")
        .annotate(n=Count("id"), people=Sum("people"))
        .values_list("segment", "n", "people")
    )
    return {seg: (n, people or 0) for seg, n, people in rows}


def segment_out(s: Segment, counts: dict[str, tuple[int, int]]) -> dict[str, Any]:
    n, people = counts.get(s.code, (0, 0))
    return {
        "code": s.code,
        "name": s.name,
        "shape": s.shape,
        "points": s.points,
        "owner": s.owner_agency,
        "level": s.level,
        "level_label": str(codes.Level(s.level).label) if s.level else "",
        "response": str(codes.RESPONSE.get(s.level, "")),
        "measures": s.measures,
        "reports": n,
        "people": people,
    }


def map_data(
    user: User,
    pic: Picture,
    window: str,
    alerts: list[dict[str, Any]],
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Everything the map draws for one window: segments with their level, response and
    counts, the crossings, the alerts (as ``surges.map_alerts`` gives them)."""
    window = window if window in codes.WINDOW_HOURS else codes.DEFAULT_WINDOW
    moment = now or timezone.now()
    since = window_start(window, moment)
    counts = counts_by_segment(pic, since)
    return {
        "window": window,
        "since": int(since.timestamp()),
        "now": int(moment.timestamp()),
        "segments": [segment_out(s, counts) for s in segments(pic)],
        "unsegmented": counts.get("", (0, 0))[0],
        "columns": list(CROSSING_COLUMNS),
        "crossings": crossing_rows(pic, since),
        "alerts": alerts,
    }


def empty_map(window: str) -> dict[str, Any]:
    """What the map draws with no picture: nothing."""
    window = window if window in codes.WINDOW_HOURS else codes.DEFAULT_WINDOW
    moment = timezone.now()
    return {
        "window": window,
        "since": int(window_start(window, moment).timestamp()),
        "now": int(moment.timestamp()),
        "segments": [],
        "unsegmented": 0,
        "columns": list(CROSSING_COLUMNS),
        "crossings": [],
        "alerts": [],
    }
