"""The demo's transit operations: made only through the operation's actions, as users would make
them on the pages; every daily figure synthetic, scaled to the public totals (``history``).

On ``ma``, the home: the DGSN's supervisor opens the 2023, 2024 and 2025 operations (the Guardia
Civil and the Policía Nacional take part) and its officer enters the Moroccan ports' figures. On
``es``, once the copies have arrived: the Guardia Civil's officer enters the Spanish ports'
figures, proposed to the home. Travellers are counted once, where they embark: the Spanish
mainland ports toward Morocco, the Moroccan ports, Ceuta and Melilla toward Europe. Each step
runs once: a second run finds the rows there and skips it.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import random
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.transit import actions, codes, history, queries
from strait.transit.models import Operation

PARTICIPANTS = ("es-gc", "es-pn")
# How long ``es`` waits for the operations' copies.
WAIT = 90.0
# Each season: (passengers, vehicles) over the whole season, and the plan.
SEASONS: dict[int, dict[str, int]] = {
    2023: {"passengers": 3_220_000, "vehicles": 775_000, "plan": 3_100_000},
    2024: {"passengers": 3_300_000, "vehicles": 812_000, "plan": 3_300_000},
    2025: {"passengers": 3_450_000, "vehicles": 840_000, "plan": 3_400_000},
}
# Where the travellers embark, per direction: the port's share of the direction's total.
SHARES: dict[str, dict[str, float]] = {
    codes.Direction.TO_MOROCCO: {
        "algeciras": 0.62,
        "tarifa": 0.12,
        "almeria": 0.14,
        "motril": 0.07,
        "malaga": 0.05,
    },
    codes.Direction.TO_EUROPE: {
        "tanger-med": 0.55,
        "tanger-ville": 0.10,
        "nador": 0.15,
        "al-hoceima": 0.04,
        "ceuta": 0.10,
        "melilla": 0.06,
    },
}
# Share of the season's travellers going south (the rest come back north).
SOUTH = 0.48


def _season(year: int) -> dict[str, Any]:
    return {
        "year": year,
        "title": f"Operación Paso del Estrecho / Marhaba {year}",
        "departure_from": dt.date(year, 6, 15),
        "departure_until": dt.date(year, 8, 15),
        "return_from": dt.date(year, 7, 15),
        "return_until": dt.date(year, 9, 15),
        "plan_passengers": SEASONS[year]["plan"],
        "plan_vehicles": SEASONS[year]["plan"] * 24 // 100,
        "plan_rotations": SEASONS[year]["plan"] // 650,
    }


def _weights(op: Operation, direction: str) -> list[float]:
    """The season's daily profile in one direction: a base, the phase's peak (the first days of
    August going south, the last days of August coming back), weekends busier."""
    peak = (
        dt.date(op.year, 8, 1)
        if direction == codes.Direction.TO_MOROCCO
        else dt.date(op.year, 8, 30)
    )
    width = 12.0 if direction == codes.Direction.TO_MOROCCO else 9.0
    out = []
    for n in range(op.days):
        day = op.starts + dt.timedelta(days=n)
        weight = 0.18 + math.exp(-(((day - peak).days / width) ** 2))
        if day.weekday() >= 4:
            weight *= 1.12
        out.append(weight)
    return out


def _rows(op: Operation, country: str) -> list[dict[str, Any]]:
    """The season's figures of ``country``'s ports, scaled so both sides together make the
    season's total (for 2024: its published total by 30 August)."""
    rng = random.Random(f"strait-transit-{op.year}-{country}")  # noqa: S311  (synthetic data)
    spec = SEASONS[op.year]
    total = spec["passengers"]
    if op.year == 2024:  # published to 30 August: scale so the count to that day matches
        total = _to_date_scale(op, history.season(2024))
    vehicle_ratio = spec["vehicles"] / spec["passengers"]
    rows = []
    for direction, shares in SHARES.items():
        weights = _weights(op, direction)
        scale = total * (SOUTH if direction == codes.Direction.TO_MOROCCO else 1 - SOUTH)
        scale /= sum(weights)
        top = max(weights)
        for port, share in shares.items():
            if codes.PORTS[port].country != country:
                continue
            for n, weight in enumerate(weights):
                noise = rng.uniform(0.93, 1.07)
                passengers = int(scale * weight * share * noise)
                load = weight / top
                wait_avg = int(20 + 70 * load * rng.uniform(0.8, 1.2))
                rows.append(
                    {
                        "port": port,
                        "day": (op.starts + dt.timedelta(days=n)).isoformat(),
                        "direction": str(direction),
                        "passengers": passengers,
                        "vehicles": int(passengers * vehicle_ratio * rng.uniform(0.9, 1.1)),
                        "rotations": max(1, round(passengers / 620)),
                        "wait_avg": wait_avg,
                        "wait_max": int(wait_avg * rng.uniform(1.8, 3.2)),
                        "incidents": rng.choice((0, 0, 0, 1, 1, 2)) + (2 if load > 0.8 else 0),
                    }
                )
    return rows


def _to_date_scale(op: Operation, published: history.Season | None) -> int:
    """The season's total such that the count to ``published.as_of`` is the published one."""
    if published is None:
        return SEASONS[op.year]["passengers"]
    share = 0.0
    for direction in SHARES:
        weights = _weights(op, direction)
        part = SOUTH if direction == codes.Direction.TO_MOROCCO else 1 - SOUTH
        cut = (published.as_of - op.starts).days + 1
        share += part * sum(weights[:cut]) / sum(weights)
    return int(published.passengers / share)


def _user(username: str) -> User:
    return User.objects.select_related("agency", "agency__country").get(username=username)


def _wait_for(found: Callable[[], Any]) -> Any:
    deadline = time.monotonic() + WAIT
    while True:
        value = found()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.5)


def _enter(user: User, op: Operation) -> int:
    """The agency's ports' season, unless it entered them already."""
    if queries.own_recent(user, op, limit=1):
        return 0
    rows = _rows(op, user.agency.country.code)
    actions.report_figures(user, op, rows)
    return len(rows)


def _home() -> list[str]:
    supervisor = _user("dgsn.supervisor")
    officer = _user("dgsn.officer")
    others = list(Agency.objects.filter(code__in=PARTICIPANTS))
    lines = []
    for year in sorted(SEASONS):
        op = queries.operation(supervisor, year)
        opened = op is None
        if op is None:
            op = actions.open_operation(supervisor, participants=others, **_season(year))
        entered = _enter(officer, op)
        state = "opened" if opened else "there already"
        lines.append(f"transit {year}: {state}; {entered} Moroccan daily figures entered")
    return lines


def _partner() -> list[str]:
    officer = _user("gc.officer")
    lines = []
    for year in sorted(SEASONS):
        op = _wait_for(functools.partial(queries.operation, officer, year))
        if op is None:
            lines.append(f"transit {year}: no copy from ma within {WAIT:.0f}s; es's part skipped")
            continue
        entered = _enter(officer, op)
        lines.append(f"transit {year}: {entered} Spanish daily figures proposed")
    return lines


def seed_demo_transit(node_code: str | None = None) -> Iterable[str]:
    """This node's part of the demo's transit operations; what it did, a line each. The nodes
    must be peers first: the home sends every change to the participants' nodes."""
    node_code = node_code or settings.NODE.code
    if node_code == "ma":
        return _home()
    if node_code == "es":
        return _partner()
    return []
