"""Sending: ``send(peer, kind, body)`` inside the caller's transaction (REL-01); ``send_many``
for one body to several peers."""

from __future__ import annotations

from typing import Any

import pydantic
from django.db import transaction
from django.db.models import F

from strait.federation import canonical
from strait.federation.envelope import HANDLING_CODES, MAX_BODY_BYTES, new_id
from strait.federation.handlers import kind as registered_kind
from strait.federation.models import OutboxEnvelope, Peer


class SendError(ValueError):
    pass


class UnknownPeer(SendError):
    """``send_many`` was given a node that is not an active peer of this one."""

    def __init__(self, code: str) -> None:
        super().__init__(f"{code!r} is not an active peer")
        self.code = code


def _check(kind: str, body: dict[str, Any], handling: str) -> None:
    if handling not in HANDLING_CODES:
        raise SendError(f"handling code must be one of {HANDLING_CODES}")
    spec = registered_kind(kind)
    if spec is None:
        raise SendError(f"no handler registered for kind {kind!r}")
    try:  # fail here, in the sender's transaction, rather than be parked at the peer
        spec.body.model_validate(body)
    except pydantic.ValidationError as exc:
        raise SendError(f"body does not match {kind}: {exc.errors()[0]['msg']}") from exc
    if len(canonical.dumps(body)) > MAX_BODY_BYTES:
        raise SendError(f"body exceeds {MAX_BODY_BYTES} bytes")


def send(
    peer: Peer | str,
    kind: str,
    body: dict[str, Any],
    *,
    handling: str = "H0",
    sign_with: str = "",
) -> OutboxEnvelope:
    """Queue an envelope for ``peer``. Call it in the transaction that makes the change: if that
    transaction rolls back, nothing is sent; if it commits, the worker delivers it exactly once
    in effect, in order with everything else sent to that peer."""
    _check(kind, body, handling)
    with transaction.atomic():
        code = peer.code if isinstance(peer, Peer) else peer
        # Lock the peer row: sequence numbers are handed out one at a time, without gaps.
        locked = Peer.objects.select_for_update().get(code=code, active=True)
        seq = locked.next_seq_out
        Peer.objects.filter(pk=locked.pk).update(next_seq_out=seq + 1)
        return OutboxEnvelope.objects.create(
            peer=locked,
            envelope_id=new_id(),
            seq=seq,
            kind=kind,
            handling=handling,
            body=body,
            sign_with=sign_with,
        )


def send_many(
    peers: list[str], kind: str, body: dict[str, Any], *, handling: str = "H0"
) -> list[OutboxEnvelope]:
    """Queue the same envelope for each of ``peers`` (node codes), as ``send`` one by one would,
    with the same guarantees, in three statements: the peers locked in one query (ordered by pk,
    so two senders lock them in the same order), their counters moved on in one UPDATE, the rows
    in one INSERT. Raises ``UnknownPeer`` for a code that is not an active peer; nothing is
    queued then."""
    codes = list(dict.fromkeys(peers))
    if not codes:
        return []
    _check(kind, body, handling)
    with transaction.atomic():
        locked = {
            p.code: p
            for p in Peer.objects.select_for_update()
            .filter(code__in=codes, active=True)
            .order_by("pk")
        }
        for code in codes:
            if code not in locked:
                raise UnknownPeer(code)
        Peer.objects.filter(pk__in=[p.pk for p in locked.values()]).update(
            next_seq_out=F("next_seq_out") + 1
        )
        return OutboxEnvelope.objects.bulk_create(
            OutboxEnvelope(
                peer=locked[code],
                envelope_id=new_id(),
                seq=locked[code].next_seq_out,
                kind=kind,
                handling=handling,
                body=body,
            )
            for code in codes
        )
