"""Receiving: verify, then apply each envelope in its own transaction with its inbox row and
audit entry, and only after commit hand back the signed receipt (REL-02..05, FED-02..06)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.federation import handlers, keys
from strait.federation.envelope import EnvelopeRefused, Opened, Refusal, open_envelope
from strait.federation.models import InboxEnvelope, InboxFailure, InboxStatus, Peer

log = logging.getLogger(__name__)

# A handler that keeps failing on the same envelope is parked after this many tries.
MAX_HANDLER_ATTEMPTS = 5


@dataclass(frozen=True)
class Outcome:
    """The answer for one envelope: a receipt, or a refusal with its HTTP status."""

    envelope_id: str
    receipt: dict[str, Any] | None = None
    refusal: Refusal | None = None
    detail: str = ""
    duplicate: bool = False

    def as_json(self) -> dict[str, Any]:
        if self.receipt is not None:
            return {"id": self.envelope_id, "receipt": self.receipt, "duplicate": self.duplicate}
        assert self.refusal is not None
        return {"id": self.envelope_id, "error": self.refusal.code, "detail": self.detail}


def _security_event(action: AuditAction, envelope: Any, detail: str) -> None:
    header = envelope.get("header", {}) if isinstance(envelope, dict) else {}
    record(
        action,
        target=f"{header.get('origin', '?')}:{header.get('id', '?')}",
        details={"detail": detail[:300], "kind": str(header.get("kind", ""))[:64]},
    )


def receive(envelope: Any) -> Outcome:
    """Check and apply one inbound envelope. Never raises for bad input: it answers."""
    envelope_id = ""
    if isinstance(envelope, dict) and isinstance(envelope.get("header"), dict):
        envelope_id = str(envelope["header"].get("id", ""))[:36]
    try:
        opened = open_envelope(envelope, me=settings.NODE.code, keyring=keys.DatabaseKeyring())
        try:
            return _apply(opened)
        except HandlerFailed as failed:
            # The envelope's transaction is rolled back; count the failure in a new one.
            attempts = _count_failure(opened, failed.__cause__ or failed)
            if attempts < MAX_HANDLER_ATTEMPTS:
                return Outcome(opened.id, refusal=Refusal.HANDLER_FAILED, detail=str(failed))
            return _apply(opened, park=f"handler failed {attempts} times: {failed}")
    except EnvelopeRefused as refused:
        if refused.refusal in (Refusal.ID_CONFLICT, Refusal.BAD_SIGNATURE, Refusal.REVOKED_KEY):
            _security_event(AuditAction.FEDERATION_SECURITY_EVENT, envelope, str(refused))
        return Outcome(envelope_id, refusal=refused.refusal, detail=refused.detail)


class HandlerFailed(Exception):
    """A handler raised something other than Rejected: retry later, maybe park."""


def _apply(opened: Opened, park: str = "") -> Outcome:
    origin = opened.header["origin"]
    with transaction.atomic():
        # One origin's envelopes are applied one at a time, in sequence order.
        peer = Peer.objects.select_for_update().get(code=origin, active=True)
        existing = InboxEnvelope.objects.filter(origin=peer, envelope_id=opened.id).first()
        if existing is not None:
            if existing.digest != opened.digest:
                raise EnvelopeRefused(
                    Refusal.ID_CONFLICT,
                    f"envelope {opened.id} was already received with different content",
                )
            return Outcome(opened.id, receipt=existing.receipt, duplicate=True)
        expected = peer.last_seq_in + 1
        if opened.seq != expected:
            raise EnvelopeRefused(
                Refusal.OUT_OF_ORDER,
                f"sequence {opened.seq} from {origin}, expected {expected}",
            )
        status, reason = (InboxStatus.PARKED, park[:500]) if park else _run_handler(peer, opened)
        receipt = _receipt(opened, status, reason)
        InboxEnvelope.objects.create(
            origin=peer,
            envelope_id=opened.id,
            seq=opened.seq,
            kind=opened.header["kind"],
            handling=opened.header["handling"],
            digest=opened.digest,
            status=status,
            reason=reason,
            receipt=receipt,
        )
        Peer.objects.filter(pk=peer.pk).update(last_seq_in=opened.seq)
        record(
            AuditAction.ENVELOPE_RECEIVED,
            target=f"{origin}:{opened.id}",
            details={
                "kind": opened.header["kind"],
                "seq": opened.seq,
                "handling": opened.header["handling"],
                "status": status,
                "reason": reason,
            },
        )
    # Committed: only now may the sender learn that it was applied (REL-05).
    return Outcome(opened.id, receipt=receipt)


def _run_handler(peer: Peer, opened: Opened) -> tuple[str, str]:
    spec = handlers.kind(opened.header["kind"])
    if spec is None:
        return InboxStatus.PARKED, f"no handler for kind {opened.header['kind']!r} on this node"
    try:
        body = handlers.validate_body(spec, opened.body)
        with transaction.atomic():  # a savepoint: a rejected handler leaves nothing behind
            spec.apply(handlers.Arrival(peer=peer, header=opened.header, body=body))
    except handlers.Rejected as rejected:
        return InboxStatus.PARKED, str(rejected)[:500]
    except Exception as exc:
        raise HandlerFailed(repr(exc)[:300]) from exc
    return InboxStatus.APPLIED, ""


def _count_failure(opened: Opened, exc: BaseException) -> int:
    log.error("handler for %s failed on %s: %r", opened.header["kind"], opened.id, exc)
    with transaction.atomic():
        peer = Peer.objects.select_for_update().get(code=opened.header["origin"])
        failure, _ = InboxFailure.objects.get_or_create(origin=peer, envelope_id=opened.id)
        failure.attempts += 1
        failure.last_error = repr(exc)[:500]
        failure.last_at = timezone.now()
        failure.save()
        return failure.attempts


def _receipt(opened: Opened, status: str, reason: str) -> dict[str, Any]:
    from strait.federation.envelope import sign_receipt

    return sign_receipt(signing_key=keys.signing_key(), opened=opened, status=status, reason=reason)
