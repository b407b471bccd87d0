"""Three real nodes, every pair of them peers through its own fault proxy: cutting one node off
stops delivery to it while the other two still talk, and healing delivers what waited."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from strait.federation.testing import LocalNode, Mesh

pytestmark = pytest.mark.nodes

FAST = {"STRAIT_FEDERATION_BATCH_SIZE": "25", "STRAIT_FEDERATION_BACKOFF_BASE": "0.05"}


@pytest.fixture
def mesh(tmp_path: Path) -> Iterator[Mesh]:
    nodes = {
        code: LocalNode(code, tmp_path / code, country=code.upper(), settings_env=FAST)
        for code in ("ma", "es", "pt")
    }
    mesh = Mesh(nodes)
    try:
        for node in nodes.values():
            node.init()
        mesh.start()
        yield mesh
    finally:
        mesh.stop()


def received(node: LocalNode) -> list[str]:
    rows = node.query("SELECT text FROM federation_notice WHERE direction = ? ORDER BY id", ("in",))
    return [row[0] for row in rows]


def wait_for(check: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout}s")
        time.sleep(0.2)


def test_a_partitioned_node_gets_nothing_until_healed_and_then_everything(mesh: Mesh) -> None:
    ma, es, pt = (mesh.nodes[code] for code in ("ma", "es", "pt"))
    mesh.partition("pt")
    ma.strait("manage", "sendnotices", "--peer", "es", "--count", "3")
    ma.strait("manage", "sendnotices", "--peer", "pt", "--count", "3")

    wait_for(lambda: len(received(es)) == 3)
    assert received(pt) == [], "nothing crosses the cut links"
    assert mesh.counts()["partition"] > 0

    mesh.heal("pt")
    wait_for(lambda: len(received(pt)) == 3)
    assert received(pt) == ["load 0", "load 1", "load 2"]
