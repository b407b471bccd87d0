"""Governance benchmark: the dashboard and the follow-up page with twelve years of meetings, and a
committee report PDF for one year (issue 15's targets: pages p95 under 200 ms, the report under
5 s).

Prints ``figure: value unit`` lines, among them, named exactly, ``dashboard p95: N ms`` (the page
``/governance/``), ``follow-up page p95: N ms`` (``/governance/followup/``, its first page: 25
recommendations with every action's evidence resolved for the reader) and ``report pdf: N s``
(``strait.governance.report.render_pdf`` for one body and one year, in Arabic), each requested
through Django's test client by the demo's Moroccan secretary (every middleware, the view, its
queries, the template), on ``ma``, with 50 bodies co-chaired with the Spanish police, 600
meetings (2014 to 2026), 5,000 recommendations, 5,000 actions and 20,000 evidence links (joint
operations, threads, channels, alerts, courses: references this reader mostly cannot see, the
case that costs most to resolve).

    python benchmarks/governance.py [--quick] [--runs N] [--sqlite]

``--quick``: the same data, 15 requests per figure instead of 100 and one figure fewer (within a
minute). It runs on
PostgreSQL (re-running itself under ``bin/with-postgres`` when STRAIT_DATABASE_URL names no
server) unless ``--sqlite``. The bodies are created through the action (``create_body``); the
rows inside them are written in bulk (5,000 ops ordered one by one would take minutes; the pages
read the rows, not the changes). Synthetic data only.
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
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from strait.federation.testing import LocalNode, postgres_server_url  # noqa: E402

SEED = 20131120
BODIES, MEETINGS, RECOMMENDATIONS, EVIDENCE = 50, 600, 5_000, 20_000
KINDS = ("operation", "thread", "channel", "alert", "course")


def figure(name: str, value: float | int | str, unit: str) -> None:
    if isinstance(value, float):
        value = f"{value:.1f}"
    print(f"{name}: {value} {unit}".rstrip(), flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def timed(runs: int, call: Callable[[], object]) -> list[float]:
    for _n in range(min(3, runs)):  # warm-up: caches, templates, the connection
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


def load() -> tuple[Any, Any]:
    """The data; returns the Moroccan secretary and the body the report is about."""
    from django.utils import timezone

    from strait.accounts.models import User
    from strait.agencies.models import Agency
    from strait.agencies.seed import seed_reference_data
    from strait.demo.world import ensure_demo_world
    from strait.federation.keys import ensure_keys
    from strait.governance import actions
    from strait.governance.models import ActionItem, Body, Evidence, Meeting, Recommendation
    from tests.factories.federation import PeerFactory

    seed_reference_data()
    ensure_keys()
    ensure_demo_world()
    PeerFactory(code="es")  # the home queues every change for the participants' nodes
    secretary = User.objects.select_related("agency").get(username="ma.secretary")
    spain = Agency.objects.get(code="es-pn")
    rng = random.Random(SEED)
    now = timezone.now()
    today = timezone.localdate()
    bodies = []
    for n in range(BODIES):
        cadence = rng.choice(["yearly", "months", "ad_hoc"])
        months = {"cadence_months": 6, "warn_months": 5} if cadence == "months" else {}
        bodies.append(
            actions.create_body(
                secretary,
                members=[spain],
                code=f"bench-{n}",
                name_ar=f"لجنة {n}",
                name_es=f"Comité {n}",
                name_fr=f"Comité {n}",
                name_en=f"Committee {n}",
                kind="committee",
                co_chairs=["ma-dgsn", "es-pn"],
                founded_on=dt.date(2013, 11, 20),
                cadence=cadence,
                **months,
            )
        )
    meetings = []
    per_body = MEETINGS // BODIES
    for body in bodies:
        for k in range(per_body):
            day = dt.date(2014, 1, 15) + dt.timedelta(days=k * 365 + rng.randint(0, 300))
            meetings.append(
                Meeting(
                    body=body,
                    uid=uuid.uuid4(),
                    title={"es": f"Reunión {k + 1}"},
                    starts_on=day,
                    place=rng.choice(["Rabat", "Madrid", "Córdoba", "Marrakech", "Tetuán"]),
                    status="held" if day <= today else "scheduled",
                    created_at=now,
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    by_body: dict[int, list[Meeting]] = {}
    for m in meetings:
        by_body.setdefault(m.body_id, []).append(m)
    recommendations = []
    for n in range(RECOMMENDATIONS):
        body = bodies[n % BODIES]
        meeting = rng.choice(by_body[body.pk])
        recommendations.append(
            Recommendation(
                body=body,
                meeting=meeting,
                uid=uuid.uuid4(),
                number=f"R{n // BODIES + 1}",
                texts={
                    "ar": f"توصية رقم {n} بشأن تبادل المعلومات",
                    "es": f"Recomendación {n} sobre el intercambio de información",
                },
                by_agency="ma-dgsn",
                created_at=now - dt.timedelta(days=rng.randint(0, 4000)),
            )
        )
    Recommendation.objects.bulk_create(recommendations, batch_size=1000)
    items = []
    for r in recommendations:
        deadline = today + dt.timedelta(days=rng.randint(-3000, 400))
        status = rng.choice(["planned", "in_progress", "done", "done", "dropped"])
        items.append(
            ActionItem(
                recommendation=r,
                uid=uuid.uuid4(),
                title={"es": f"Acción de {r.number}", "ar": "إجراء"},
                owner_agency=rng.choice(["ma-dgsn", "es-pn"]),
                co_owner_agency="es-pn",
                deadline=deadline,
                status=status,
                drop_reason="Sin presupuesto" if status == "dropped" else "",
                done_on=deadline if status == "done" else None,
                created_at=now,
                updated_at=now,
            )
        )
    ActionItem.objects.bulk_create(items, batch_size=1000)
    links = []
    for _n in range(EVIDENCE):
        kind = rng.choice(KINDS)
        links.append(
            Evidence(
                action=rng.choice(items),
                uid=uuid.uuid4(),
                kind=kind,
                ref=f"bench-{rng.randint(1, 99)}" if kind == "channel" else str(uuid.uuid4()),
                by_agency="es-pn",
                added_at=now,
                removed_at=now if rng.random() < 0.05 else None,
            )
        )
    Evidence.objects.bulk_create(links, batch_size=1000)
    # The report's body: the one whose year of meetings and recommendations is fullest.
    return secretary, Body.objects.select_related("obj").get(pk=bodies[0].pk)


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


def page(client: Any, path: str) -> Callable[[], None]:
    def get() -> None:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")

    return get


def queries_of(call: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="15 requests per figure, one body's late page left out"
    )
    parser.add_argument("--runs", type=int, help="requests per figure (default 100)")
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    options = parser.parse_args()
    if not options.sqlite and not postgres_server_url():
        helper = ROOT / "bin" / "with-postgres"
        this = str(Path(__file__).resolve())
        os.execv(helper, [str(helper), sys.executable, this, *sys.argv[1:]])  # noqa: S606
    runs = options.runs or (15 if options.quick else 100)

    home = Path(tempfile.mkdtemp(prefix="strait-bench-governance-"))
    node = LocalNode("ma", home / "ma", country="MA")
    node.init()
    os.environ.update(node.env())

    import django

    django.setup()
    from django.db import connection

    started = time.perf_counter()
    user, body = load()
    if connection.vendor == "postgresql":
        # A live database keeps its statistics (autovacuum); rows written in bulk a moment ago
        # have none yet, and the planner would guess.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    figure("load", time.perf_counter() - started, "s")
    figure(
        "data",
        f"{BODIES} bodies, {MEETINGS} meetings, {RECOMMENDATIONS} recommendations and actions, "
        f"{EVIDENCE} evidence links",
        "",
    )
    if options.quick:
        figure("quick", f"{runs} requests per figure, not 100", "")
    client = logged_in(user)
    dashboard = page(client, "/governance/")
    follow_up = page(client, "/governance/followup/")
    late = page(client, f"/governance/followup/?body={body.obj.uid}&show=late")
    figure("dashboard queries", queries_of(dashboard), "")
    figure("follow-up page queries", queries_of(follow_up), "")
    dashboard_p95 = report("dashboard", timed(runs, dashboard))
    follow_up_p95 = report("follow-up page", timed(runs, follow_up))
    if not options.quick:
        report("follow-up page of one body, late", timed(runs, late))
    figure("database", connection.vendor, "")
    print(f"dashboard p95: {dashboard_p95:.0f} ms", flush=True)
    print(f"follow-up page p95: {follow_up_p95:.0f} ms", flush=True)
    try:
        from strait.governance.report import render_pdf
    except ImportError:
        print("report pdf: not measured (strait.governance.report.render_pdf is missing)")
        return
    year = dt.date.today().year - 1
    started = time.perf_counter()
    data = render_pdf(user, body, dt.date(year, 1, 1), dt.date(year, 12, 31), "ar")
    seconds = time.perf_counter() - started
    figure("report pdf size", len(data) // 1024, "KiB")
    print(f"report pdf: {seconds:.1f} s", flush=True)


if __name__ == "__main__":
    main()
