"""Sending: ``send(peer, kind, body)`` inside the caller's transaction (REL-01)."""

from __future__ import annotations

from typing import Any

import pydantic
from django.db import transaction

from strait.federation import canonical
from strait.federation.envelope import HANDLING_CODES, MAX_BODY_BYTES, new_id
from strait.federation.handlers import kind as registered_kind
from strait.federation.models import OutboxEnvelope, Peer


class SendError(ValueError):
    pass


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
