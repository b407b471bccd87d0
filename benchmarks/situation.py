"""Situation map benchmark: the server time of the map page with 5,000 crossing reports and 200
active alerts (issue 14's target: p95 under 300 ms).

Prints ``figure: value unit`` lines, among them, named exactly, ``map page p95: N ms``: the page
``/situation/`` (its data for the default 24-hour window inside the page as a json_script)
requested through Django's test client by a logged-in DGSN officer (every middleware, the view,
its queries, the template), on ``ma``, the picture's home, with every one of the 5,000 reports in
that window (all drawn) and 200 active migration-surge alerts issued by the DGSN to the Guardia
Civil (released through the alerts' actions: four eyes). The same for the map's data of the
7-day window (``/situation/map.json?window=7d``) and for ``queries.map_data`` alone.

    python benchmarks/situation.py [--quick] [--runs N] [--sqlite]

``--quick``: 1,000 reports and 50 alerts, and says so. It runs on PostgreSQL (re-running itself
under ``bin/with-postgres`` when STRAIT_DATABASE_URL names no server) unless ``--sqlite``. The
reports are written as rows (5,000 changes ordered one by one would take minutes; the page reads
the rows, not the changes). Synthetic data only. ``timed_map_page`` is what another benchmark
may call for the same figure.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from strait.federation.testing import LocalNode, postgres_server_url  # noqa: E402

SEED = 20140811


def figure(name: str, value: float | int | str, unit: str) -> None:
    if isinstance(value, float):
        value = f"{value:.1f}"
    print(f"{name}: {value} {unit}".rstrip(), flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed(runs: int, call: Callable[[], object]) -> list[float]:
    for _n in range(min(5, runs)):  # warm-up: caches, templates, the connection
        call()
    times = []
    for _n in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(name: str, times: list[float]) -> float:
    p95 = percentile(times, 0.95)
    figure(f"{name} p50", statistics.median(times), "ms")
    figure(f"{name} p95", p95, "ms")
    return p95


def load(crossings: int, alerts: int) -> Any:
    """The demo's picture on ma with ``crossings`` reports in the last 24 hours and ``alerts``
    active surge alerts; returns the DGSN officer who reads the map."""
    from django.utils import timezone

    from strait.accounts.models import User
    from strait.agencies.seed import seed_reference_data
    from strait.alerts import actions as alert_actions
    from strait.demo.world import ensure_demo_world
    from strait.exchange.models import Channel
    from strait.federation.keys import ensure_keys
    from strait.situation import codes, queries
    from strait.situation.demo import seed_demo_situation
    from strait.situation.models import Crossing
    from tests.factories import ChannelFactory
    from tests.factories.federation import PeerFactory

    seed_reference_data()
    ensure_keys()
    ensure_demo_world()
    for code in ("es", "pt"):  # the home queues every change for the participants' nodes
        PeerFactory(code=code)
    seed_demo_situation("ma")
    officer = User.objects.select_related("agency").get(username="dgsn.officer")
    supervisor = User.objects.get(username="dgsn.supervisor")
    pic = queries.picture(officer)
    if pic is None:
        raise SystemExit("the demo picture was not opened")
    segments = [s.code for s in queries.segments(pic)]
    rng = random.Random(SEED)
    now = timezone.now()
    Crossing.objects.filter(picture=pic).delete()
    Crossing.objects.bulk_create(
        [
            Crossing(
                picture=pic,
                agency=rng.choice(["ma-dgsn", "es-gc"]),
                at=now - timedelta(minutes=rng.uniform(1, 23 * 60)),
                lat=round(rng.uniform(35.80, 36.10), 5),
                lon=round(rng.uniform(-5.60, -5.25), 5),
                people=rng.randint(1, 60),
                boat=rng.choice(list(codes.Boat)),
                outcome=rng.choice(list(codes.Outcome)),
                segment=rng.choice([*segments, ""]),
                by_name="Bench",
                reported_at=now,
            )
            for _n in range(crossings)
        ],
        batch_size=1000,
    )
    from strait.agencies.models import Agency

    dgsn, gc = Agency.objects.get(code="ma-dgsn"), Agency.objects.get(code="es-gc")
    if not Channel.objects.filter(agencies=dgsn).filter(agencies=gc).exists():
        ChannelFactory(code="bench-dgsn-gc", agencies=[dgsn, gc])
    for n in range(alerts):
        draft = alert_actions.save_draft(
            officer,
            {
                "type": "migration_surge",
                "title": f"Surge {n + 1} near Fnideq",
                "grounds": "Synthetic",
                "handling": "H1",
                "area_kind": "coast",
                "area_codes": [rng.choice(segments)],
                "valid_from": now - timedelta(minutes=5),
                "valid_until": now + timedelta(days=1),
                "addressees": ["es-gc"],
                "details": {
                    "place": "Fnideq",
                    "estimated_people": rng.randint(20, 400),
                    "boats": rng.randint(1, 9),
                    "direction": "North",
                    "lat": f"{rng.uniform(35.80, 36.00):.4f}",
                    "lon": f"{rng.uniform(-5.60, -5.30):.4f}",
                },
            },
        )
        alert_actions.release(supervisor, alert_actions.submit(officer, draft))
    return officer


def logged_in(user: Any) -> Any:
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from strait.accounts.sessions import register_session

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    client = Client()
    client.force_login(user, backend="strait.accounts.backends.NormalisedUsernameBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    register_session(session, user)
    session.save()
    return client


def timed_map_page(user: Any, runs: int) -> list[float]:
    """Server times (ms) of ``runs`` requests of the map page by ``user`` (a warm-up first)."""
    client = logged_in(user)

    def get() -> None:
        response = client.get("/situation/")
        if response.status_code != 200:
            raise SystemExit(f"/situation/ answered {response.status_code}")

    return timed(runs, get)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 reports and 50 alerts")
    parser.add_argument("--runs", type=int, help="requests per figure (default 100)")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    options = parser.parse_args()
    if not options.sqlite and not postgres_server_url():
        helper = ROOT / "bin" / "with-postgres"
        this = str(Path(__file__).resolve())
        os.execv(helper, [str(helper), sys.executable, this, *sys.argv[1:]])  # noqa: S606
    crossings, alerts = (1_000, 50) if options.quick else (5_000, 200)
    runs = options.runs or (30 if options.quick else 100)

    home = Path(tempfile.mkdtemp(prefix="strait-bench-situation-"))
    node = LocalNode("ma", home / "ma", country="MA")
    node.init()
    os.environ.update(node.env())

    import django

    django.setup()
    from django.db import connection

    from strait.situation import queries, surges

    started = time.perf_counter()
    user = load(crossings, alerts)
    figure("load", time.perf_counter() - started, "s")
    pic = queries.picture(user)
    if pic is None:
        raise SystemExit("no picture")
    data = queries.map_data(user, pic, "24h", surges.map_alerts(user))
    figure("map data", f"{len(data['crossings'])} crossings, {len(data['alerts'])} alerts", "")
    if options.quick:
        figure("quick", f"{crossings} reports and {alerts} alerts, not 5,000 and 200", "")
    report(
        "query map data",
        timed(runs, lambda: queries.map_data(user, pic, "24h", surges.map_alerts(user))),
    )
    client = logged_in(user)
    report(
        "map data 7d (map.json)", timed(runs, lambda: client.get("/situation/map.json?window=7d"))
    )
    page = report("map page", timed_map_page(user, runs))
    figure("page size", len(client.get("/situation/").content) // 1024, "KiB")
    figure("database", connection.vendor, "")
    print(f"map page p95: {page:.0f} ms", flush=True)


if __name__ == "__main__":
    main()
