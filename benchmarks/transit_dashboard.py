"""Transit dashboard benchmark: the server time of a year's dashboard over ten seasons of daily
figures (issue 16's target: p95 under 200 ms).

Prints ``figure: value unit`` lines, among them, named exactly, ``transit dashboard p95: N ms``:
the page ``/transit/2025/`` requested through Django's test client by the leading agency's
officer (every middleware, the view, its grouped queries, the template with the charts' data),
with ten operations (2016 to 2025) opened through the actions and every port's day in both
directions in each (11 ports, 2 directions, 93 days: 2,046 rows a season, 20,460 in all). The
rows are written directly (20,000 rows through ordered changes would take minutes; the page reads
the rows, not the changes). Synthetic data only.

    python benchmarks/transit_dashboard.py [--quick] [--runs N] [--sqlite]

``dashboard_p95(quick)`` is what ``benchmarks/ports.py`` calls, in its own node's database
(Django already set up); alone, this script makes a node ``ma`` (PostgreSQL unless ``--sqlite``).
``--quick``: fewer requests (30 instead of 100), the same ten seasons.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = 20250615
YEARS = tuple(range(2016, 2026))


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


def load() -> Any:
    """Ten seasons of a new Moroccan agency's operations on this node, every port's day in both
    directions; returns the agency's officer who reads the dashboard."""
    from django.conf import settings
    from django.utils import timezone

    from strait.agencies.models import Country
    from strait.agencies.seed import seed_reference_data
    from strait.federation.keys import ensure_keys
    from strait.permissions import Role
    from strait.transit import actions, codes
    from strait.transit.models import DailyFigure
    from tests.factories import AgencyFactory, UserFactory

    seed_reference_data()
    ensure_keys()
    morocco = Country.objects.get(code="MA")
    tag = f"{random.randrange(16**6):06x}"
    agency = AgencyFactory(
        code=f"bench-transit-{tag}", node_code=settings.NODE.code, country=morocco
    )
    supervisor = UserFactory(agency=agency, role=Role.SUPERVISOR)
    officer = UserFactory(agency=agency, role=Role.OFFICER)
    rng = random.Random(SEED)
    now = timezone.now()
    for year in YEARS:
        op = actions.open_operation(
            supervisor,
            year=year,
            title=f"Bench transit {year}",
            departure_from=dt.date(year, 6, 15),
            departure_until=dt.date(year, 8, 15),
            return_from=dt.date(year, 7, 15),
            return_until=dt.date(year, 9, 15),
            plan_passengers=3_200_000,
            plan_vehicles=770_000,
            plan_rotations=5_000,
        )
        DailyFigure.objects.bulk_create(
            [
                DailyFigure(
                    operation=op,
                    port=port,
                    day=op.starts + dt.timedelta(days=n),
                    direction=direction,
                    passengers=(p := rng.randint(500, 40_000)),
                    vehicles=p // 4,
                    rotations=max(1, p // 620),
                    wait_avg=(w := rng.randint(10, 90)),
                    wait_max=w * 2,
                    incidents=rng.randint(0, 3),
                    agency=agency.code,
                    by_name="Bench",
                    entered_at=now,
                )
                for port in codes.PORTS
                for direction in codes.Direction.values
                for n in range(op.days)
            ],
            batch_size=2000,
        )
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


def dashboard_p95(quick: bool, runs: int | None = None) -> float:
    """The p95 (ms) of the 2025 dashboard page over ten seasons, in this process's database
    (Django set up); prints its figures on the way."""
    from django.db import connection

    from strait.transit import queries
    from strait.transit.models import DailyFigure

    runs = runs or (30 if quick else 100)
    started = time.perf_counter()
    officer = load()
    figure("transit load", time.perf_counter() - started, "s")
    op = queries.operation(officer, YEARS[-1])
    if op is None:
        raise SystemExit("the bench operation is not visible")
    rows = DailyFigure.objects.filter(operation__obj__home_agency=officer.agency).count()
    figure("transit seasons", f"{len(YEARS)} seasons, {rows} daily rows", "")
    if quick:
        figure("transit quick", f"{runs} requests, not 100", "")
    query = timed(runs, lambda: queries.dashboard(officer, op))
    figure("transit dashboard query p95", percentile(query, 0.95), "ms")
    client = logged_in(officer)
    url = f"/transit/{op.year}/"

    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")

    page = timed(runs, get)
    figure("transit dashboard p50", statistics.median(page), "ms")
    figure("transit database", connection.vendor, "")
    return percentile(page, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="30 requests instead of 100")
    parser.add_argument("--runs", type=int, help="requests per figure")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    options = parser.parse_args()
    from strait.federation.testing import LocalNode, postgres_server_url

    if not options.sqlite and not postgres_server_url():
        helper = ROOT / "bin" / "with-postgres"
        this = str(Path(__file__).resolve())
        os.execv(helper, [str(helper), sys.executable, this, *sys.argv[1:]])  # noqa: S606
    home = Path(tempfile.mkdtemp(prefix="strait-bench-transit-"))
    node = LocalNode("ma", home / "ma", country="MA")
    node.init()
    os.environ.update(node.env())

    import django

    django.setup()
    p95 = dashboard_p95(options.quick, options.runs)
    print(f"transit dashboard p95: {p95:.0f} ms", flush=True)


if __name__ == "__main__":
    main()
