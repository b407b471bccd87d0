"""Receiving: verify each envelope, apply a batch in one transaction (each envelope's handler in
its own savepoint, with its inbox row and audit entry), commit, and only then hand back the
signed receipts (REL-02..05, FED-02..06).

A batch stops at the first envelope that is not applied; everything before it commits. It also
stops once it has worked for ``FEDERATION_INBOX_SECONDS`` (10 s by default): what was applied
commits and is receipted, the rest is simply not answered, and the sender posts it again at once
(``delivery.py`` counts a short answer as "not all delivered", not as a failure). A request of
400 batch checks took longer than the sender's 30-second timeout, and on SQLite held the write
lock that long (``benchmarks/ports.py`` at a million persons).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from strait.audit.events import AuditAction
from strait.audit.log import Entry, record_many
from strait.federation import crypto, handlers, keys, throttle
from strait.federation.envelope import (
    MAX_BATCH_DEPTH,
    EnvelopeRefused,
    Opened,
    Refusal,
    nests_deeper,
    open_envelope,
    sign_receipt,
)
from strait.federation.models import InboxEnvelope, InboxFailure, InboxStatus, Peer

log = logging.getLogger(__name__)

# A handler that keeps failing on the same envelope is parked after this many tries.
MAX_HANDLER_ATTEMPTS = 5
MAX_BATCH_BYTES = 8 * 1024 * 1024
MAX_BATCH_ENVELOPES = 500
SECURITY_REFUSALS = (Refusal.ID_CONFLICT, Refusal.BAD_SIGNATURE, Refusal.REVOKED_KEY)


@dataclass(frozen=True)
class Outcome:
    """The answer for one envelope: a receipt, or a refusal with its HTTP status."""

    envelope_id: str
    receipt: dict[str, Any] | None = None
    refusal: Refusal | None = None
    detail: str = ""
    duplicate: bool = False
    retry_after: int = 0  # seconds, with Refusal.RATE_LIMITED

    def as_json(self) -> dict[str, Any]:
        if self.receipt is not None:
            return {"id": self.envelope_id, "receipt": self.receipt, "duplicate": self.duplicate}
        code = self.refusal.code if self.refusal is not None else "error"
        return {"id": self.envelope_id, "error": code, "detail": self.detail}


class HandlerFailed(Exception):
    """A handler raised something other than Rejected: retry later, park after a few tries."""

    def __init__(self, opened: Opened, error: BaseException) -> None:
        super().__init__(repr(error)[:300])
        self.opened = opened


class BatchRefused(Exception):
    """The request as a whole is not a batch of envelopes: answered with ``status``, no results."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail


def parse_batch(raw: bytes) -> list[Any]:
    """The envelopes of a request body ``{"envelopes": [...]}``; raises BatchRefused. Depth is
    bounded before anything walks the envelopes, so no input exhausts the stack."""
    if len(raw) > MAX_BATCH_BYTES:
        raise BatchRefused(413, Refusal.OVERSIZED.code, f"batch exceeds {MAX_BATCH_BYTES} bytes")
    try:
        payload: Any = json.loads(raw)
    except RecursionError as exc:
        raise BatchRefused(400, Refusal.BODY_INVALID.code, "request body nests too deep") from exc
    except ValueError as exc:
        raise BatchRefused(400, Refusal.SCHEMA.code, "request body is not JSON") from exc
    if nests_deeper(payload, MAX_BATCH_DEPTH):
        raise BatchRefused(400, Refusal.BODY_INVALID.code, "request body nests too deep")
    envelopes = payload.get("envelopes") if isinstance(payload, dict) else None
    if not isinstance(envelopes, list) or not envelopes:
        raise BatchRefused(400, Refusal.SCHEMA.code, 'expected {"envelopes": [...]} (non-empty)')
    if len(envelopes) > MAX_BATCH_ENVELOPES:
        raise BatchRefused(413, Refusal.OVERSIZED.code, f"at most {MAX_BATCH_ENVELOPES} per batch")
    return envelopes


def _envelope_id(envelope: Any) -> str:
    header = envelope.get("header") if isinstance(envelope, dict) else None
    return str(header.get("id", ""))[:36] if isinstance(header, dict) else ""


def _counted(envelope: Any, exc: EnvelopeRefused, source: str) -> Outcome:
    """Count a refusal from the envelope checks against the source address and the peer the
    envelope names (issue 11): a security event is tallied, not written one by one; a refusal
    for a peer already over its limit is answered 429 and counted nowhere."""
    refused = Outcome(_envelope_id(envelope), refusal=exc.refusal, detail=exc.detail)
    header = envelope.get("header") if isinstance(envelope, dict) else None
    # Past the schema check the header is well-formed; before it, nothing in it is trusted.
    trusted = exc.refusal not in (Refusal.SCHEMA, Refusal.OVERSIZED)
    claimed = str(header["origin"]) if trusted and isinstance(header, dict) else ""
    origin = claimed if exc.refusal is not Refusal.UNKNOWN_PEER else ""
    wait = throttle.origin_wait(origin)
    if wait:
        detail = f"too many refused envelopes naming {origin!r}; retry in {wait} s"
        return Outcome(
            refused.envelope_id, refusal=Refusal.RATE_LIMITED, detail=detail, retry_after=wait
        )
    event = None
    if exc.refusal in SECURITY_REFUSALS and isinstance(header, dict):
        event = {
            "refusal": exc.refusal.code,
            "detail": refused.detail[:300],
            "kind": str(header.get("kind", ""))[:64],
            "origin": claimed,
            "envelope": refused.envelope_id,
        }
    throttle.count_refusal(source, origin=origin, event=event)
    return refused


def receive(envelope: Any, source: str = "") -> Outcome:
    return receive_batch([envelope], source=source)[-1]


def receive_batch(envelopes: list[Any], source: str = "") -> list[Outcome]:
    """Check and apply envelopes in order. Never raises for bad input: it answers. ``source``
    is the sender's address, which refusals are counted against."""
    keyring = keys.DatabaseKeyring()
    opened: list[Opened] = []
    refused: Outcome | None = None
    for envelope in envelopes:
        try:
            opened.append(open_envelope(envelope, me=settings.NODE.code, keyring=keyring))
        except EnvelopeRefused as exc:
            refused = _counted(envelope, exc, source)
            break
    outcomes = _apply_all(opened)
    if refused is not None and len(outcomes) == len(opened):
        outcomes.append(refused)
    return outcomes


def refuse_batch(source: str) -> None:
    """A request that is not a batch of envelopes at all counts against its source."""
    throttle.count_refusal(source)


def _apply_all(opened: list[Opened]) -> list[Outcome]:
    try:
        return _apply(opened)
    except _Stopped as stopped:
        outcomes = stopped.outcomes
        failure = stopped.failure
    if failure is None:
        return outcomes
    # The failing envelope's savepoint was rolled back; count the failure in a new transaction.
    attempts = _count_failure(failure.opened, str(failure))
    if attempts < MAX_HANDLER_ATTEMPTS:
        outcomes.append(
            Outcome(failure.opened.id, refusal=Refusal.HANDLER_FAILED, detail=str(failure))
        )
        return outcomes
    reason = f"handler failed {attempts} times: {failure}"
    return outcomes + _apply([failure.opened], park=reason)


class _Stopped(Exception):
    """The batch stopped early: what was applied before committed; say why it stopped."""

    def __init__(self, outcomes: list[Outcome], failure: HandlerFailed | None) -> None:
        self.outcomes = outcomes
        self.failure = failure


@dataclass
class _Batch:
    """What one transaction has locked and seen, so each envelope costs few queries."""

    peers: dict[str, Peer] = field(default_factory=dict)
    seen: dict[tuple[str, str], InboxEnvelope] = field(default_factory=dict)
    rows: list[InboxEnvelope] = field(default_factory=list)
    audit: list[Entry] = field(default_factory=list)
    signing: Any = field(default_factory=keys.signing_key)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    @cached_property
    def signing_key_id(self) -> str:
        return crypto.key_id(crypto.public_raw(self.signing))

    def peer(self, code: str, ids: list[str]) -> Peer:
        if code not in self.peers:
            # One origin's envelopes are applied one batch at a time, in sequence order.
            self.peers[code] = Peer.objects.select_for_update().get(code=code, active=True)
            for row in InboxEnvelope.objects.filter(
                origin=self.peers[code], envelope_id__in=ids
            ).only("envelope_id", "digest", "receipt"):
                self.seen[(code, str(row.envelope_id))] = row
        return self.peers[code]


def _apply(opened: list[Opened], park: str = "") -> list[Outcome]:
    outcomes: list[Outcome] = []
    failure: HandlerFailed | None = None
    stop: Outcome | None = None
    ids = [o.id for o in opened]
    until = time.monotonic() + float(getattr(settings, "FEDERATION_INBOX_SECONDS", 10.0))
    with transaction.atomic():
        batch = _Batch()
        for item in opened:
            if batch.rows and time.monotonic() > until:
                break  # one applied at least; the rest unanswered: the sender posts it again
            origin = item.header["origin"]
            peer = batch.peer(origin, ids)
            existing = batch.seen.get((origin, item.id))
            if existing is not None:
                if existing.digest != item.digest:
                    detail = f"envelope {item.id} was already received with different content"
                    batch.audit.append(
                        Entry(
                            AuditAction.FEDERATION_SECURITY_EVENT,
                            f"{origin}:{item.id}",
                            {"detail": detail, "kind": item.header["kind"]},
                        )
                    )
                    stop = Outcome(item.id, refusal=Refusal.ID_CONFLICT, detail=detail)
                    break
                outcomes.append(Outcome(item.id, receipt=existing.receipt, duplicate=True))
                continue
            if item.seq != peer.last_seq_in + 1:
                detail = f"sequence {item.seq} from {origin}, expected {peer.last_seq_in + 1}"
                stop = Outcome(item.id, refusal=Refusal.OUT_OF_ORDER, detail=detail)
                break
            try:
                status, reason = (InboxStatus.PARKED, park[:500]) if park else _run(peer, item)
            except HandlerFailed as exc:
                failure = exc
                break
            receipt = sign_receipt(
                signing_key=batch.signing,
                opened=item,
                status=status,
                reason=reason,
                at=batch.now,
                key_id=batch.signing_key_id,
            )
            row = InboxEnvelope(
                origin=peer,
                envelope_id=item.id,
                seq=item.seq,
                kind=item.header["kind"],
                handling=item.header["handling"],
                digest=item.digest,
                status=status,
                reason=reason,
                receipt=receipt,
            )
            batch.rows.append(row)
            batch.seen[(origin, item.id)] = row
            batch.audit.append(
                Entry(
                    AuditAction.ENVELOPE_RECEIVED,
                    f"{origin}:{item.id}",
                    {
                        "kind": item.header["kind"],
                        "seq": item.seq,
                        "handling": item.header["handling"],
                        "status": status,
                        "reason": reason,
                    },
                )
            )
            peer.last_seq_in = item.seq
            outcomes.append(Outcome(item.id, receipt=receipt))
        InboxEnvelope.objects.bulk_create(batch.rows)
        for peer in batch.peers.values():
            Peer.objects.filter(pk=peer.pk).update(last_seq_in=peer.last_seq_in)
        record_many(batch.audit)
    # Committed: only now may the sender learn what was applied (REL-05).
    if stop is not None:
        outcomes.append(stop)
    if failure is not None:
        raise _Stopped(outcomes, failure)
    return outcomes


def _run(peer: Peer, opened: Opened) -> tuple[str, str]:
    if opened.problem:
        return InboxStatus.PARKED, opened.problem[:500]
    spec = handlers.kind(opened.header["kind"])
    if spec is None:
        return InboxStatus.PARKED, f"no handler for kind {opened.header['kind']!r} on this node"
    try:
        body = handlers.validate_body(spec, opened.body)
        with transaction.atomic():  # a savepoint: a failed handler leaves nothing behind
            spec.apply(handlers.Arrival(peer=peer, header=opened.header, body=body))
    except handlers.Rejected as rejected:
        return InboxStatus.PARKED, str(rejected)[:500]
    except Exception as exc:
        log.exception("handler for %s failed on %s", opened.header["kind"], opened.id)
        raise HandlerFailed(opened, exc) from exc
    return InboxStatus.APPLIED, ""


def _count_failure(opened: Opened, error: str) -> int:
    with transaction.atomic():
        peer = Peer.objects.select_for_update().get(code=opened.header["origin"])
        failure, _ = InboxFailure.objects.get_or_create(origin=peer, envelope_id=opened.id)
        failure.attempts += 1
        failure.last_error = error[:500]
        failure.last_at = timezone.now()
        failure.save()
        return failure.attempts
