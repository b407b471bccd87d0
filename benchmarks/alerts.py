"""Alerts in real time and the situation map (issue 14).

Prints ``figure: value unit`` lines, among them, named exactly:

- ``alert to screen p50: N ms`` and ``alert to screen p99: N ms``: two real nodes (ma and es,
  each its own ``strait serve`` and ``strait worker`` processes and database); 200 users of the
  Guardia Civil on es hold their page's event stream open (``/notifications/stream/``), each
  with its own logged-in session (both factors done) as a browser would, reconnecting when the
  server ends a stream as EventSource does. A DGSN supervisor on ma releases a migration-surge
  alert addressed to the Guardia Civil (four eyes: drafted and submitted by a DGSN officer);
  the figure is the time from just before the release on ma to the event carrying the alert's
  banner on each client's stream (the moment push.js draws the banner from the event). Target:
  p99 under 2 s. Printed with it: ``alert to fragment``, the #live fragment (banner buttons,
  counts) each page then fetches, here all 200 at once on the same two cores (a page spreads
  that fetch over 2 s), and how many clients missed an event.
- ``map page p95: N ms``: the situation map page (``/situation/``, its data for the default
  24-hour window inside the page) on ma, the picture's home, with 5,000 crossing reports in
  that window and 200 active surge alerts issued by DGSN, requested one after another by a
  logged-in DGSN user over HTTP from the served node (loopback: server time plus a fraction of
  a millisecond). Target under 300 ms.

    python benchmarks/alerts.py [--quick] [--clients N] [--releases N]

``--quick`` (within about 60 s once the nodes are up) holds 200 streams through 3 releases and
seeds 1,000 crossing reports and 50 alerts, and says so. Uses PostgreSQL databases when
STRAIT_DATABASE_URL names a server, SQLite files otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from strait.federation.testing import LocalNode  # noqa: E402
from tests.nodes import on_named  # noqa: E402

NODE_SIDE = "tests.nodes.push"  # imported inside the nodes only (it needs their Django)
STREAM = "/notifications/stream/"
LIVE = "/notifications/live/"
MAP = "/situation/"
# Streams per web worker on es (two workers): room for the 200 clients and a margin.
STREAMS_PER_WORKER = 150
EVENT_TIMEOUT = 20.0  # seconds a client waits for a release's event before it counts as missed
GAP = 3.0  # seconds between two releases


@dataclass(frozen=True)
class Plan:
    clients: int
    releases: int
    crossings: int
    alerts: int
    map_requests: int


FULL = Plan(clients=200, releases=10, crossings=5_000, alerts=200, map_requests=100)
QUICK = Plan(clients=200, releases=3, crossings=1_000, alerts=50, map_requests=30)


def figure(name: str, value: float | int | str, unit: str) -> None:
    if isinstance(value, float):
        value = f"{value:.0f}"
    print(f"{name}: {value} {unit}".rstrip(), flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# --- the nodes -----------------------------------------------------------------------------


def start_nodes(root: Path) -> dict[str, LocalNode]:
    nodes = {code: LocalNode(code, root / code, country=code.upper()) for code in ("ma", "es")}
    nodes["es"].settings_env["STRAIT_NOTIFICATIONS_STREAM_MAX"] = str(STREAMS_PER_WORKER)

    def prepare(node: LocalNode) -> None:
        node.init()
        node.strait("manage", "demo", "--json")
        node.start_server(workers=2, threads=4)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(prepare, nodes.values()))
    nodes["ma"].add_peer(nodes["es"])
    nodes["es"].add_peer(nodes["ma"])
    for node in nodes.values():
        node.start_worker()
    return nodes


def moment(value: Any) -> float:
    """A timestamp as read from SQLite (text, UTC) or PostgreSQL (aware), as Unix time."""
    found = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return (found if found.tzinfo else found.replace(tzinfo=UTC)).timestamp()


def notification_delays(starts: list[float], created: list[float]) -> list[float]:
    """Per release, from its start to the first notification row written on es for it."""
    delays = []
    for n, since in enumerate(starts):
        until = starts[n + 1] if n + 1 < len(starts) else float("inf")
        mine = [t for t in created if since <= t < until]
        if mine:
            delays.append((min(mine) - since) * 1000)
    return delays or [float("nan")]


# --- 200 open pages on es ------------------------------------------------------------------


@dataclass
class Page:
    """One user's open page: its stream's events (Unix times), as EventSource would see them."""

    cookie: str
    events: list[float] = field(default_factory=list)
    connected: asyncio.Event = field(default_factory=asyncio.Event)
    reconnections: int = 0
    refused: int = 0


async def hold(client: httpx.AsyncClient, page: Page, stop: asyncio.Event) -> None:
    headers = {"Cookie": f"sessionid={page.cookie}", "Accept": "text/event-stream"}
    while not stop.is_set():
        try:
            async with client.stream("GET", STREAM, headers=headers) as response:
                if response.status_code == 204:  # the cap: the page would poll; try again
                    page.refused += 1
                    await asyncio.sleep(0.5)
                    continue
                response.raise_for_status()
                kind = ""
                async for line in response.aiter_lines():
                    if line.startswith("event: "):
                        kind = line[len("event: ") :]
                        if kind == "ready":
                            page.connected.set()
                    # On screen when the event carries the alert's banner: push.js draws it
                    # from the event, before any fragment is fetched.
                    elif (
                        kind == "notification"
                        and line.startswith("data: ")
                        and json.loads(line[len("data: ") :]).get("banners")
                    ):
                        page.events.append(time.time())
                    if stop.is_set():
                        return
            page.reconnections += 1  # the server ended the stream: EventSource reconnects
        except httpx.HTTPError:
            if stop.is_set():
                return
            page.reconnections += 1
            await asyncio.sleep(0.2)


async def fragment_times(client: httpx.AsyncClient, pages: list[Page], since: float) -> list[float]:
    """Each page's fetch of its #live fragment once its event came: done when the banner is in."""

    async def one(page: Page) -> float | None:
        arrived = next((t for t in page.events if t >= since), None)
        if arrived is None:
            return None
        response = await client.get(LIVE, headers={"Cookie": f"sessionid={page.cookie}"})
        if 'data-topic="alerts.alert"' not in response.text:
            return None
        return time.time()

    done = await asyncio.gather(*(one(page) for page in pages))
    return [(t - since) * 1000 for t in done if t is not None]


async def alert_to_screen(nodes: dict[str, LocalNode], plan: Plan) -> None:
    ma, es = nodes["ma"], nodes["es"]
    cookies = on_named(es, f"{NODE_SIDE}:sessions", agency_code="es-gc", count=plan.clients)
    limits = httpx.Limits(max_connections=plan.clients * 2, max_keepalive_connections=0)
    timeout = httpx.Timeout(30.0, read=None)
    async with httpx.AsyncClient(base_url=es.url, limits=limits, timeout=timeout) as client:
        pages = [Page(cookie) for cookie in cookies.values()]
        stop = asyncio.Event()
        holders = [asyncio.create_task(hold(client, page, stop)) for page in pages]
        began = time.monotonic()
        await asyncio.wait_for(
            asyncio.gather(*(page.connected.wait() for page in pages)), timeout=120
        )
        figure("streams open on es", f"{len(pages)} in {time.monotonic() - began:.1f} s", "")
        if "postgres" in es.database_url:  # a waiting stream holds no database connection
            held = es.query(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            )[0][0]
            figure("database connections on es with the streams open", held - 1, "")
        # The drafts are written and submitted first: the figure starts at each release.
        titles = [f"Fnideq: surge expected tonight ({n + 1})" for n in range(plan.releases + 1)]
        drafts = await asyncio.to_thread(
            on_named, ma, f"{NODE_SIDE}:submitted_surges", titles=titles, addressees=["es-gc"]
        )
        # A first release warms both nodes (connections, caches); not counted. Then the others,
        # GAP seconds apart, in one node-side call (a `strait manage` process takes seconds).
        released = await asyncio.to_thread(
            on_named, ma, f"{NODE_SIDE}:release_paced", draft_uids=drafts, gap=GAP
        )
        starts = [float(r["started"]) for r in released][1:]
        committed = [(float(r["committed"]) - float(r["started"])) * 1000 for r in released][1:]
        deadline = time.time() + EVENT_TIMEOUT
        while time.time() < deadline and any(
            not any(t >= starts[-1] for t in page.events) for page in pages
        ):
            await asyncio.sleep(0.05)
        latencies: list[float] = []
        missed = 0
        for n, since in enumerate(starts):
            until = starts[n + 1] if n + 1 < len(starts) else float("inf")
            for page in pages:
                arrived = next((t for t in page.events if since <= t < until), None)
                if arrived is None:
                    missed += 1
                else:
                    latencies.append((arrived - since) * 1000)
        # What the page does on the event, for the last release: fetch its fragment (all at once).
        fragments = await fragment_times(client, pages, starts[-1])
        notified = es.query(
            "SELECT created_at FROM notifications_notification WHERE topic = ?", ("alerts.alert",)
        )
        to_es = notification_delays(starts, [moment(row[0]) for row in notified])
        stop.set()
        for task in holders:
            task.cancel()
        await asyncio.gather(*holders, return_exceptions=True)
    figure("alert releases measured", f"{plan.releases} to {len(pages)} users on es", "")
    figure("alert to screen p50", statistics.median(latencies), "ms")
    figure("alert to screen p99", percentile(latencies, 0.99), "ms")
    figure("alert to screen max", max(latencies), "ms")
    figure("alert to screen missed", missed, "events")
    figure("release to the notification row on es p50", statistics.median(to_es), "ms")
    figure("release committed on ma p50", statistics.median(committed), "ms")
    if fragments:
        figure("alert to fragment p50", statistics.median(fragments), "ms")
        figure("alert to fragment p99", percentile(fragments, 0.99), "ms")
    figure("stream reconnections", sum(p.reconnections for p in pages), "")
    figure("streams refused (cap)", sum(p.refused for p in pages), "")


# --- the map page ----------------------------------------------------------------------------


def map_page(nodes: dict[str, LocalNode], plan: Plan) -> None:
    ma = nodes["ma"]  # the picture's home, and the alerts' issuer
    seeded = on_named(
        ma, f"{NODE_SIDE}:situation_load", crossings=plan.crossings, alerts=plan.alerts
    )
    figure("map page data", f"{seeded['crossings']} crossings, {seeded['alerts']} alerts", "")
    cookie = on_named(ma, f"{NODE_SIDE}:sessions", agency_code="ma-dgsn", count=1, prefix="map")
    headers = {"Cookie": f"sessionid={next(iter(cookie.values()))}"}
    times: list[float] = []
    with httpx.Client(base_url=ma.url, headers=headers, timeout=30) as client:
        for n in range(plan.map_requests + 3):
            started = time.perf_counter()
            response = client.get(MAP)
            elapsed = (time.perf_counter() - started) * 1000
            response.raise_for_status()
            if n >= 3:  # warm-up
                times.append(elapsed)
    figure("map page size", f"{len(response.content) / 1024:.0f}", "KB")
    figure("map page p50", statistics.median(times), f"ms ({len(times)} requests)")
    figure("map page p95", percentile(times, 0.95), "ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 releases, a smaller map")
    parser.add_argument("--clients", type=int, help="open pages on es (default 200)")
    parser.add_argument("--releases", type=int, help="alerts released (default 10, quick 3)")
    parser.add_argument("--only", choices=["push", "map"], help="one group of figures")
    options = parser.parse_args()
    plan = QUICK if options.quick else FULL
    if options.clients or options.releases:
        plan = Plan(
            clients=options.clients or plan.clients,
            releases=options.releases or plan.releases,
            crossings=plan.crossings,
            alerts=plan.alerts,
            map_requests=plan.map_requests,
        )
    if options.quick:
        figure(
            "quick",
            f"{plan.clients} streams, {plan.releases} releases; map with {plan.crossings} "
            f"crossings and {plan.alerts} alerts",
            "",
        )
    root = Path(tempfile.mkdtemp(prefix="strait-bench-alerts-"))
    started = time.perf_counter()
    nodes = start_nodes(root)
    try:
        figure("two nodes ready", time.perf_counter() - started, "s")
        database = "postgresql" if "postgres" in nodes["ma"].database_url else "sqlite"
        figure("database", database, "")
        measured = time.perf_counter()
        if options.only in (None, "push"):
            asyncio.run(alert_to_screen(nodes, plan))
        if options.only in (None, "map"):
            map_page(nodes, plan)
        figure("measured in", time.perf_counter() - measured, "s")
    finally:
        for node in nodes.values():
            node.stop()


if __name__ == "__main__":
    main()
