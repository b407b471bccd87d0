"""What a node administrator does to federation from the pages: each action checks the
permission first and writes its audit entry with its change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.federation import delivery, keys, peering
from strait.federation.models import NodeKey, Peer
from strait.permissions import Permission, require


def retry_delivery(peer: Peer, *, acting_user: Any, request: HttpRequest | None = None) -> None:
    """The operator's "try now": clear the back-off, and say who did it (issue 11, LOG-01)."""
    require(acting_user, Permission.PEERS_MANAGE)
    with transaction.atomic():
        delivery.retry_now(peer)
        record(AuditAction.PEER_RETRY, request=request, actor=acting_user, target=peer.code)


def rotate_keys(overlap: timedelta = keys.DEFAULT_OVERLAP) -> tuple[NodeKey, NodeKey]:
    """The operator's ``strait keys rotate``: new keys, the old valid for ``overlap``, peers told
    by an announcement signed with the old signing key, all in one transaction (FED-05)."""
    with transaction.atomic():
        signing, encryption, old_signing = keys.rotate_local(overlap)
        peering.announce_keys(sign_with=old_signing.key_id)
        record(
            AuditAction.KEYS_ROTATED,
            target=signing.key_id,
            details={"encryption": encryption.key_id, "overlap": str(overlap)},
        )
    return signing, encryption


def revoke_key(key_id: str) -> NodeKey:
    """The operator's ``strait keys revoke``: revoked at once, peers told."""
    with transaction.atomic():
        key = keys.revoke_local(key_id)
        peering.announce_keys()
        record(AuditAction.KEY_REVOKED, target=key.key_id)
    return key
