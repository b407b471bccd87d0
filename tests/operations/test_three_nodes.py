"""Three real nodes (ma, es, pt), each its own processes and database, every link through its
own fault-injecting proxy (35 % uniform faults), and pt cut off in the middle: a joint operation
created on ma with the CGI (es) and the PSP (pt) converges on every node to the same change
sequence and digest; no change is lost or applied twice; a proposal made on pt while it was cut
off waits, marked pending, and is applied once, in order, after the heal.

Runs on SQLite files, or on PostgreSQL databases when STRAIT_DATABASE_URL names a server.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from strait.federation.faultproxy import FAULTS, FaultPlan
from strait.federation.testing import LocalNode, Mesh
from tests.nodes import on
from tests.nodes import operations as remote

pytestmark = pytest.mark.nodes

FAST = {"STRAIT_FEDERATION_BATCH_SIZE": "25", "STRAIT_FEDERATION_BACKOFF_BASE": "0.05"}
NOTES = 4  # per node and per phase: small, so the test stays well under two minutes


USERS = {
    "ma": [["dgst.analyst", "Salma Idrissi", "ma-dgst", "analyst"]],
    "es": [["cgi.analyst", "Lucía Navarro Gil", "es-pn-cgi", "analyst"]],
    "pt": [["psp.analyst", "Inês Carvalho Sousa", "pt-psp", "analyst"]],
}


def prepare(node: LocalNode) -> None:
    node.init()
    on(node, remote.make_users, users=USERS[node.code])


@pytest.fixture
def mesh(tmp_path: Path) -> Iterator[Mesh]:
    nodes = {
        code: LocalNode(code, tmp_path / code, country=code.upper(), settings_env=FAST)
        for code in ("ma", "es", "pt")
    }
    mesh = Mesh(nodes, FaultPlan.uniform(0.35, seed=2030))
    try:
        with ThreadPoolExecutor(max_workers=3) as pool:  # each in its own processes
            list(pool.map(prepare, nodes.values()))
        mesh.start()
        yield mesh
    finally:
        mesh.stop()


def copy(node: LocalNode) -> tuple[int, str]:
    rows = node.query("SELECT seq, digest FROM sharing_sharedobject")
    return (int(rows[0][0]), str(rows[0][1])) if rows else (0, "")


def changes(node: LocalNode) -> list[tuple[int, str, str, str]]:
    return [
        (int(seq), str(op), str(digest), str(proposal))
        for seq, op, digest, proposal in node.query(
            "SELECT seq, op, digest, proposal FROM sharing_change ORDER BY seq"
        )
    ]


def notes(node: LocalNode) -> list[str]:
    return sorted(str(row[0]) for row in node.query("SELECT text FROM operations_note"))


def proposal(node: LocalNode, uid: str) -> tuple[str, int | None]:
    for row_uid, status, change_seq in node.query(
        "SELECT uid, status, change_seq FROM sharing_proposal"
    ):
        if uuid.UUID(str(row_uid)) == uuid.UUID(uid):
            return str(status), change_seq
    raise AssertionError(f"no proposal {uid} on {node.code}")


def wait_for(what: str, check: Callable[[], Any], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f}s: {what}")
        time.sleep(0.2)


def at(seq: int, *nodes: LocalNode) -> bool:
    """Every copy has applied change ``seq`` and they are equal (same digest)."""
    copies = {copy(node) for node in nodes}
    return len(copies) == 1 and next(iter(copies))[0] == seq


def texts(prefix: str, count: int) -> list[str]:
    return [f"{prefix} {n}" for n in range(count)]


def test_three_copies_converge_after_a_partition_under_faults(mesh: Mesh) -> None:
    ma, es, pt = (mesh.nodes[code] for code in ("ma", "es", "pt"))
    mesh.faults(True)
    created = on(
        ma,
        remote.create_operation,
        username="dgst.analyst",
        participants=[["es-pn-cgi", "participant"], ["pt-psp", "observer"]],
        members=[
            ["es-pn-cgi", "cgi.analyst", "Lucía Navarro Gil"],
            ["pt-psp", "psp.analyst", "Inês Carvalho Sousa"],
        ],
    )
    uid, seq = created["uid"], created["seq"]
    wait_for("the copies on es and pt", lambda: at(seq, ma, es, pt))

    # An observer reads but cannot edit: refused on pt itself, nothing sent.
    assert on(pt, remote.add_notes, username="psp.analyst", uid=uid, texts=["pt early"]) == [
        {"refused": "right_missing"}
    ]
    # The lead makes the PSP a participant, and both sides add notes under faults.
    on(ma, remote.set_role, username="dgst.analyst", uid=uid, code="pt-psp", role="participant")
    on(ma, remote.add_notes, username="dgst.analyst", uid=uid, texts=texts("ma before", NOTES))
    on(es, remote.add_notes, username="cgi.analyst", uid=uid, texts=texts("es before", NOTES))
    seq += 1 + 2 * NOTES
    wait_for("the notes before the cut on every node", lambda: at(seq, ma, es, pt))
    assert len(notes(pt)) == 2 * NOTES

    # pt is cut off from both; ma and es go on, and pt proposes a note of its own.
    mesh.partition("pt")
    cut_at = copy(pt)
    ma_during = on(ma, remote.add_notes, username="dgst.analyst", uid=uid, texts=texts("ma", NOTES))
    es_during = on(es, remote.add_notes, username="cgi.analyst", uid=uid, texts=texts("es", NOTES))
    assert all("change" in made for made in ma_during)
    assert all(made.get("status") == "pending" for made in es_during)
    (made,) = on(pt, remote.add_notes, username="psp.analyst", uid=uid, texts=["pt during"])
    assert made["status"] == "pending"
    pt_proposal = made["proposal"]

    home_at_heal = seq + 2 * NOTES
    wait_for("ma and es agree without pt", lambda: at(home_at_heal, ma, es))
    assert copy(pt) == cut_at, "nothing reached pt while it was cut off"
    # While the home has not confirmed it, pt's proposal is pending (the page says so).
    assert proposal(pt, pt_proposal) == ("pending", None)
    assert "pt during" not in notes(pt)

    mesh.heal("pt")
    wait_for(
        "all three copies equal, pt's proposal applied", lambda: at(home_at_heal + 1, ma, es, pt)
    )

    # Same sequence, same digest, the same change rows, each applied once.
    sequence = changes(ma)
    assert changes(es) == sequence
    assert changes(pt) == sequence
    assert [row[0] for row in sequence] == list(range(1, home_at_heal + 2))
    made_notes = [*texts("ma before", NOTES), *texts("es before", NOTES)]
    made_notes += [*texts("ma", NOTES), *texts("es", NOTES), "pt during"]
    expected = sorted(made_notes)
    for node in (ma, es, pt):
        assert notes(node) == expected, node.code
    # pt's proposal: one change, ordered after everything made during the cut.
    ordered = [row for row in sequence if row[3] and uuid.UUID(row[3]) == uuid.UUID(pt_proposal)]
    assert len(ordered) == 1
    assert ordered[0][0] == home_at_heal + 1
    assert proposal(pt, pt_proposal) == ("applied", ordered[0][0])
    # The run really met faults on its links, and the partition.
    met = mesh.counts()
    assert met.get("partition", 0) > 0
    assert sum(met.get(fault, 0) for fault in FAULTS) > 0, met
