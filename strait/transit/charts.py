"""The dashboard's charts as data: what Chart.js draws on the page (``static/transit/
dashboard.js``) and the bar geometry of the PDF's inline SVG. The tables beside them hold the
same figures for every reader."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from strait.transit import codes
from strait.transit.queries import Dashboard

# A colour per port (the same on the page and in the PDF).
COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
)
PEAK = "#b30000"


def chart_data(board: Dashboard) -> dict[str, Any]:
    """Daily passengers per port (stacked bars, the peak days marked) and the season's
    cumulative passengers against earlier years and the plan (lines)."""
    ports = sorted(board.port_series, key=lambda code: -sum(board.port_series[code]))
    colour = {code: COLOURS[n % len(COLOURS)] for n, code in enumerate(sorted(codes.PORTS))}
    op = board.operation
    length = max([op.days, *(len(v) for v in board.cumulative.values())])
    plan = (
        [op.plan_passengers * (n + 1) // op.days for n in range(op.days)]
        if op.plan_passengers
        else []
    )
    return {
        "days": [d["day"].isoformat() for d in board.days],
        "peaks": [d["peak"] for d in board.days],
        "ports": [
            {"label": codes.PORTS[c].name, "colour": colour[c], "values": board.port_series[c]}
            for c in ports
        ],
        "season_days": list(range(1, length + 1)),
        "cumulative": [
            {"label": year, "values": values} for year, values in board.cumulative.items()
        ],
        "plan": plan,
        "words": {
            "passengers": _("Passengers"),
            "peak": _("Peak day"),
            "plan": _("Plan"),
            "season_day": _("Day of the season"),
            "day": _("Day"),
        },
        "peak_colour": PEAK,
    }


def bars(board: Dashboard, width: int = 520, height: int = 140) -> dict[str, Any]:
    """The PDF's daily bars: one rectangle per day, peaks in red."""
    if not board.days:
        return {"width": width, "height": height, "bars": []}
    top = max(d["passengers"] or 0 for d in board.days) or 1
    step = width / len(board.days)
    out = []
    for n, d in enumerate(board.days):
        h = round((d["passengers"] or 0) * (height - 10) / top, 1)
        out.append(
            {
                "x": round(n * step, 1),
                "y": round(height - h, 1),
                "w": max(round(step * 0.8, 1), 0.5),
                "h": h,
                "colour": PEAK if d["peak"] else COLOURS[0],
            }
        )
    return {"width": width, "height": height, "bars": out}
