"""Joint operations across three real nodes (issue 13): ma, es and pt, each its own server and
worker processes and its own database, every link through its own proxy (no faults injected:
the proxies are there to cut pt off).

Prints ``figure: value unit`` lines, among them, named exactly:

- ``change latency p50: N ms`` and ``change latency p99: N ms``: a CGI analyst on es proposes
  changes (notes) to an operation whose home is ma, at a steady 20 per second; from the
  proposal's creation on es to the home's change applied on every copy (ma orders it, then es
  and pt apply it; read from ma's change rows and es's and pt's audit entries). Target p99 < 1 s.
- ``partition convergence: N s``: pt is cut off from ma and es while ma makes 5,000 changes over
  5 minutes (they queue for pt); then the link heals, and the figure is the time from the heal
  until the three copies are at the same change with the same digest. Target < 60 s. Printed
  with it: how long the home's back-off towards pt kept it waiting after the heal, and how long
  the queue then took to drain.

    python benchmarks/operations_nodes.py [--quick]   (also run by benchmarks/operations.py)

``--quick``: 10 seconds of proposals and a 20-second partition with 500 changes, and says so.
Uses PostgreSQL databases when STRAIT_DATABASE_URL names a server (benchmarks/operations.py
runs under bin/with-postgres), SQLite files otherwise. Default delivery settings (batch of 400,
back-off base 1 s capped at 5 minutes, REL-06).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from strait.federation.testing import LocalNode, Mesh  # noqa: E402
from tests.nodes import on_named  # noqa: E402

NODE_SIDE = "tests.nodes.operations"  # imported inside the nodes only (it needs their Django)

RATE = 20  # changes per second
CHUNK = 500  # changes per node-side call during the partition


@dataclass(frozen=True)
class Plan:
    latency_seconds: int
    partition_seconds: int
    queued: int


FULL = Plan(latency_seconds=60, partition_seconds=300, queued=5_000)
QUICK = Plan(latency_seconds=10, partition_seconds=20, queued=500)


def figure(name: str, value: float | int | str, unit: str) -> None:
    if isinstance(value, float):
        value = f"{value:.1f}"
    print(f"{name}: {value} {unit}".rstrip(), flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def moment(value: Any) -> datetime:
    """A timestamp as read from SQLite (text, UTC) or PostgreSQL (aware)."""
    found = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def details(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else dict(json.loads(value))


def copy(node: LocalNode) -> tuple[int, str]:
    rows = node.query("SELECT seq, digest FROM sharing_sharedobject")
    return (int(rows[0][0]), str(rows[0][1])) if rows else (0, "")


def wait_equal(nodes: list[LocalNode], seq: int, timeout: float) -> float:
    """Seconds until every copy is at change ``seq`` with one digest."""
    started = time.monotonic()
    while True:
        copies = {copy(node) for node in nodes}
        if len(copies) == 1 and next(iter(copies))[0] == seq:
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise SystemExit(f"copies not equal within {timeout:.0f}s: {copies}")
        time.sleep(0.1)


def applied_at(node: LocalNode) -> dict[int, datetime]:
    """When each change was applied on this (non-home) node: its audit entry."""
    rows = node.query(
        "SELECT occurred_at, details FROM audit_auditentry WHERE action = ?",
        ("sharing.change_applied",),
    )
    return {int(details(d)["seq"]): moment(at) for at, d in rows}


def latencies_ms(
    ma: LocalNode, es: LocalNode, pt: LocalNode, since: datetime
) -> tuple[list[float], list[float]]:
    """Per proposal: to every copy, and to the home's change only (the first leg)."""
    proposed = {
        str(uid).replace("-", ""): moment(at)
        for uid, at in es.query("SELECT uid, created_at FROM sharing_proposal")
        if moment(at) >= since
    }
    ordered = {
        str(proposal).replace("-", ""): (int(seq), moment(at))
        for seq, proposal, at in ma.query("SELECT seq, proposal, at FROM sharing_change")
        if proposal
    }
    on_es, on_pt = applied_at(es), applied_at(pt)
    found, to_home = [], []
    for uid, created in proposed.items():
        seq, at_home = ordered[uid]
        last = max(at_home, on_es[seq], on_pt[seq])
        found.append((last - created).total_seconds() * 1000)
        to_home.append((at_home - created).total_seconds() * 1000)
    return found, to_home


def start_mesh(root: Path) -> Mesh:
    nodes = {
        code: LocalNode(code, root / code, country=code.upper()) for code in ("ma", "es", "pt")
    }
    mesh = Mesh(nodes)
    for node in nodes.values():
        node.init()
        node.strait("manage", "demo", "--json")  # the demo users: dgst.analyst, cgi.analyst …
    mesh.start()
    return mesh


def change_latency(mesh: Mesh, plan: Plan) -> str:
    ma, es, pt = (mesh.nodes[code] for code in ("ma", "es", "pt"))
    created = on_named(
        ma,
        f"{NODE_SIDE}:create_operation",
        username="dgst.analyst",
        participants=[["es-pn-cgi", "participant"], ["pt-psp", "participant"]],
        members=[
            ["es-pn-cgi", "cgi.analyst", "Lucía Navarro Gil"],
            ["pt-psp", "psp.analyst", "Inês Carvalho Sousa"],
        ],
    )
    uid, seq = created["uid"], created["seq"]
    wait_equal([ma, es, pt], seq, 60)
    # Warm-up: the first proposals meet cold caches and connections.
    on_named(es, f"{NODE_SIDE}:add_notes", username="cgi.analyst", uid=uid, texts=["warm-up"] * 5)
    seq += 5
    wait_equal([ma, es, pt], seq, 60)
    since = datetime.now(UTC)
    started = time.monotonic()
    count = plan.latency_seconds * RATE
    on_named(
        es, f"{NODE_SIDE}:paced_notes", username="cgi.analyst", uid=uid, count=count, rate=RATE
    )
    seq += count
    wait_equal([ma, es, pt], seq, 600)
    elapsed = time.monotonic() - started
    found, to_home = latencies_ms(ma, es, pt, since)
    figure("change latency to the home p50", statistics.median(to_home), "ms")
    figure("change latency proposals", f"{len(found)} from es at {RATE}/s", "")
    figure("change latency p50", statistics.median(found), "ms")
    print(f"change latency p99: {percentile(found, 0.99):.0f} ms", flush=True)
    figure("change latency max", max(found), "ms")
    figure(
        "changes on every copy",
        f"{count / elapsed:.1f}/s over {elapsed:.0f} s (offered {RATE}/s)",
        "",
    )
    return str(uid)


def partition_convergence(mesh: Mesh, plan: Plan, uid: str) -> None:
    ma, es, pt = (mesh.nodes[code] for code in ("ma", "es", "pt"))
    mesh.partition("pt")
    before = copy(ma)[0]
    cut = time.monotonic()
    rate = plan.queued / plan.partition_seconds
    # In chunks: one node-side call must end within the node command's timeout (300 s).
    for start in range(0, plan.queued, CHUNK):
        count = min(CHUNK, plan.queued - start)
        on_named(
            ma, f"{NODE_SIDE}:paced_notes", username="dgst.analyst", uid=uid, count=count, rate=rate
        )
    final = before + plan.queued
    # The partition lasts as long as ma takes to make the changes (at least the plan's time).
    time.sleep(max(0.0, plan.partition_seconds - (time.monotonic() - cut)))
    lasted = time.monotonic() - cut
    wait_equal([ma, es], final, 600)
    queued = ma.query(
        "SELECT count(*) FROM federation_outboxenvelope o JOIN federation_peer p "
        "ON p.id = o.peer_id WHERE p.code = ? AND o.status = ?",
        ("pt", "pending"),
    )[0][0]
    failures, next_attempt = ma.query(
        "SELECT failures, next_attempt_at FROM federation_peer WHERE code = ?", ("pt",)
    )[0]
    mesh.heal("pt")
    healed = datetime.now(UTC)
    seconds = wait_equal([ma, es, pt], final, 900)
    first = ma.query(
        "SELECT min(o.delivered_at) FROM federation_outboxenvelope o JOIN federation_peer p "
        "ON p.id = o.peer_id WHERE p.code = ? AND o.delivered_at >= ?",
        ("pt", healed.isoformat(sep=" ") if "sqlite" in ma.database_url else healed),
    )[0][0]
    waited = (moment(first) - healed).total_seconds() if first else float("nan")
    figure("partition", f"{lasted:.0f} s, {queued} changes queued for pt", "")
    figure("partition back-off at the heal", f"{failures} failures, next try {next_attempt}", "")
    print(f"partition convergence: {seconds:.1f} s", flush=True)
    figure("partition convergence waiting for the back-off", waited, "s")
    figure("partition convergence draining", seconds - waited, "s")


def three_nodes(options: argparse.Namespace) -> None:
    plan = QUICK if options.quick else FULL
    if options.quick:
        figure("quick (three nodes)", "10 s of proposals, a 20 s partition, 500 changes", "")
    root = Path(tempfile.mkdtemp(prefix="strait-bench-nodes-"))
    started = time.perf_counter()
    mesh = start_mesh(root)
    try:
        figure("three nodes ready", time.perf_counter() - started, "s")
        database = "postgresql" if "postgres" in mesh.nodes["ma"].database_url else "sqlite"
        figure("three nodes database", database, "")
        uid = change_latency(mesh, plan)
        partition_convergence(mesh, plan, uid)
    finally:
        mesh.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10 s of load, a 20 s partition")
    three_nodes(parser.parse_args())


if __name__ == "__main__":
    main()
