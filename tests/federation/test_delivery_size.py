"""A delivery never posts more than the peer's inbox takes in one request (``MAX_BATCH_BYTES``),
and takes a short answer (the inbox's time ran out) as a partial delivery, not a failure.
A day's port answers queued behind a slow link went as one 14 MB request, were refused whole
(413) at every retry, and the link stalled for good (found by ``benchmarks/ports.py`` at a
million persons). The judge here is the inbox's own ``parse_batch``; only the HTTP hop is
replaced, so the test sees every request the worker would have sent."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import httpx

from strait.checks.batch import BATCH_ANSWER
from strait.checks.models import new_reference
from strait.federation import delivery
from strait.federation import keys as node_keys
from strait.federation.envelope import Opened, sign_receipt
from strait.federation.inbox import MAX_BATCH_BYTES, BatchRefused, parse_batch
from strait.federation.models import KeyKind, OutboxEnvelope, OutboxStatus, PeerKey
from strait.federation.outbox import send
from tests.federation.conftest import RemotePeer

QUEUED = 300


def answer_envelope_body() -> dict[str, object]:
    """A partner's answer to 250 items of a manifest: about 35 KB once sealed."""
    return {
        "batch": str(uuid.uuid4()),
        "agency": "ma-dgsn",
        "answered_at": dt.datetime.now(dt.UTC).isoformat(),
        "items": [
            {"check": str(uuid.uuid4()), "result": "no_hit", "reference": new_reference()}
            for _ in range(250)
        ],
    }


def test_a_backlog_larger_than_one_request_is_posted_in_requests_the_inbox_takes(
    remote: RemotePeer,
) -> None:
    peer = remote.peer
    ours = node_keys.current(KeyKind.ENCRYPTION)
    PeerKey.objects.create(
        peer=peer, kind=KeyKind.ENCRYPTION, key_id=ours.key_id, public=bytes(ours.public)
    )
    # A peak day's answers behind a slow link: 300 envelopes, more than one request may carry.
    for _n in range(QUEUED):
        send(peer, BATCH_ANSWER, answer_envelope_body())
    requests: list[bytes] = []
    refused: list[str] = []

    def inbox(request: httpx.Request) -> httpx.Response:
        requests.append(request.content)
        try:
            parse_batch(request.content)
        except BatchRefused as refusal:
            refused.append(refusal.detail)
            body = {"error": refusal.code, "detail": refusal.detail, "results": []}
            return httpx.Response(refusal.status, json=body)
        # Taken, but the peer is busy: nothing delivered, the worker tries again later.
        return httpx.Response(503, json={"error": "busy", "detail": "later", "results": []})

    with httpx.Client(transport=httpx.MockTransport(inbox)) as client:
        report = delivery.deliver_once(client, peer)
    assert refused == []
    (body,) = requests
    assert len(body) <= MAX_BATCH_BYTES
    posted = json.loads(body)["envelopes"]
    assert 0 < len(posted) < QUEUED
    # In sequence order from the first, and still pending (none was delivered).
    assert [e["header"]["seq"] for e in posted] == list(range(1, len(posted) + 1))
    assert report.sent == len(posted)
    assert OutboxEnvelope.objects.filter(status=OutboxStatus.PENDING).count() == QUEUED


def test_a_short_answer_is_not_a_failure_and_the_rest_goes_next(remote: RemotePeer) -> None:
    """A peer's inbox answers after its time for what it applied (``FEDERATION_INBOX_SECONDS``):
    the sender keeps those receipts, backs off for nothing, and posts the rest next."""
    peer = remote.peer
    ours = node_keys.current(KeyKind.ENCRYPTION)
    PeerKey.objects.create(
        peer=peer, kind=KeyKind.ENCRYPTION, key_id=ours.key_id, public=bytes(ours.public)
    )
    for n in range(3):
        send(peer, "federation.notice", {"text": f"notice {n}"})
    first_seqs: list[int] = []

    def inbox(request: httpx.Request) -> httpx.Response:
        envelopes = parse_batch(request.content)
        first_seqs.append(envelopes[0]["header"]["seq"])
        applied = Opened(header=envelopes[0]["header"], body={}, digest="0" * 64)
        receipt = sign_receipt(signing_key=remote.signing, opened=applied, status="applied")
        result = {"id": applied.id, "receipt": receipt, "duplicate": False}
        return httpx.Response(200, json={"results": [result]})  # the first one only

    with httpx.Client(transport=httpx.MockTransport(inbox)) as client:
        report = delivery.deliver_once(client, peer)
        assert (report.delivered, report.error) == (1, "")
        fresh = type(peer).objects.get(pk=peer.pk)
        assert (fresh.failures, fresh.next_attempt_at) == (0, None)
        assert OutboxEnvelope.objects.filter(status=OutboxStatus.PENDING).count() == 2
        delivery.deliver_once(client, peer)
        delivery.deliver_once(client, peer)
    assert first_seqs == [1, 2, 3]
    assert not OutboxEnvelope.objects.filter(status=OutboxStatus.PENDING).exists()
