"""The peers page: node administrators see each peer's delivery state and send a notice."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.federation import keys
from strait.federation.models import Notice, OutboxEnvelope, Peer
from strait.federation.outbox import SendError, send
from strait.permissions import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def peer() -> Peer:
    keys.ensure_keys()
    return Peer.objects.create(
        code="es",
        name="Strait España",
        country="ES",
        base_url="http://127.0.0.1:9",
        fingerprint="AAAA-BBBB-CCCC-DDDD-EEEE",
    )


def test_peer_list_shows_queue_and_warns_when_unreachable_for_15_minutes(
    peer: Peer, verified_client: Callable[..., Client]
) -> None:
    send(peer, "federation.notice", {"text": "hola"})
    Peer.objects.filter(pk=peer.pk).update(
        unreachable_since=timezone.now() - timedelta(minutes=16),
        last_error="ConnectError: connection refused",
        last_error_at=timezone.now(),
    )
    page = verified_client(role=Role.NODE_ADMIN).get(reverse("federation:peers"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Unreachable for" in html
    assert 'role="alert"' in html
    assert "connection refused" in html
    assert keys.identity().fingerprint() in html


def test_no_warning_before_15_minutes(peer: Peer, verified_client: Callable[..., Client]) -> None:
    Peer.objects.filter(pk=peer.pk).update(unreachable_since=timezone.now() - timedelta(minutes=5))
    html = verified_client(role=Role.NODE_ADMIN).get(reverse("federation:peers")).content.decode()
    assert 'role="alert"' not in html


def test_sending_a_notice_queues_an_envelope_and_audits(
    peer: Peer, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(role=Role.NODE_ADMIN)
    response = client.post(reverse("federation:peer", kwargs={"code": "es"}), {"text": "مرحبا"})
    assert response.status_code == 302
    envelope = OutboxEnvelope.objects.get()
    assert envelope.kind == "federation.notice"
    assert envelope.seq == 1
    assert Notice.objects.get().text == "مرحبا"
    assert AuditEntry.objects.filter(action=AuditAction.NOTICE_SENT).exists()
    page = client.get(reverse("federation:peer", kwargs={"code": "es"})).content.decode()
    assert "Waiting for delivery" in page


def test_empty_or_oversized_notice_is_refused_and_nothing_queued(
    peer: Peer, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(role=Role.NODE_ADMIN)
    for text in ("", "x" * 501):
        response = client.post(reverse("federation:peer", kwargs={"code": "es"}), {"text": text})
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not OutboxEnvelope.objects.exists()
    assert not Notice.objects.exists()


def test_partner_text_is_escaped(peer: Peer, verified_client: Callable[..., Client]) -> None:
    Notice.objects.create(
        peer=peer,
        direction="in",
        envelope_id="00000000-0000-4000-8000-000000000001",
        text="<script>alert(1)</script>",
    )
    html = (
        verified_client(role=Role.NODE_ADMIN)
        .get(reverse("federation:peer", kwargs={"code": "es"}))
        .content.decode()
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_send_is_part_of_the_callers_transaction(peer: Peer) -> None:
    from django.db import transaction

    def change_that_fails() -> None:
        with transaction.atomic():
            send(peer, "federation.notice", {"text": "rolled back"})
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not OutboxEnvelope.objects.exists()
    assert send(peer, "federation.notice", {"text": "kept"}).seq == 1  # no gap left behind


def test_send_refuses_unknown_kind_bad_body_and_handling(peer: Peer) -> None:
    with pytest.raises(SendError):
        send(peer, "exchange.nothing", {})
    with pytest.raises(SendError):
        send(peer, "federation.notice", {"text": ""})
    with pytest.raises(SendError):
        send(peer, "federation.notice", {"text": "x"}, handling="H9")
    assert not OutboxEnvelope.objects.exists()


def test_backoff_is_exponential_jittered_and_capped() -> None:
    import random

    from strait.federation.delivery import BACKOFF_CAP, backoff_seconds

    rng = random.Random(1)
    # Jitter stays within [c/2, c] of c = base * 2^n: two failures later is always longer.
    for n in range(1, 7):
        assert backoff_seconds(n + 2, rng) > backoff_seconds(n, rng)
    assert len({backoff_seconds(3, rng) for _ in range(20)}) > 1  # jittered, not fixed
    assert all(backoff_seconds(n, rng) <= BACKOFF_CAP for n in range(1, 40))
    assert backoff_seconds(30, rng) >= BACKOFF_CAP / 2
