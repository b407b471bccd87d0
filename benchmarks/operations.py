"""Joint operations benchmark (issue 13).

Prints ``figure: value unit`` lines, among them, named exactly:

- ``operation page p95: N ms``: the server time of the operation's page (``/operations/<uid>/``)
  for an operation with 2,000 entities, 5,000 relations and 10,000 timeline entries, requested
  through Django's test client as a member (every middleware, the view, its queries and its
  template); target under 300 ms.
- ``statistics page p95: N ms``: the statistics page (``/operations/statistics/``) answering the
  seeds' question (arrests on terrorism charges since August 2014) over that operation and 19
  others with 2,000 outcomes between them; target under 300 ms.
- ``link chart draw: N ms``: the link chart of the 2,000 entities drawn in Debian's Chromium
  (Playwright) against the node served by its real server process, read from the page's
  ``data-draw-ms`` (fetch of chart.json, build, layout, first frames painted); the median of
  the loads; target under 2,000 ms.
- ``change latency p99`` and ``partition convergence`` (three real nodes): added to ``FIGURES``
  by their own functions.

    python benchmarks/operations.py [--quick] [--runs N]

``--quick`` (within 60 s) uses 500 entities, 1,250 relations, 2,500 timeline entries and 500
outcomes, 30 requests per page and 2 chart loads, and says so. It needs PostgreSQL: it re-runs
itself under ``bin/with-postgres`` when STRAIT_DATABASE_URL names no PostgreSQL server.
Synthetic names only.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from strait.federation.testing import LocalNode, postgres_server_url  # noqa: E402

SEED = 20140801
CHROMIUM = os.environ.get("STRAIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]


@dataclass(frozen=True)
class Sizes:
    entities: int
    relations: int
    timeline: int
    outcomes: int
    operations: int
    runs: int
    chart_loads: int
    budget: float  # seconds per page figure at most (at least 3 requests)


FULL = Sizes(2_000, 5_000, 10_000, 2_000, 20, 200, 5, 90.0)
QUICK = Sizes(500, 1_250, 2_500, 500, 20, 30, 2, 6.0)


def figure(name: str, value: float | int | str, unit: str) -> None:
    if isinstance(value, float):
        value = f"{value:.1f}"
    print(f"{name}: {value} {unit}".rstrip(), flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(name: str, runs: int, call: Callable[[], object], budget: float = 0) -> float:
    """p50 and p95 of ``runs`` calls after a few warm-up calls; returns the p95 in ms. With a
    ``budget`` (seconds), it stops early once the budget is spent (at least 3 calls), so a slow
    page cannot stretch ``--quick`` past its minute; the number of calls is printed."""
    for _ in range(1 if budget else min(3, runs)):
        call()
    times: list[float] = []
    began = time.perf_counter()
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
        if budget and len(times) >= 3 and time.perf_counter() - began > budget:
            break
    figure(f"{name} p50", statistics.median(times), f"ms ({len(times)} requests)")
    return percentile(times, 0.95)


# --- the single node: an operation of 2,000 entities, its pages and its chart ------------------


@dataclass
class Loaded:
    node: LocalNode
    sizes: Sizes
    user: Any
    operation: Any
    client: Any
    session_cookie: str


PERSON_NAMES_AR = ["يوسف", "حمزة", "سفيان", "إلياس", "كريم", "عبد الله", "مريم", "فاطمة"]
FAMILY_AR = ["الإدريسي", "البقالي", "الحداد", "المرابط", "الزياني", "العلمي"]
PERSON_NAMES_LA = ["Karim", "Anouar", "Mehdi", "Rachid", "Lucía", "Javier", "Ana", "Omar"]
FAMILY_LA = ["Benali", "Lamrani", "Ouali", "García", "Martín", "Ait Lahcen"]


def load(sizes: Sizes) -> tuple[Any, Any]:
    """The analyst (DGST) and the big operation; the other operations with outcomes around it.
    The operations are made by the actions (as the home makes them); their thousands of rows
    are stored in bulk, as the ops' effects would have stored them one change at a time."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from strait.accounts.models import User
    from strait.agencies.models import Agency
    from strait.federation.keys import ensure_keys
    from strait.operations import actions, codes
    from strait.operations.models import (
        OperationEntity,
        Outcome,
        Relation,
        TimelineEntry,
    )
    from strait.permissions import Role

    rnd = random.Random(SEED)
    ensure_keys()
    dgst = Agency.objects.get(code="ma-dgst")
    # A partner on this same node: the fan-out to another node needs a peer, not measured here.
    dgsn = Agency.objects.get(code="ma-dgsn")
    analyst = User.objects.create(
        username="bench.dgst",
        full_name="Bench DGST Analyst",
        agency=dgst,
        role=Role.ANALYST,
        password=make_password(None),
    )
    started = time.perf_counter()
    ops = [
        actions.create_operation(
            analyst,
            code_name=f"BENCH-{n:02d}",
            crime_area="terrorism" if n % 3 else "drugs",
            legal_basis="Bilateral agreement on police cooperation",
            purpose="Benchmark (synthetic)",
            participants=[(dgsn, "participant")],
        )
        for n in range(sizes.operations)
    ]
    big = ops[0]
    now = timezone.now()

    entities = []
    kinds = [k for k, _label in codes.EntityKind.choices]
    for n in range(sizes.entities):
        arabic = n % 2 == 0
        kind = "person" if n % 4 != 3 else kinds[n % len(kinds)]
        if kind == "person":
            first = rnd.choice(PERSON_NAMES_AR if arabic else PERSON_NAMES_LA)
            family = rnd.choice(FAMILY_AR if arabic else FAMILY_LA)
            label = f"{first} {family} {n}"
        else:
            label = f"{kind} {n}"
            arabic = False
        entities.append(
            OperationEntity(
                operation=big,
                uid=uuid.uuid4(),
                kind=kind,
                label=label,
                script="Arab" if arabic else "Latn",
                details={},
                handling="H1",
                owner_agency="ma-dgst" if n % 3 else "ma-dgsn",
                source_ref=str(uuid.uuid4()),
                shared_at=now,
            )
        )
    OperationEntity.objects.bulk_create(entities, batch_size=2_000)
    relation_kinds = [k for k, _label in codes.RelationKind.choices]
    Relation.objects.bulk_create(
        [
            Relation(
                operation=big,
                uid=uuid.uuid4(),
                source=rnd.choice(entities),
                target=rnd.choice(entities),
                kind=relation_kinds[n % len(relation_kinds)],
                source_text="Benchmark",
                evaluation="B2",
                observed_on=date(2014, 1, 1) + timedelta(days=n % 700) if n % 4 else None,
                by_agency="ma-dgst",
                at=now,
            )
            for n in range(sizes.relations)
        ],
        batch_size=5_000,
    )
    timeline_kinds = [k for k, _label in codes.TimelineKind.choices]
    entries = TimelineEntry.objects.bulk_create(
        [
            TimelineEntry(
                operation=big,
                uid=uuid.uuid4(),
                kind=timeline_kinds[n % len(timeline_kinds)],
                at=datetime(2014, 1, 1, tzinfo=UTC) + timedelta(hours=n),
                text=f"Synthetic event {n}: surveillance report, meeting or movement.",
                by_agency="ma-dgst",
                by_name="Bench",
            )
            for n in range(sizes.timeline)
        ],
        batch_size=5_000,
    )
    through = TimelineEntry.entities.through
    through.objects.bulk_create(
        [
            through(timelineentry_id=entry.pk, operationentity_id=rnd.choice(entities).pk)
            for entry in entries
        ],
        batch_size=5_000,
    )
    outcome_kinds = ["arrest", "arrest", "arrest", "seizure", "cell_dismantled"]
    Outcome.objects.bulk_create(
        [
            Outcome(
                operation=ops[n % len(ops)],
                uid=uuid.uuid4(),
                agency="ma-dgst" if n % 2 else "ma-dgsn",
                country="MA" if n % 2 else "ES",
                kind=outcome_kinds[n % len(outcome_kinds)],
                on=date(2012, 1, 1) + timedelta(days=(n * 7) % 2900),
                count=1 + n % 9,
                crime_category="terrorism" if n % 3 else "",
                kilograms=Decimal(n % 500) if n % 5 == 3 else None,
                seizure_type="drug" if n % 5 == 3 else "",
                by_name="Bench",
                at=now,
            )
            for n in range(sizes.outcomes)
        ],
        batch_size=5_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    figure("load", time.perf_counter() - started, "s")
    figure(
        "operation",
        f"{sizes.entities:,} entities, {sizes.relations:,} relations, "
        f"{sizes.timeline:,} timeline entries; {sizes.outcomes:,} outcomes in "
        f"{sizes.operations} operations",
        "",
    )
    return analyst, big


@contextmanager
def loaded_node(sizes: Sizes) -> Iterator[Loaded]:
    """A fresh ``ma`` node on PostgreSQL with the operations loaded, a logged-in test client
    for the analyst (both factors done) and that session's cookie for the browser."""
    home = Path(tempfile.mkdtemp(prefix="strait-bench-operations-"))
    saved = dict(os.environ)
    node = LocalNode("ma", home / "ma", country="MA")
    node.init()
    (node.home / "static").mkdir(exist_ok=True)  # STATIC_ROOT: served from the apps here
    os.environ.update(node.env())

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from strait.accounts.sessions import register_session

    user, op = load(sizes)
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    client = Client()
    client.force_login(user, backend="strait.accounts.backends.NormalisedUsernameBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    register_session(session, user)
    session.save()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    try:
        yield Loaded(node, sizes, user, op, client, cookie)
    finally:
        node.stop()
        # The three-node figures start nodes of their own from this environment.
        os.environ.clear()
        os.environ.update(saved)


def _get(client: Any, url: str) -> Callable[[], object]:
    def call() -> object:
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return response

    return call


def operation_page(loaded: Loaded) -> None:
    from django.urls import reverse

    url = reverse("operations:detail", args=[loaded.operation.obj.uid])
    size = len(loaded.client.get(url).content)
    figure("operation page size", f"{size / 1024:,.0f}", "KiB of HTML")
    p95 = measure(
        "operation page", loaded.sizes.runs, _get(loaded.client, url), loaded.sizes.budget
    )
    print(f"operation page p95: {p95:.0f} ms", flush=True)


def statistics_page(loaded: Loaded) -> None:
    from django.urls import reverse

    url = reverse("operations:statistics") + "?kind=arrest&since=2014-08-01&crime_area=terrorism"
    from strait.operations import statistics as totals

    asked = totals.Filters(kind="arrest", since=date(2014, 8, 1), crime_area="terrorism")
    figure("statistics answer", totals.answer(totals.figures(loaded.user, asked)), "")
    p95 = measure(
        "statistics page", loaded.sizes.runs, _get(loaded.client, url), loaded.sizes.budget
    )
    print(f"statistics page p95: {p95:.0f} ms", flush=True)
    csv_url = reverse("operations:statistics_csv") + "?kind=arrest&period=month"
    figure(
        "statistics csv p95",
        measure(
            "statistics csv",
            loaded.sizes.runs // 2 or 1,
            _get(loaded.client, csv_url),
            loaded.sizes.budget,
        ),
        "ms",
    )
    chart_url = reverse("operations:chart_json", args=[loaded.operation.obj.uid])
    figure(
        "chart.json p95",
        measure(
            "chart.json",
            loaded.sizes.runs // 2 or 1,
            _get(loaded.client, chart_url),
            loaded.sizes.budget,
        ),
        "ms",
    )


def link_chart_draw(loaded: Loaded) -> None:
    """Chromium opens the chart page on the served node as the analyst; the page itself says
    how long the drawing took."""
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    node = loaded.node
    node.start_server(workers=1, threads=4)
    url = f"{node.url}/operations/{loaded.operation.obj.uid}/chart/"
    draws: list[int] = []
    steps: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": loaded.session_cookie,
                    "url": node.url,
                }
            ]
        )
        page = context.new_page()
        for _ in range(loaded.sizes.chart_loads + 1):  # the first load warms the caches
            page.goto(url)
            page.wait_for_selector("#linkchart[data-draw-ms]", timeout=60_000)
            chart = page.locator("#linkchart")
            draws.append(int(chart.get_attribute("data-draw-ms") or 0))
            steps.append(
                " ".join(
                    f"{step} {chart.get_attribute(f'data-{step}-ms')}"
                    for step in ("fetched", "ready", "built", "laid-out", "draw")
                )
            )
        nodes, edges = chart.get_attribute("data-nodes"), chart.get_attribute("data-edges")
        layout = chart.get_attribute("data-layout")
        browser.close()
    draws = draws[1:]
    for n, step in enumerate(steps[1:], 1):
        figure(f"link chart load {n}", step, "ms since the script started")
    figure("link chart", f"{nodes} entities, {edges} relations, layout {layout}", "")
    figure("link chart draws", " ".join(str(d) for d in draws), "ms")
    # Chromium draws without a GPU: the figure follows what else the two cores are doing.
    figure("load average", " ".join(f"{x:.1f}" for x in os.getloadavg()), "(1, 5, 15 min)")
    print(f"link chart draw: {statistics.median(draws):.0f} ms", flush=True)


def single_node(options: argparse.Namespace) -> None:
    sizes = QUICK if options.quick else FULL
    if options.runs:
        sizes = Sizes(**{**sizes.__dict__, "runs": options.runs})
    if options.quick:
        figure("quick", "500 entities, 1,250 relations, 2,500 timeline entries, 500 outcomes", "")
    with loaded_node(sizes) as loaded:
        operation_page(loaded)
        statistics_page(loaded)
        link_chart_draw(loaded)


def three_nodes(options: argparse.Namespace) -> None:
    """change latency p50/p99 and partition convergence: benchmarks/operations_nodes.py."""
    from benchmarks import operations_nodes

    operations_nodes.three_nodes(options)


# Each entry prints its own figures.
FIGURES: dict[str, Callable[[argparse.Namespace], None]] = {
    "single": single_node,
    "nodes": three_nodes,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, within 60 s")
    parser.add_argument("--runs", type=int, help="requests per page figure")
    parser.add_argument(
        "--only", choices=sorted(FIGURES), help="one group: the single node's or the three nodes'"
    )
    options = parser.parse_args()
    if not postgres_server_url():
        helper = ROOT / "bin" / "with-postgres"
        this = str(Path(__file__).resolve())
        os.execv(helper, [str(helper), sys.executable, this, *sys.argv[1:]])  # noqa: S606
    started = time.perf_counter()
    for name, run in FIGURES.items():
        if options.only in (None, name):
            run(options)
    figure("benchmark", time.perf_counter() - started, "s")


if __name__ == "__main__":
    main()
