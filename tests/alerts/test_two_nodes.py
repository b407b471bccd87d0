"""Two real nodes (ma, es), each its own processes and database: a DGSN officer on ma drafts a
migration-surge alert addressed to the Guardia Civil (es-gc, on es); nothing reaches es while it
waits for review, and the author cannot release it; a DGSN supervisor releases it; it arrives
on es, on the GC users' boards with its required action and a notification ("alert" level); the
GC officer acknowledges it on es; the acknowledgement is applied at the home (ma) and comes back
to es; the issuer on ma sees who acknowledged and when, and is told; both copies stand at the
same change and digest.

Runs on SQLite files, or on PostgreSQL databases when STRAIT_DATABASE_URL names a server.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode, Mesh
from tests.nodes import alert_flow as remote
from tests.nodes import on
from tests.nodes.operations import make_users

pytestmark = pytest.mark.nodes

FAST = {"STRAIT_FEDERATION_BATCH_SIZE": "25", "STRAIT_FEDERATION_BACKOFF_BASE": "0.05"}

USERS = {
    "ma": [
        ["dgsn.officer", "Youssef Alaoui", "ma-dgsn", "officer"],
        ["dgsn.supervisor", "Nadia Berrada", "ma-dgsn", "supervisor"],
    ],
    "es": [
        ["gc.officer", "Javier Ruiz Ortega", "es-gc", "officer"],
        ["gc.supervisor", "Marta Gil Soto", "es-gc", "supervisor"],
    ],
}


def prepare(node: LocalNode) -> None:
    node.init()
    on(node, make_users, users=USERS[node.code])


@pytest.fixture
def mesh(tmp_path: Path) -> Iterator[Mesh]:
    nodes = {
        code: LocalNode(code, tmp_path / code, country=code.upper(), settings_env=FAST)
        for code in ("ma", "es")
    }
    mesh = Mesh(nodes)
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(prepare, nodes.values()))
        mesh.start()
        yield mesh
    finally:
        mesh.stop()


def wait_for(what: str, check: Callable[[], Any], timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f}s: {what}")
        time.sleep(0.2)


def copy(node: LocalNode) -> tuple[int, str]:
    rows = node.query("SELECT seq, digest FROM sharing_sharedobject")
    return (int(rows[0][0]), str(rows[0][1])) if rows else (0, "")


def sharing_envelopes(node: LocalNode) -> int:
    rows = node.query(
        "SELECT COUNT(*) FROM federation_outboxenvelope WHERE substr(kind, 1, 8) = 'sharing.'"
    )
    return int(rows[0][0])


def test_an_alert_from_draft_to_acknowledgement_across_two_nodes(mesh: Mesh) -> None:
    ma, es = mesh.nodes["ma"], mesh.nodes["es"]
    draft = on(ma, remote.draft_and_submit, username="dgsn.officer", addressees=["es-gc"])

    # Waiting for review: nothing leaves ma, and the author may not release it.
    assert on(ma, remote.release, username="dgsn.officer", draft=draft) == {"refused": "forbidden"}
    assert sharing_envelopes(ma) == 0
    assert on(es, remote.alert_count) == 0

    released = on(ma, remote.release, username="dgsn.supervisor", draft=draft)
    uid, seq = released["uid"], released["seq"]

    # It arrives on es: on the GC officer's board with its required action, and notified.
    board = wait_for("the alert on es", lambda: on(es, remote.board, username="gc.officer"))
    assert board == [
        {
            "uid": uid,
            "title": "Fnideq: surge expected tonight",
            "action": "Reinforce the segment and report the measures taken.",
            "origin": "ma-dgsn",
        }
    ]
    assert copy(es) == copy(ma) == (seq, copy(ma)[1])
    (told,) = on(es, remote.notified, username="gc.officer", topic="alerts.alert")
    assert "DGSN" in told
    assert "Fnideq: surge expected tonight" in told

    # The GC officer acknowledges on es: a proposal to the home, applied there, back to es.
    made = on(es, remote.acknowledge, username="gc.officer", uid=uid, kind="received")
    assert made["status"] == "pending"
    seen = wait_for(
        "the acknowledgement on ma",
        lambda: on(ma, remote.acknowledgements, username="dgsn.officer", uid=uid),
    )
    assert [(a["agency"], a["name"], a["kind"]) for a in seen] == [
        ("es-gc", "Javier Ruiz Ortega", "received")
    ]
    assert seen[0]["at"]
    (heard,) = on(ma, remote.notified, username="dgsn.officer", topic="alerts.acknowledged")
    assert "GC" in heard
    assert on(ma, remote.notified, username="dgsn.supervisor", topic="alerts.acknowledged")
    wait_for("es at the home's change", lambda: copy(es) == copy(ma))
    assert on(es, remote.acknowledgements, username="gc.supervisor", uid=uid) == seen

    # Withdrawn on ma, withdrawn on es: an acknowledgement is refused there, nothing sent.
    on(ma, remote.withdraw, username="dgsn.supervisor", uid=uid, reason="Dispersed.")
    wait_for("the withdrawal on es", lambda: copy(es) == copy(ma))
    assert es.query("SELECT status FROM alerts_alert") == [("withdrawn",)]
    late = on(es, remote.acknowledge, username="gc.supervisor", uid=uid, kind="action_taken")
    assert late == {"refused": "alert_not_active"}
    assert on(es, remote.board, username="gc.officer") == []
