"""Two real nodes as separate processes on loopback, a fault-injecting proxy between them, and
the receiver killed with SIGKILL mid-delivery: every envelope applied exactly once, in order.

Runs on SQLite files, or on two PostgreSQL databases when STRAIT_DATABASE_URL names a server
(the PostgreSQL run of `make test`).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from strait.federation.faultproxy import FAULTS, FaultPlan, FaultProxy
from strait.federation.testing import LocalNode

pytestmark = pytest.mark.nodes

ENVELOPES = 2500
# Small batches and a fast back-off so a few thousand envelopes meet many faults in little time.
FAST = {"STRAIT_FEDERATION_BATCH_SIZE": "25", "STRAIT_FEDERATION_BACKOFF_BASE": "0.05"}


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[tuple[LocalNode, LocalNode]]:
    ma = LocalNode("ma", tmp_path / "ma", country="MA", settings_env=FAST)
    es = LocalNode("es", tmp_path / "es", country="ES", settings_env=FAST)
    try:
        ma.init()
        es.init()
        yield ma, es
    finally:
        ma.stop()
        es.stop()


def wait_until_drained(sender: LocalNode, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pending = sender.query(
            "SELECT count(*) FROM federation_outboxenvelope WHERE status = ?", ("pending",)
        )[0][0]
        if pending == 0:
            return
        time.sleep(0.5)
    raise AssertionError(f"{pending} envelopes still pending after {timeout}s")


def delivered(sender: LocalNode) -> int:
    return int(
        sender.query(
            "SELECT count(*) FROM federation_outboxenvelope WHERE status = ?", ("delivered",)
        )[0][0]
    )


def test_exactly_once_in_order_under_faults_and_a_killed_receiver(
    nodes: tuple[LocalNode, LocalNode],
) -> None:
    ma, es = nodes
    es.start_server()
    proxy = FaultProxy(es.port, FaultPlan.uniform(0.35, seed=2026)).start()
    try:
        ma.start_server()
        es.add_peer(ma)
        proxy.enabled = False  # peering is a one-off, by hand: faults are for delivery
        ma.add_peer(es, via_url=f"http://127.0.0.1:{proxy.port}")
        proxy.enabled = True
        ma.strait("manage", "sendnotices", "--peer", "es", "--count", str(ENVELOPES))
        ma.start_worker()

        # Kill the receiver outright once delivery is under way, then bring it back.
        deadline = time.monotonic() + 120
        while delivered(ma) < ENVELOPES // 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        es.kill("serve")
        time.sleep(1.0)
        es.start_server()

        wait_until_drained(ma, timeout=300)
        time.sleep(proxy.plan.late_by + 0.5)  # let late copies arrive: they must change nothing
    finally:
        proxy.stop()

    applied = es.query(
        "SELECT n.seq, n.envelope_id FROM federation_notice n WHERE n.direction = ? ORDER BY n.id",
        ("in",),
    )
    seqs = [row[0] for row in applied]
    assert len(applied) == ENVELOPES, "every envelope applied (none lost, none twice)"
    assert len({row[1] for row in applied}) == ENVELOPES
    assert seqs == list(range(1, ENVELOPES + 1)), "applied in the order sent"
    inbox = es.query("SELECT count(*), count(DISTINCT envelope_id) FROM federation_inboxenvelope")
    assert inbox[0] == (ENVELOPES, ENVELOPES)
    assert delivered(ma) == ENVELOPES
    # The run really met every kind of fault.
    assert all(proxy.counts[fault] > 0 for fault in FAULTS), dict(proxy.counts)


def test_notice_from_peers_page_is_acknowledged(nodes: tuple[LocalNode, LocalNode]) -> None:
    ma, es = nodes
    es.start_server()
    ma.start_server()
    es.add_peer(ma)
    ma.add_peer(es)
    ma.strait("manage", "sendnotices", "--peer", "es", "--count", "1")
    ma.start_worker()
    wait_until_drained(ma, timeout=60)
    status = ma.query("SELECT status, receipt FROM federation_outboxenvelope")
    assert status[0][0] == "delivered"
    assert status[0][1]
    assert es.query("SELECT text FROM federation_notice WHERE direction = ?", ("in",)) == [
        ("load 0",)
    ]


def test_peer_add_refuses_a_wrong_fingerprint(nodes: tuple[LocalNode, LocalNode]) -> None:
    ma, es = nodes
    es.start_server()
    result = ma.run("peer", "add", es.url, "--fingerprint", "AAAA-BBBB-CCCC-DDDD-EEEE")
    assert result.returncode != 0
    assert "fingerprint mismatch" in result.stderr
    assert ma.query("SELECT count(*) FROM federation_peer") == [(0,)]
