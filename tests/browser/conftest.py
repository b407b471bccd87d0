"""Browser tests: Playwright driving Debian's Chromium (Playwright cannot download its own here).

Run with `make test-browser` (pytest -m browser). Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from strait.federation.testing import LocalNode

CHROMIUM = os.environ.get("STRAIT_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Without these, Chromium keeps trying to reach Google's services, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (see .ci/run)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between page actions are ordinary synchronous calls, so Django's guard is relaxed here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def demo_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, LocalNode]]:
    """The demo world as `make demo` shows it: ma, es and pt, peers of one another, each served
    by its own real processes, with the joint operations seeded and their copies caught up."""
    var = tmp_path_factory.mktemp("demo")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "strait", "demo", "--var", str(var), "--no-serve"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    nodes = {code: LocalNode(code, var / code) for code in ("ma", "es", "pt")}
    try:
        for node in nodes.values():
            node.start_server(workers=1, threads=4)
            node.start_worker()
        for node in nodes.values():
            for other in nodes.values():
                if other is not node:
                    node.add_peer(other)
        # What `strait demo` does once the nodes are peers (--no-serve stops before it): each
        # node's part of the joint operations, ma first (es proposes its part of AZAHAR to ma).
        said = {code: node.strait("manage", "demo", "--operations") for code, node in nodes.items()}
        wait_for_copies(nodes, "AZAHAR")
        # The CGI's part of AZAHAR (es gives up on it, exit 0, when ma's copy does not come).
        cgi = nodes["ma"].query(
            "SELECT COUNT(*) FROM operations_outcome WHERE agency = ?", ("es-pn-cgi",)
        )
        assert cgi[0][0] > 0, said
        yield nodes
    finally:
        for node in nodes.values():
            node.stop()


COPIES_TIMEOUT = 120.0


def operation_seq(node: LocalNode, code_name: str) -> int | None:
    """The last change of the operation's copy on ``node`` (None: no copy there)."""
    rows = node.query(
        "SELECT o.seq FROM sharing_sharedobject o JOIN operations_operation p ON p.obj_id = o.id"
        " WHERE p.code_name = ?",
        (code_name,),
    )
    return int(rows[0][0]) if rows else None


def pending_proposals(node: LocalNode) -> int:
    rows = node.query("SELECT COUNT(*) FROM sharing_proposal WHERE status = 'pending'")
    return int(rows[0][0])


def wait_for_copies(nodes: dict[str, LocalNode], code_name: str) -> None:
    """Until no proposal is on its way to the home and every node's copy of the operation
    stands at the home's (ma's) change."""
    deadline = time.monotonic() + COPIES_TIMEOUT
    while True:
        pending = sum(pending_proposals(node) for node in nodes.values())
        seqs = {code: operation_seq(node, code_name) for code, node in nodes.items()}
        if not pending and seqs["ma"] and len(set(seqs.values())) == 1:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{code_name}: the copies did not catch up with ma: {seqs}")
        time.sleep(0.5)


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
