"""Every read of the transit operations, scoped to the user: an operation is seen by the users of
its participating agencies (``sharing.queries.visible``); anyone else finds none ("not found").

The dashboard's figures are aggregated in SQL (per day, per port and day, per operation), so a
page over ten seasons reads a few hundred grouped rows, never the daily rows one by one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Max, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from strait.permissions import Permission
from strait.sharing import queries as sharing
from strait.transit import codes, history, ops
from strait.transit.models import DailyFigure, Operation

if TYPE_CHECKING:
    from strait.accounts.models import User


def operations(user: User) -> QuerySet[Operation]:
    """The operations the user's agency takes part in, the newest year first."""
    if not user.has_permission(Permission.TRANSIT_READ):
        return Operation.objects.none()
    visible = sharing.visible(user, ops.KIND)
    return Operation.objects.filter(obj__in=visible).select_related("obj").order_by("-year")


def operation(user: User, year: int | None = None) -> Operation | None:
    """The year's operation (the newest when no year is given) the user sees, or None."""
    found = operations(user)
    if year is not None:
        found = found.filter(year=year)
    return found.first()


def operation_or_404(user: User, year: int | None = None) -> Operation:
    found = operation(user, year)
    if found is None:
        raise Http404("no such transit operation")
    return found


def operation_by_uid(user: User, uid: uuid.UUID | str) -> Operation:
    """The operation with this shared object's uid, if the user sees it, or Http404."""
    try:
        key = uuid.UUID(str(uid))
    except ValueError:
        raise Http404("no such transit operation") from None
    found = operations(user).filter(obj__uid=key).first()
    if found is None:
        raise Http404("no such transit operation")
    return found


def figures(op: Operation) -> QuerySet[DailyFigure]:
    return DailyFigure.objects.filter(operation=op).order_by("day", "port", "direction")


def figure_rows(op: Operation) -> list[dict[str, Any]]:
    """The daily rows as plain values (the CSV export, the API)."""
    columns = ("port", "day", "direction", *codes.COUNTS, "agency", "by_name")
    return list(figures(op).values(*columns))


def own_recent(user: User, op: Operation, limit: int = 20) -> list[DailyFigure]:
    """The latest rows entered for the user's agency's ports."""
    ports = [p.code for p in codes.ports_of(user.agency.country.code)]
    rows = DailyFigure.objects.filter(operation=op, port__in=ports)
    return list(rows.order_by("-day", "port", "direction")[:limit])


TOTALS = {
    "passengers": Sum("passengers"),
    "vehicles": Sum("vehicles"),
    "rotations": Sum("rotations"),
    "incidents": Sum("incidents"),
}


def _grouped(found: Any) -> list[dict[str, Any]]:
    """A grouped query's rows as plain dicts (the stubs type ``annotate(**kwargs)`` too
    narrowly)."""
    return list(found)


def _totals(row: dict[str, Any] | None) -> dict[str, int]:
    row = row or {}
    return {name: int(row.get(name) or 0) for name in TOTALS}


@dataclass
class Dashboard:
    operation: Operation
    day: dt.date  # the day shown: today inside the season, else its last day with figures
    phases: list[str]
    today: list[dict[str, Any]]  # per port and direction, that day
    today_totals: dict[str, int]
    season: dict[str, int]  # up to and including ``day``
    plan_to_date: dict[str, int]
    by_phase: dict[str, dict[str, int]]
    days: list[dict[str, Any]]  # per day: day, totals, peak
    by_port: list[dict[str, Any]]  # per port: totals, per direction
    port_series: dict[str, list[int]]  # per port code: passengers per day of ``days``
    peaks: list[dict[str, Any]]
    earlier: list[dict[str, Any]]  # per earlier year: totals to the same day and in all
    cumulative: dict[str, list[int]] = field(default_factory=dict)  # per year, per season day


def _phase_of(op: Operation, day: dt.date, direction: str) -> str:
    """The phase a day's flow counts in: going south in the departure phase, coming back north
    in the return phase; "" for a flow outside its phase."""
    if direction == codes.Direction.TO_MOROCCO and op.departure_from <= day <= op.departure_until:
        return codes.Phase.DEPARTURE.value
    if direction == codes.Direction.TO_EUROPE and op.return_from <= day <= op.return_until:
        return codes.Phase.RETURN.value
    return ""


def _shown_day(op: Operation, today: dt.date) -> dt.date:
    if op.starts <= today <= op.ends:
        return today
    last = DailyFigure.objects.filter(operation=op).aggregate(last=Max("day"))["last"]
    if today > op.ends:
        return min(last or op.ends, op.ends)
    return last or op.starts


def dashboard(user: User, op: Operation, today: dt.date | None = None) -> Dashboard:
    """The operation's dashboard on ``today`` (the reader's date by default)."""
    today = today or timezone.localdate()
    day = _shown_day(op, today)
    rows = DailyFigure.objects.filter(operation=op)
    # Per day and direction: one grouped query gives the days (the chart, the peaks, the
    # cumulative line), the season to the day and the two phases.
    per_day_direction = _grouped(
        rows.values("day", "direction").annotate(**TOTALS, wait_max=Max("wait_max")).order_by("day")
    )
    by_day: dict[dt.date, dict[str, Any]] = {}
    season = _totals(None)
    by_phase = {codes.Phase.DEPARTURE.value: _totals(None), codes.Phase.RETURN.value: _totals(None)}
    for r in per_day_direction:
        entry = by_day.setdefault(r["day"], {"day": r["day"], **_totals(None), "wait_max": 0})
        entry["wait_max"] = max(entry["wait_max"], int(r["wait_max"] or 0))
        phase = _phase_of(op, r["day"], r["direction"])
        for name in TOTALS:
            value = int(r[name] or 0)
            entry[name] += value
            if r["day"] <= day:
                season[name] += value
            if phase:
                by_phase[phase][name] += value
    per_day = list(by_day.values())
    peak_days = {
        r["day"]
        for r in sorted(per_day, key=lambda r: (-r["passengers"], r["day"]))[: codes.PEAKS]
        if r["passengers"]
    }
    days = [{**r, "peak": r["day"] in peak_days, "phases": op.phases_on(r["day"])} for r in per_day]
    peaks = sorted((d for d in days if d["peak"]), key=lambda d: -d["passengers"])
    # Per port and day (the chart per port), per port and direction (the table).
    index = {r["day"]: n for n, r in enumerate(per_day)}
    port_series: dict[str, list[int]] = {}
    for r in _grouped(rows.values("port", "day").annotate(p=Sum("passengers")).order_by()):
        series = port_series.setdefault(r["port"], [0] * len(per_day))
        series[index[r["day"]]] = int(r["p"] or 0)
    by_port: dict[str, dict[str, Any]] = {}
    for r in _grouped(rows.values("port", "direction").annotate(**TOTALS).order_by()):
        entry = by_port.setdefault(
            r["port"], {"port": r["port"], "name": codes.PORTS[r["port"]].name, **_totals(None)}
        )
        entry[r["direction"]] = _totals(r)
        for name in TOTALS:
            entry[name] += int(r[name] or 0)
    today_rows = list(
        rows.filter(day=day)
        .values("port", "direction", *codes.COUNTS)
        .order_by("port", "direction")
    )
    for r in today_rows:
        r["name"] = codes.PORTS[r["port"]].name
        r["direction_label"] = str(codes.Direction(r["direction"]).label)
    elapsed = max(0, min(op.days, (day - op.starts).days + 1))
    plan_to_date = {
        "passengers": op.plan_passengers * elapsed // op.days,
        "vehicles": op.plan_vehicles * elapsed // op.days,
        "rotations": op.plan_rotations * elapsed // op.days,
    }
    earlier, cumulative = _earlier(user, op, day)
    running = 0
    mine = [0] * op.days
    for r in per_day:
        offset = int((r["day"] - op.starts).days)
        if 0 <= offset < op.days:
            mine[offset] += int(r["passengers"] or 0)
    this_year: list[int] = []
    for value in mine:
        running += value
        this_year.append(running)
    cumulative = {str(op.year): this_year[:elapsed], **cumulative}
    return Dashboard(
        operation=op,
        day=day,
        phases=op.phases_on(day),
        today=today_rows,
        today_totals={n: sum(int(r[n]) for r in today_rows) for n in TOTALS},
        season=season,
        plan_to_date=plan_to_date,
        by_phase=by_phase,
        days=days,
        by_port=sorted(by_port.values(), key=lambda e: -e["passengers"]),
        port_series=port_series,
        peaks=peaks,
        earlier=earlier,
        cumulative=cumulative,
    )


def _earlier(
    user: User, op: Operation, day: dt.date
) -> tuple[list[dict[str, Any]], dict[str, list[int]]]:
    """Earlier years: each visible earlier operation's totals to the same day of its season and
    in all (one grouped query), its cumulative passengers per season day (one more), and the
    public totals of ``history`` for years without daily figures here."""
    others = list(operations(user).filter(year__lt=op.year))
    offset = (day - op.starts).days
    found: dict[int, dict[str, Any]] = {}
    cumulative: dict[str, list[int]] = {}
    if others:
        # One grouped query per earlier season's day: its totals, its count to the same day of
        # its season and its cumulative line, all from these rows.
        starts = {o.pk: o for o in others}
        series: dict[int, list[int]] = {}
        per_day = _grouped(
            DailyFigure.objects.filter(operation__in=others)
            .values("operation_id", "day")
            .annotate(**TOTALS)
            .order_by()
        )
        for r in per_day:
            other = starts[r["operation_id"]]
            entry = found.setdefault(
                other.year,
                {
                    "year": other.year,
                    "source": "figures",
                    **_totals(None),
                    "passengers_to_date": 0,
                    "vehicles_to_date": 0,
                },
            )
            for name in TOTALS:
                entry[name] += int(r[name] or 0)
            at = (r["day"] - other.starts).days
            if at <= offset:
                entry["passengers_to_date"] += int(r["passengers"] or 0)
                entry["vehicles_to_date"] += int(r["vehicles"] or 0)
            values = series.setdefault(other.year, [0] * other.days)
            if 0 <= at < other.days:
                values[at] += int(r["passengers"] or 0)
        for year, values in sorted(series.items()):
            running, out = 0, []
            for value in values:
                running += value
                out.append(running)
            cumulative[str(year)] = out
    for past in history.SEASONS:
        if past.year < op.year and past.year not in found:
            found[past.year] = {
                "year": past.year,
                "source": "public",
                "passengers": past.passengers,
                "vehicles": past.vehicles,
                "rotations": 0,
                "incidents": 0,
                "passengers_to_date": None,
                "vehicles_to_date": None,
                "as_of": past.as_of,
                "peak_day": past.peak_day_passengers,
            }
    return sorted(found.values(), key=lambda e: -e["year"]), cumulative
