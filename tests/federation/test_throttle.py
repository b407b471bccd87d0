"""The inbox under a flood (issue 11, finding 2): refusals are rate-limited per source address and
per claimed peer (429 with Retry-After, counted in the database so every server process agrees),
and security events are aggregated: one audit entry per source and minute, with a count."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from strait.audit.events import AuditAction
from strait.audit.log import verify_stored
from strait.audit.models import AuditEntry
from strait.federation import crypto, throttle
from strait.federation.models import InboxEnvelope, InboxTally, Notice, Peer
from strait.permissions import Role
from tests.federation.conftest import RemotePeer

LIMITS = {
    "FEDERATION_INBOX_REFUSALS_PER_MINUTE": 10,
    "FEDERATION_INBOX_REFUSALS_PER_PEER_PER_MINUTE": 15,
}


@pytest.fixture(autouse=True)
def one_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs inside one rate-limit window, wherever the clock is in its minute."""
    from types import SimpleNamespace

    frozen = throttle.window_of(timezone.now()) + timedelta(seconds=1)
    monkeypatch.setattr(throttle, "timezone", SimpleNamespace(now=lambda: frozen))


def post(envelopes: list[Any], source: str = "203.0.113.7", raw: bytes | None = None) -> Any:
    data = raw if raw is not None else json.dumps({"envelopes": envelopes})
    return Client(REMOTE_ADDR=source).post(
        reverse("federation:inbox"), data, content_type="application/json"
    )


def forged(remote: RemotePeer) -> dict[str, Any]:
    """What the probe sent: the peer's name and public signing-key id, a random signature."""
    envelope = remote.envelope(seq=1)
    envelope["signature"] = crypto.b64e(crypto.new_signing_key().sign(b"x"))
    return envelope


def security_entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditAction.FEDERATION_SECURITY_EVENT))


def next_minute() -> Any:
    return timezone.now() + timedelta(seconds=throttle.WINDOW.total_seconds() + 1)


@override_settings(**LIMITS)
def test_forged_envelopes_from_one_address_get_429_with_retry_after(remote: RemotePeer) -> None:
    answers = [post([forged(remote)]) for _ in range(14)]
    assert [a.status_code for a in answers[:10]] == [403] * 10
    assert {a.json()["results"][0]["error"] for a in answers[:10]} == {"bad_signature"}
    for answer in answers[10:]:
        assert answer.status_code == 429
        assert answer.json()["error"] == "rate_limited"
        assert int(answer["Retry-After"]) == 59
    # Once limited, even a good envelope from that address waits: the limit is the address's.
    good = remote.envelope(seq=1)
    assert post([good]).status_code == 429
    # Another address is not affected.
    assert post([good], source="198.51.100.2").status_code == 200


@override_settings(**LIMITS)
def test_any_refusal_counts_against_the_address(remote: RemotePeer) -> None:
    for _ in range(10):
        assert post([], raw=b"not json").status_code == 400
    assert post([], raw=b"not json").status_code == 429
    assert post([remote.envelope()], source="198.51.100.9").status_code == 200


@override_settings(**LIMITS)
def test_the_limit_is_kept_in_the_database(remote: RemotePeer) -> None:
    # Several server processes share it: the count is a row, not a process's memory.
    for _ in range(3):
        post([forged(remote)])
    source = InboxTally.objects.get(scope="source", key="203.0.113.7")
    assert source.refused == 3
    assert source.security_events == 3
    assert InboxTally.objects.get(scope="origin", key="ma").refused == 3


@override_settings(**LIMITS)
def test_forging_a_peers_name_from_many_addresses_cannot_block_the_peer(
    remote: RemotePeer,
) -> None:
    answers = [post([forged(remote)], source=f"192.0.2.{n}") for n in range(1, 20)]
    assert [a.status_code for a in answers[:15]] == [403] * 15
    assert {a.status_code for a in answers[15:]} == {429}
    assert all(1 <= int(a["Retry-After"]) <= 60 for a in answers[15:])
    assert answers[-1].json()["results"][0]["error"] == "rate_limited"
    # Limited refusals write nothing, not even a count.
    assert InboxTally.objects.get(scope="origin", key="ma").refused == 15
    # The real peer's envelopes verify, so they still go through.
    assert post([remote.envelope()], source="192.0.2.200").status_code == 200
    assert Notice.objects.count() == 1


def test_an_unknown_origin_is_not_counted_as_a_peer(remote: RemotePeer) -> None:
    envelope = remote.envelope()
    envelope["header"]["origin"] = "zz"
    assert post([envelope]).status_code == 403
    assert not InboxTally.objects.filter(scope="origin").exists()
    assert InboxTally.objects.get(scope="source").refused == 1


def test_300_forged_envelopes_write_one_audit_entry_with_the_count(remote: RemotePeer) -> None:
    before = AuditEntry.objects.count()
    answers = [post([forged(remote)]).status_code for _ in range(300)]
    assert 429 in answers
    limit = throttle.refusals_per_source()
    assert answers.count(403) == limit
    # Nothing chained per attempt; the minute's entry is written once the minute is over.
    assert AuditEntry.objects.count() == before
    assert throttle.record_security_events(now=next_minute()) == 1
    assert throttle.record_security_events(now=next_minute()) == 0  # once only
    (entry,) = security_entries()
    assert entry.target == "source:203.0.113.7"
    assert entry.ip == "203.0.113.7"
    assert entry.details["count"] == limit
    assert entry.details["origins"] == ["ma"]
    assert "signature does not verify" in entry.details["first"]["detail"]
    assert AuditEntry.objects.count() == before + 1
    assert verify_stored().ok
    assert not InboxEnvelope.objects.exists()


def test_one_entry_per_source_and_minute(remote: RemotePeer) -> None:
    for source in ("203.0.113.7", "203.0.113.8"):
        for _ in range(3):
            post([forged(remote)], source=source)
    throttle.record_security_events(now=next_minute())
    assert sorted(e.details["count"] for e in security_entries()) == [3, 3]
    assert sorted(e.ip for e in security_entries()) == ["203.0.113.7", "203.0.113.8"]


def test_a_revoked_key_is_a_security_event_too(remote: RemotePeer) -> None:
    from strait.federation.models import PeerKey

    PeerKey.objects.update(revoked_at=timezone.now())
    assert post([remote.envelope()]).status_code == 403
    throttle.record_security_events(now=next_minute())
    assert security_entries()[0].details["first"]["refusal"] == "revoked_key"


def test_the_open_minute_is_recorded_by_the_next_event_or_the_worker(remote: RemotePeer) -> None:
    from strait.federation import tasks
    from strait.worker import registry

    post([forged(remote)])
    assert not security_entries()
    assert "federation.security_events" in registry.tasks
    later = next_minute()
    tasks.record_security_events(now=later)
    assert len(security_entries()) == 1
    # A new minute's first event also records whatever that source left before it.
    InboxTally.objects.update(recorded=False, window=timezone.now() - timedelta(minutes=5))
    post([forged(remote)])
    assert len(security_entries()) == 2


def test_old_tallies_are_pruned(remote: RemotePeer) -> None:
    post([forged(remote)])
    throttle.record_security_events(now=timezone.now() + throttle.KEEP + timedelta(minutes=2))
    assert not InboxTally.objects.exists()
    assert len(security_entries()) == 1  # recorded before it was pruned


def test_a_delivery_answered_429_backs_off_for_at_least_retry_after(remote: RemotePeer) -> None:
    import httpx

    from strait.federation import delivery
    from strait.federation import keys as node_keys
    from strait.federation.models import KeyKind, PeerKey
    from strait.federation.outbox import send

    peer = remote.peer
    ours = node_keys.current(KeyKind.ENCRYPTION)
    PeerKey.objects.create(
        peer=peer, kind=KeyKind.ENCRYPTION, key_id=ours.key_id, public=bytes(ours.public)
    )
    send(peer, "federation.notice", {"text": "hola"})

    def limited(request: httpx.Request) -> httpx.Response:
        body = {"error": "rate_limited", "detail": "slow down", "results": []}
        return httpx.Response(429, json=body, headers={"Retry-After": "45"})

    with httpx.Client(transport=httpx.MockTransport(limited)) as client:
        report = delivery.deliver_once(client, peer)
    assert "rate_limited" in report.error
    fresh = Peer.objects.get(pk=peer.pk)
    assert fresh.failures == 1
    assert fresh.next_attempt_at is not None
    assert fresh.next_attempt_at >= timezone.now() + timedelta(seconds=44)
    assert "rate_limited" in fresh.last_error


def test_retry_now_on_the_peers_page_is_audited(
    remote: RemotePeer, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(role=Role.NODE_ADMIN)
    Peer.objects.filter(pk=remote.peer.pk).update(next_attempt_at=timezone.now())
    response = client.post(reverse("federation:peer_retry", kwargs={"code": "ma"}))
    assert response.status_code == 302
    assert Peer.objects.get(pk=remote.peer.pk).next_attempt_at is None
    entry = AuditEntry.objects.get(action=AuditAction.PEER_RETRY)
    assert entry.target == "ma"
    assert entry.actor


@pytest.mark.parametrize("role", [Role.ANALYST, Role.SUPERVISOR])
def test_retry_now_needs_the_peers_permission(
    remote: RemotePeer, verified_client: Callable[..., Client], role: Role
) -> None:
    Peer.objects.filter(pk=remote.peer.pk).update(next_attempt_at=timezone.now())
    client = verified_client(role=role)
    response = client.post(reverse("federation:peer_retry", kwargs={"code": "ma"}))
    assert response.status_code in (403, 404)
    assert Peer.objects.get(pk=remote.peer.pk).next_attempt_at is not None
    assert not AuditEntry.objects.filter(action="federation.peer_retry").exists()
