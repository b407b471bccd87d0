"""A peer that stopped answering is probed while it is backed off, and delivery resumes as soon
as it answers again; a peer that answered "not now" is left alone for as long as it asked.

Real HTTP on loopback: a tiny server plays the peer (its ``/health/`` and its inbox), behind the
fault-injecting proxy whose ``partitioned`` switch cuts the link as a partition does."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from django.utils import timezone

from strait.federation import delivery
from strait.federation import keys as node_keys
from strait.federation.faultproxy import FaultProxy
from strait.federation.models import Backoff, KeyKind, Peer, PeerKey
from strait.federation.outbox import send

from .conftest import RemotePeer


class TinyPeer(ThreadingHTTPServer):
    """Answers ``/health/`` with ``health`` and every inbox post with ``inbox`` (status, body:
    JSON, or text as it is, headers); with ``per_envelope``, the body's ``error`` is given as
    the first envelope's result instead. Counts the probes it got."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.probes = 0
        self.health = 200
        self.inbox: tuple[int, dict[str, object] | str, dict[str, str]] = (
            503,
            {"error": "unavailable", "detail": "", "results": []},
            {},
        )
        self.per_envelope = False


class Handler(BaseHTTPRequestHandler):
    server: TinyPeer

    def do_GET(self) -> None:
        if self.path == delivery.PROBE_PATH:
            self.server.probes += 1
        self._answer(self.server.health, {"status": "ok"}, {})

    def do_POST(self) -> None:
        posted = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        status, body, headers = self.server.inbox
        if self.server.per_envelope and isinstance(body, dict):
            first = posted["envelopes"][0]["header"]["id"]
            body = {"results": [{"id": first, "error": body["error"], "detail": "not now"}]}
        self._answer(status, body, headers)

    def _answer(self, status: int, body: dict[str, object] | str, headers: dict[str, str]) -> None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def tiny() -> Iterator[TinyPeer]:
    server = TinyPeer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def link(tiny: TinyPeer) -> Iterator[FaultProxy]:
    """The link to the peer, through a proxy that can cut it."""
    proxy = FaultProxy(tiny.server_address[1]).start()
    proxy.enabled = False
    try:
        yield proxy
    finally:
        proxy.stop()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client() as client:
        yield client


@pytest.fixture
def peer(remote: RemotePeer, link: FaultProxy) -> Peer:
    """Our peer ``ma``, reached through the link, with one notice waiting for it."""
    ours = node_keys.current(KeyKind.ENCRYPTION)
    PeerKey.objects.create(
        peer=remote.peer, kind=KeyKind.ENCRYPTION, key_id=ours.key_id, public=bytes(ours.public)
    )
    Peer.objects.filter(pk=remote.peer.pk).update(base_url=f"http://127.0.0.1:{link.port}")
    send(remote.peer, "federation.notice", {"text": "hola"})
    return Peer.objects.get(pk=remote.peer.pk)


def fresh(peer: Peer) -> Peer:
    return Peer.objects.get(pk=peer.pk)


def backed_off_unreachable(client: httpx.Client, peer: Peer, link: FaultProxy) -> Peer:
    """Deliver across a cut link (no answer at all), then back off for minutes, as after a
    long partition."""
    link.partitioned = True
    report = delivery.deliver_once(client, peer)
    assert report.error
    assert fresh(peer).backoff_reason == Backoff.UNREACHABLE
    Peer.objects.filter(pk=peer.pk).update(
        failures=9, next_attempt_at=timezone.now() + timedelta(minutes=5)
    )
    return fresh(peer)


def probed_an_interval_ago(peer: Peer) -> None:
    """The probe interval has passed since the last probe (instead of sleeping through it)."""
    interval = delivery._probe_interval()
    Peer.objects.filter(pk=peer.pk).update(probed_at=timezone.now() - interval)


def test_an_unreachable_peer_backed_off_for_minutes_is_retried_within_the_probe_interval(
    client: httpx.Client, peer: Peer, link: FaultProxy, tiny: TinyPeer
) -> None:
    backed_off_unreachable(client, peer, link)
    assert delivery.probe_all(client) == []  # still cut: probed, nothing crossed
    assert fresh(peer).next_attempt_at > timezone.now() + timedelta(minutes=4)

    link.partitioned = False  # the partition heals
    assert delivery.probe_all(client) == [], "one probe per interval: not again at once"
    assert tiny.probes == 0

    probed_an_interval_ago(peer)
    assert delivery.probe_all(client) == ["ma"]
    assert tiny.probes == 1
    healed = fresh(peer)
    assert healed.next_attempt_at is not None
    assert healed.next_attempt_at <= timezone.now()
    assert [p.code for p in delivery.due_peers()] == ["ma"], "the next delivery pass sends"
    # What it was told stays on the peers page until a delivery succeeds.
    assert healed.unreachable_since is not None
    assert healed.failures == 9


@pytest.mark.parametrize(
    ("status", "error", "headers", "per_envelope"),
    [
        (429, "rate_limited", {"Retry-After": "120"}, False),
        (503, "unavailable", {}, False),
        (503, "handler_failed", {}, True),
        (502, "not JSON", {}, False),
    ],
)
def test_a_peer_that_refused_us_is_not_probed_early(
    client: httpx.Client,
    peer: Peer,
    tiny: TinyPeer,
    status: int,
    error: str,
    headers: dict[str, str],
    per_envelope: bool,
) -> None:
    body = {"error": error, "detail": "not now", "results": []}
    tiny.inbox = (status, "<html>Bad Gateway</html>" if status == 502 else body, headers)
    tiny.per_envelope = per_envelope
    report = delivery.deliver_once(client, peer)
    assert error in report.error
    refused = fresh(peer)
    assert refused.backoff_reason == Backoff.REFUSED
    Peer.objects.filter(pk=peer.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=2))
    waiting = fresh(peer).next_attempt_at

    assert delivery.probe_due() == []
    assert delivery.probe_all(client) == []
    assert tiny.probes == 0, "its health answers 200, but it asked us to wait"
    assert fresh(peer).next_attempt_at == waiting
    assert delivery.due_peers() == []


def test_a_retry_after_is_honoured_even_when_the_peer_was_unreachable_before(
    client: httpx.Client, peer: Peer, link: FaultProxy, tiny: TinyPeer
) -> None:
    backed_off_unreachable(client, peer, link)
    stale = delivery.probe_due()  # listed for a probe while it was unreachable
    link.partitioned = False
    Peer.objects.filter(pk=peer.pk).update(next_attempt_at=timezone.now())
    tiny.inbox = (
        429,
        {"error": "rate_limited", "detail": "", "results": []},
        {"Retry-After": "90"},
    )
    delivery.deliver_once(client, peer)
    assert fresh(peer).backoff_reason == Backoff.REFUSED
    waiting = fresh(peer).next_attempt_at
    assert waiting >= timezone.now() + timedelta(seconds=89)

    assert delivery.probe(client, stale) == [], "a probe listed before the refusal clears nothing"
    assert fresh(peer).next_attempt_at == waiting
    probed_an_interval_ago(peer)
    assert delivery.probe_all(client) == []
    assert tiny.probes == 1  # the stale probe's only


@pytest.mark.parametrize("down", ["cut", "unhealthy"])
def test_the_probe_of_a_peer_still_down_leaves_its_back_off_as_it_was(
    client: httpx.Client, peer: Peer, link: FaultProxy, tiny: TinyPeer, down: str
) -> None:
    before = backed_off_unreachable(client, peer, link)
    if down == "unhealthy":  # it answers, but not that it is well
        link.partitioned = False
        tiny.health = 503

    assert delivery.probe_all(client) == []
    after = fresh(peer)
    assert (after.next_attempt_at, after.failures, after.last_error, after.backoff_reason) == (
        before.next_attempt_at,
        before.failures,
        before.last_error,
        Backoff.UNREACHABLE,
    )
    assert after.probed_at is not None, "probed: the next probe waits for the interval"
    assert delivery.due_peers() == []


def test_two_worker_processes_probe_a_peer_once_per_interval(
    client: httpx.Client, peer: Peer, link: FaultProxy, tiny: TinyPeer
) -> None:
    backed_off_unreachable(client, peer, link)
    link.partitioned = False
    tiny.health = 503  # answering, not yet well: each probe is counted, none clears
    # Both processes list the peer before either probes it.
    seen_by_one, seen_by_other = delivery.probe_due(), delivery.probe_due()
    delivery.probe(client, seen_by_one)
    delivery.probe(client, seen_by_other)
    assert tiny.probes == 1

    probed_an_interval_ago(peer)
    delivery.probe(client, delivery.probe_due())
    assert tiny.probes == 2


def test_a_delivery_that_goes_through_clears_the_reason(
    client: httpx.Client, peer: Peer, link: FaultProxy, tiny: TinyPeer
) -> None:
    backed_off_unreachable(client, peer, link)
    link.partitioned = False
    tiny.inbox = (200, {"results": []}, {})
    Peer.objects.filter(pk=peer.pk).update(next_attempt_at=timezone.now())
    delivery.deliver_once(client, peer)
    cleared = fresh(peer)
    assert (cleared.failures, cleared.backoff_reason, cleared.unreachable_since) == (0, "", None)
