"""Reads for the peers page: each peer's delivery state, as an operator needs to see it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from strait.federation import keys
from strait.federation.models import KeyKind, Notice, OutboxStatus, Peer

UNREACHABLE_WARNING = timedelta(minutes=15)  # REL-06


@dataclass(frozen=True)
class PeerState:
    peer: Peer
    queue_depth: int
    parked: int
    oldest_undelivered: datetime | None

    @property
    def unreachable_too_long(self) -> bool:
        since = self.peer.unreachable_since
        return since is not None and timezone.now() - since >= UNREACHABLE_WARNING

    @property
    def state(self) -> str:
        if not self.peer.active:
            return "suspended"
        if self.peer.unreachable_since is not None:
            return "unreachable"
        return "backlog" if self.queue_depth else "ok"


def peers_visible_to(user: Any) -> QuerySet[Peer]:
    # Peering is node administration: every node administrator sees every peer of the node.
    return Peer.objects.all()


def _annotated() -> QuerySet[Peer]:
    pending = Q(outbox__status=OutboxStatus.PENDING)
    return Peer.objects.annotate(
        queue_depth=Count("outbox", filter=pending),
        parked_count=Count("outbox", filter=Q(outbox__status=OutboxStatus.PARKED)),
        oldest=Min("outbox__created_at", filter=pending),
    )


def _state(peer: Any) -> PeerState:
    return PeerState(peer, peer.queue_depth, peer.parked_count, peer.oldest)


def peer_states() -> list[PeerState]:
    return [_state(p) for p in _annotated().order_by("code")]


def peer_state(peer: Peer) -> PeerState:
    return _state(_annotated().get(pk=peer.pk))


def notices(peer: Peer, limit: int = 20) -> list[Notice]:
    rows = list(Notice.objects.filter(peer=peer).order_by("-created_at")[:limit])
    outbox = {
        e.envelope_id: e for e in peer.outbox.filter(envelope_id__in=[n.envelope_id for n in rows])
    }
    for notice in rows:
        notice.envelope = outbox.get(notice.envelope_id)  # type: ignore[attr-defined]
    return rows


def own_identity() -> dict[str, Any]:
    try:
        ident = keys.identity()
    except RuntimeError:
        return {"fingerprint": None}
    return {
        "fingerprint": ident.fingerprint(),
        "signing_key": keys.current(KeyKind.SIGNING).key_id,
        "encryption_key": keys.current(KeyKind.ENCRYPTION).key_id,
    }
