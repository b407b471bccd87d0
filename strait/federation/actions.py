"""What a node administrator does to federation from the pages: each action checks the
permission first and writes its audit entry with its change."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest

from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.federation import delivery
from strait.federation.models import Peer
from strait.permissions import Permission, require


def retry_delivery(peer: Peer, *, acting_user: Any, request: HttpRequest | None = None) -> None:
    """The operator's "try now": clear the back-off, and say who did it (issue 11, LOG-01)."""
    require(acting_user, Permission.PEERS_MANAGE)
    with transaction.atomic():
        delivery.retry_now(peer)
        record(AuditAction.PEER_RETRY, request=request, actor=acting_user, target=peer.code)
