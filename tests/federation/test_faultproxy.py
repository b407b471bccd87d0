"""The fault-injecting proxy's partition: a cut link lets nothing through until it is healed."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from strait.federation.faultproxy import FaultPlan, FaultProxy


class Upstream(ThreadingHTTPServer):
    """A loopback server that counts the requests it received."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.received = 0


class Handler(BaseHTTPRequestHandler):
    server: Upstream

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        self.server.received += 1
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    server = Upstream()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def post(proxy: FaultProxy) -> int | None:
    """POST through the proxy: the status, or None when no answer came back."""
    try:
        return httpx.post(
            f"http://127.0.0.1:{proxy.port}/inbox", content=b"{}", timeout=5
        ).status_code
    except httpx.HTTPError:
        return None


def test_a_partitioned_link_lets_nothing_through_until_healed(upstream: Upstream) -> None:
    proxy = FaultProxy(upstream.server_address[1]).start()
    try:
        assert post(proxy) == 200

        proxy.partitioned = True
        assert [post(proxy) for _ in range(3)] == [None, None, None]
        assert upstream.received == 1, "nothing crossed the cut link"
        assert proxy.counts["partition"] == 3

        proxy.partitioned = False
        assert post(proxy) == 200
        assert upstream.received == 2
    finally:
        proxy.stop()


def test_a_partition_holds_back_even_requests_already_held_late(upstream: Upstream) -> None:
    proxy = FaultProxy(upstream.server_address[1], FaultPlan({"late": 1.0}, late_by=0.3)).start()
    try:
        assert post(proxy) is None  # held to be delivered late; the sender gets no answer
        proxy.partitioned = True  # the link goes down before the late copy leaves
        deadline = time.monotonic() + 10
        while proxy._pending and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not proxy._pending
        assert upstream.received == 0
    finally:
        proxy.stop()


def test_faults_apply_again_after_the_heal(upstream: Upstream) -> None:
    proxy = FaultProxy(upstream.server_address[1], FaultPlan({"drop": 1.0})).start()
    try:
        proxy.partitioned = True
        assert post(proxy) is None
        proxy.partitioned = False
        assert post(proxy) is None
        assert proxy.counts == {"partition": 1, "drop": 1}
        assert upstream.received == 0
    finally:
        proxy.stop()
