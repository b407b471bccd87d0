"""Federation benchmark: two real nodes on loopback, each its own server and worker processes.

Prints one ``figure: value unit`` line per figure:
- throughput: envelopes per second end to end (signed, encrypted, persisted, applied, receipted)
  while the sender drains a large queue;
- latency p50/p99 at a steady 100 envelopes/s (queued at the sender → receipt recorded);
- backlog: time to drain 10,000 envelopes queued while the peer was down, once it is back.

    python benchmarks/federation.py [--quick] [--keep DIR]

Targets (issue 3): >= 1,000 envelopes/s, p99 < 500 ms at 100/s, 10,000 drained within 60 s.
Uses SQLite files unless STRAIT_DATABASE_URL names a PostgreSQL server.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from strait.federation.testing import LocalNode


def count(node: LocalNode, status: str) -> int:
    sql = "SELECT count(*) FROM federation_outboxenvelope WHERE status = ?"
    return int(node.query(sql, (status,))[0][0])


def drain(sender: LocalNode, timeout: float) -> float:
    started = time.monotonic()
    while count(sender, "pending"):
        if time.monotonic() - started > timeout:
            raise SystemExit(f"not drained within {timeout}s")
        time.sleep(0.05)
    return time.monotonic() - started


def as_time(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def latencies_ms(sender: LocalNode, since_seq: int) -> list[float]:
    rows = sender.query(
        "SELECT created_at, delivered_at FROM federation_outboxenvelope WHERE seq > ?",
        (since_seq,),
    )
    return sorted(
        (as_time(done) - as_time(created)).total_seconds() * 1000 for created, done in rows
    )


def percentile(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, under 60 seconds")
    parser.add_argument("--keep", help="keep node homes in this directory")
    options = parser.parse_args()
    backlog = 3000 if options.quick else 10_000
    steady = 300 if options.quick else 1500

    root = Path(options.keep or tempfile.mkdtemp(prefix="strait-bench-"))
    ma = LocalNode("ma", root / "ma", country="MA")
    es = LocalNode("es", root / "es", country="ES")
    try:
        ma.init()
        es.init()
        es.start_server()
        ma.start_server()
        es.add_peer(ma)
        ma.add_peer(es)
        ma.start_worker()
        es.start_worker()

        # Warm-up, so imports and connections are not measured.
        ma.strait("manage", "sendnotices", "--peer", "es", "--count", "50")
        drain(ma, 60)

        # Backlog: the peer is down while envelopes queue up; then it comes back.
        es.kill("serve")
        ma.strait("manage", "sendnotices", "--peer", "es", "--count", str(backlog))
        time.sleep(1)
        es.start_server()
        # What an operator's "Retry now" does: skip the rest of the back-off.
        ma.query("UPDATE federation_peer SET next_attempt_at = NULL")
        seconds = drain(ma, 600)
        print(f"backlog {backlog} drained: {seconds:.2f} s")
        print(f"throughput: {backlog / seconds:.0f} envelopes/s")

        # Steady 100 envelopes/s: latency from queued to receipt recorded.
        first = int(ma.query("SELECT max(seq) FROM federation_outboxenvelope")[0][0])
        ma.strait("manage", "sendnotices", "--peer", "es", "--count", str(steady), "--rate", "100")
        drain(ma, 120)
        lat = latencies_ms(ma, first)
        print(f"latency p50 at 100/s: {statistics.median(lat):.1f} ms")
        print(f"latency p99 at 100/s: {percentile(lat, 0.99):.1f} ms")
        print(f"database: {'postgresql' if 'postgres' in ma.database_url else 'sqlite'}")
    finally:
        ma.stop()
        es.stop()


if __name__ == "__main__":
    main()
