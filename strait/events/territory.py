"""Where a venue may be: inside a host country's territory as Natural Earth draws it (the 1:10m
countries of world-atlas, the file the situation map already ships: nothing vendored twice).

The TopoJSON is decoded once per process, and only the host countries' rings are kept. A point
is inside a country when it is inside one of its polygons (even-odd rule, so holes count), or
within ``TOLERANCE`` of its border and inside no other host country: a stadium or a fan zone on
the waterfront stays inside although the 1:10m coastline is a few hundred metres coarse, while a
venue across a land border (Lisbon given as Spanish) is refused. Morocco is drawn with the
territory world-atlas names "W. Sahara" (732), as its national police covers it.
"""

from __future__ import annotations

import functools
import itertools
import json
from pathlib import Path
from typing import Any

ATLAS = (
    Path(__file__).resolve().parent.parent
    / "situation"
    / "static"
    / "situation"
    / "vendor"
    / "countries-10m.json"
)
# world-atlas ids (ISO 3166 numeric) of each host country's territory.
IDS: dict[str, tuple[str, ...]] = {"MA": ("504", "732"), "ES": ("724",), "PT": ("620",)}
# Degrees (about 2 km): the coastline's coarseness at 1:10m, with a margin.
TOLERANCE = 0.02

Ring = list[tuple[float, float]]  # (lon, lat)


def _arcs(topo: dict[str, Any]) -> list[Ring]:
    transform = topo["transform"]
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    decoded = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(arcs: list[Ring], indexes: list[int]) -> Ring:
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        ring.extend(points[1:] if ring else points)
    return ring


@functools.cache
def polygons() -> dict[str, list[list[Ring]]]:
    """Each host country's polygons, each a list of rings (the outer one and its holes)."""
    topo = json.loads(ATLAS.read_text(encoding="utf-8"))
    arcs = _arcs(topo)
    wanted = {id_: code for code, ids in IDS.items() for id_ in ids}
    out: dict[str, list[list[Ring]]] = {code: [] for code in IDS}
    for geometry in topo["objects"]["countries"]["geometries"]:
        code = wanted.get(str(geometry.get("id")))
        if code is None:
            continue
        parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        for part in parts:
            out[code].append([_ring(arcs, ring) for ring in part])
    return out


def _inside_ring(ring: Ring, lon: float, lat: float) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _inside(code: str, lon: float, lat: float) -> bool:
    return any(
        sum(_inside_ring(ring, lon, lat) for ring in polygon) % 2 == 1
        for polygon in polygons()[code]
    )


def _near(code: str, lon: float, lat: float) -> bool:
    limit = TOLERANCE * TOLERANCE
    for polygon in polygons()[code]:
        for ring in polygon:
            for (x1, y1), (x2, y2) in itertools.pairwise(ring):
                if not (
                    min(x1, x2) - TOLERANCE <= lon <= max(x1, x2) + TOLERANCE
                    and min(y1, y2) - TOLERANCE <= lat <= max(y1, y2) + TOLERANCE
                ):
                    continue
                dx, dy = x2 - x1, y2 - y1
                length = dx * dx + dy * dy
                t = 0.0 if length == 0 else ((lon - x1) * dx + (lat - y1) * dy) / length
                t = max(0.0, min(1.0, t))
                px, py = x1 + t * dx - lon, y1 + t * dy - lat
                if px * px + py * py <= limit:
                    return True
    return False


def in_country(code: str, lat: float, lon: float) -> bool:
    """Whether (lat, lon) is inside host country ``code`` (MA, ES, PT)."""
    if code not in IDS:
        return False
    if _inside(code, lon, lat):
        return True
    others = (c for c in IDS if c != code)
    return _near(code, lon, lat) and not any(_inside(c, lon, lat) for c in others)
