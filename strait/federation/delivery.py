"""The worker's half of delivery: take a peer's pending envelopes in order, seal them, post them
in a batch, record the signed receipts; back off on failure (REL-06), and probe a peer that did
not answer so delivery resumes as soon as it is back."""

from __future__ import annotations

import json
import logging
import random
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from strait.federation import keys
from strait.federation.envelope import EnvelopeRefused, check_receipt, seal
from strait.federation.inbox import MAX_BATCH_BYTES
from strait.federation.models import (
    Backoff,
    KeyKind,
    OutboxEnvelope,
    OutboxStatus,
    Peer,
    PeerKey,
)

log = logging.getLogger(__name__)

BACKOFF_CAP = 300.0  # 5 minutes (REL-06)
LEASE = timedelta(seconds=60)
TIMEOUT = httpx.Timeout(30.0, connect=5.0)
INBOX_PATH = "/federation/v1/inbox"
PROBE_PATH = "/health/"
PROBE_TIMEOUT = httpx.Timeout(2.0)


def backoff_seconds(failures: int, rng: random.Random | None = None) -> float:
    """Exponential with full jitter in the upper half, capped at five minutes."""
    ceiling = min(BACKOFF_CAP, settings.FEDERATION_BACKOFF_BASE * (2 ** min(failures, 20)))
    return (rng or random).uniform(ceiling / 2, ceiling)


@dataclass
class Report:
    peer: str
    sent: int = 0
    delivered: int = 0
    parked: int = 0
    error: str = ""


def due_peers() -> list[Peer]:
    now = timezone.now()
    pending = OutboxEnvelope.objects.filter(status=OutboxStatus.PENDING).values("peer")
    return list(
        Peer.objects.filter(active=True, pk__in=pending).filter(
            Q(next_attempt_at=None) | Q(next_attempt_at__lte=now)
        )
    )


def _take_lease(peer: Peer) -> bool:
    """Only one worker process delivers to a peer at a time, so order holds (REL-06)."""
    now = timezone.now()
    taken = (
        Peer.objects.filter(pk=peer.pk)
        .filter(Q(lease_until=None) | Q(lease_until__lt=now))
        .update(lease_until=now + LEASE)
    )
    return taken == 1


def _renew_lease(peer: Peer) -> None:
    Peer.objects.filter(pk=peer.pk).update(lease_until=timezone.now() + LEASE)


def _release(peer: Peer) -> None:
    Peer.objects.filter(pk=peer.pk).update(lease_until=None)


def _pending(peer: Peer, after: int, size: int) -> list[OutboxEnvelope]:
    rows = OutboxEnvelope.objects.filter(peer=peer, status=OutboxStatus.PENDING, seq__gt=after)
    return list(rows.order_by("seq")[:size])


def _post(client: httpx.Client, peer: Peer, envelopes: list[dict[str, Any]]) -> Any:
    response = client.post(
        peer.base_url.rstrip("/") + INBOX_PATH, json={"envelopes": envelopes}, timeout=TIMEOUT
    )
    return _results(response)


def deliver_once(
    client: httpx.Client, peer: Peer, batch_size: int = 0, max_batches: int = 1
) -> Report:
    """Deliver up to ``max_batches`` batches to one peer, in sequence order.

    Pipelined, so both nodes work at once: while a batch is in flight (the peer verifies and
    applies it) the next one is sealed here, and it is posted as soon as the previous answer
    arrives, before that answer's receipts are checked and stored. At most one batch is in
    flight at a time and the peer applies only the next sequence numbers, so order holds; if a
    batch did not go through whole, the one posted behind it is refused as out of order,
    changes nothing, and everything is resealed on the next attempt.
    """
    report = Report(peer.code)
    if not _take_lease(peer):
        return report
    size = batch_size or settings.FEDERATION_BATCH_SIZE
    try:
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="deliver") as pool:
            rows, sealed, more = _next_batch(peer, 0, size)
            in_flight = pool.submit(_post, client, peer, sealed) if rows else None
            batches = 1
            while in_flight is not None:
                report.sent += len(rows)
                ahead: list[OutboxEnvelope] = []
                ahead_sealed: list[dict[str, Any]] = []
                if more and batches < max_batches:
                    ahead, ahead_sealed, more = _next_batch(peer, rows[-1].seq, size)
                try:
                    results = in_flight.result()
                except (httpx.HTTPError, ValueError) as exc:
                    wait = exc.retry_after if isinstance(exc, Refused) else 0.0
                    # No answer at all (refused, reset, timed out) may be probed early; an
                    # answer that said no (429, 503, not JSON) waits out its back-off.
                    why = (
                        Backoff.UNREACHABLE
                        if isinstance(exc, httpx.TransportError)
                        else Backoff.REFUSED
                    )
                    _failed(peer, f"{type(exc).__name__}: {exc}"[:500], why, at_least=wait)
                    report.error = str(exc)
                    break
                whole = len(results) == len(rows) and all("receipt" in r for r in results)
                in_flight = None
                if ahead and whole:
                    in_flight = pool.submit(_post, client, peer, ahead_sealed)
                    batches += 1
                if not _record(peer, rows, results, report) and in_flight is not None:
                    _drain_refused(in_flight, peer, ahead, report)
                    break
                rows = ahead
                _renew_lease(peer)
        return report
    finally:
        _release(peer)


def _drain_refused(
    in_flight: Future[Any], peer: Peer, rows: list[OutboxEnvelope], report: Report
) -> None:
    """The batch behind a failed one: wait for its answer (a refusal) and keep any receipt."""
    try:
        results = in_flight.result()
    except (httpx.HTTPError, ValueError):
        return
    if any("receipt" in r for r in results):
        _record(peer, rows, results, report)


def _next_batch(
    peer: Peer, after: int, size: int
) -> tuple[list[OutboxEnvelope], list[dict[str, Any]], bool]:
    """The pending envelopes after sequence number ``after``, sealed: at most ``size``, and no
    more than one request to the peer's inbox may carry (``MAX_BATCH_BYTES``). Also whether
    more may be waiting behind them."""
    rows = _pending(peer, after, size)
    if not rows:
        return [], [], False
    sealed = _seal_all(peer, rows)
    return rows[: len(sealed)], sealed, len(rows) == size or len(sealed) < len(rows)


# The request body around the envelopes: {"envelopes": [...]}.
_WRAPPER_BYTES = len(json.dumps({"envelopes": []}))


def _seal_all(
    peer: Peer, rows: list[OutboxEnvelope], budget: int = MAX_BATCH_BYTES
) -> list[dict[str, Any]]:
    """Seal and sign each envelope now, so ``sent`` is fresh however long it waited; stop
    before the request would outgrow ``budget`` bytes (the first always goes: one envelope is
    at most ``MAX_ENVELOPE_BYTES``). A peer refuses a larger request whole (413) and would
    refuse it again at every retry: a day's answers queued behind a slow link stalled it."""
    encryption = (
        PeerKey.objects.filter(peer=peer, kind=KeyKind.ENCRYPTION, revoked_at=None)
        .order_by("-added_at")
        .first()
    )
    if encryption is None:
        raise RuntimeError(f"no encryption key known for peer {peer.code}")
    signers = {key_id: keys.signing_key(key_id) for key_id in {row.sign_with for row in rows}}
    sealed: list[dict[str, Any]] = []
    used = _WRAPPER_BYTES
    for row in rows:
        envelope = seal(
            envelope_id=str(row.envelope_id),
            origin=settings.NODE.code,
            recipient=peer.code,
            kind=row.kind,
            created=row.created_at,
            seq=row.seq,
            handling=row.handling,
            body=row.body,
            signing_key=signers[row.sign_with],
            recipient_encryption_key=bytes(encryption.public),
        )
        # json.dumps' default separators and ASCII escapes: never less than what httpx sends.
        used += len(json.dumps(envelope)) + 2
        if sealed and used > budget:
            break
        sealed.append(envelope)
    return sealed


class Refused(ValueError):
    """The peer answered the whole request with an error (no result for any envelope)."""

    def __init__(self, message: str, retry_after: float = 0.0) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _retry_after(response: httpx.Response) -> float:
    try:
        return min(BACKOFF_CAP, max(0.0, float(response.headers.get("Retry-After", "0"))))
    except ValueError:
        return 0.0


def _results(response: httpx.Response) -> list[dict[str, Any]]:
    try:
        data = response.json()
    except ValueError as exc:
        raise ValueError(f"HTTP {response.status_code}, not JSON") from exc
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise ValueError(f"HTTP {response.status_code}: {str(data)[:200]}")
    if not results and response.status_code >= 400:
        # Refused before any envelope was looked at (rate limited, malformed): back off.
        error = f"HTTP {response.status_code} {data.get('error', '')}: {data.get('detail', '')}"
        raise Refused(error[:500], _retry_after(response))
    return results


def _record(
    peer: Peer, pending: list[OutboxEnvelope], results: list[dict[str, Any]], report: Report
) -> bool:
    """Store the verified receipts; True if the whole batch was delivered or parked."""
    signing = {
        k.key_id: bytes(k.public) for k in PeerKey.objects.filter(peer=peer, kind=KeyKind.SIGNING)
    }
    by_id = {str(row.envelope_id): row for row in pending}
    error = ""
    now = timezone.now()
    done: list[OutboxEnvelope] = []
    with transaction.atomic():
        for result in results:
            row = by_id.get(str(result.get("id")))
            if row is None:
                continue
            if "receipt" not in result:
                error = f"{result.get('error', 'error')}: {result.get('detail', '')}"[:500]
                row.attempts, row.reason = row.attempts + 1, error
                done.append(row)
                break
            try:
                receipt = result["receipt"]
                public = signing.get(str(receipt.get("body", {}).get("sig_key")), b"")
                body = check_receipt(receipt, public=public)
            except (EnvelopeRefused, AttributeError) as exc:
                error = f"bad receipt for {row.envelope_id}: {exc}"[:500]
                break
            if body["envelope"] != str(row.envelope_id) or body["seq"] != row.seq:
                error = f"receipt does not match envelope {row.envelope_id}"
                break
            parked = body["status"] == "parked"
            row.status = OutboxStatus.PARKED if parked else OutboxStatus.DELIVERED
            row.delivered_at, row.receipt, row.reason = now, receipt, body["reason"]
            row.attempts += 1
            done.append(row)
            report.parked += parked
            report.delivered += not parked
        _save_outcomes(done)
        if error:
            report.error = error
    if error:
        _failed(peer, error, Backoff.REFUSED)
        return False
    Peer.objects.filter(pk=peer.pk).update(
        failures=0,
        next_attempt_at=None,
        last_success_at=now,
        unreachable_since=None,
        backoff_reason="",
    )
    return len(done) == len(pending)


_OUTCOME_FIELDS = ("status", "delivered_at", "receipt", "reason", "attempts")


def _concrete(name: str) -> models.Field[Any, Any]:
    field = OutboxEnvelope._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(name)
    return field


def _save_outcomes(rows: list[OutboxEnvelope]) -> None:
    """One prepared UPDATE executed per row: Django's bulk_update builds a CASE per column and
    row, which cost more than the whole delivery at a thousand envelopes a second."""
    if not rows:
        return
    fields = [_concrete(name) for name in _OUTCOME_FIELDS]
    table = OutboxEnvelope._meta.db_table
    # These fields are plain columns named as the fields are.
    assignments = ", ".join(f"{connection.ops.quote_name(n)} = %s" for n in _OUTCOME_FIELDS)
    sql = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608 (names from the model)
    params = [
        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _failed(peer: Peer, error: str, why: Backoff, at_least: float = 0.0) -> None:
    """Back off (never sooner than the peer's Retry-After), say why, and show the error."""
    log.warning("delivery to %s failed: %s", peer.code, error)
    now = timezone.now()
    fresh = Peer.objects.get(pk=peer.pk)
    failures = fresh.failures + 1
    Peer.objects.filter(pk=peer.pk).update(
        failures=failures,
        next_attempt_at=now + timedelta(seconds=max(at_least, backoff_seconds(failures))),
        last_error=error[:500],
        last_error_at=now,
        unreachable_since=fresh.unreachable_since or now,
        backoff_reason=why,
    )


def deliver_all(client: httpx.Client | None = None, max_batches: int = 50) -> list[Report]:
    """One pass over every peer with something due; the worker calls it in a loop."""
    own = client is None
    client = client or httpx.Client()
    try:
        return [deliver_once(client, peer, max_batches=max_batches) for peer in due_peers()]
    finally:
        if own:
            client.close()


def retry_now(peer: Peer) -> None:
    """The operator's "try now": clear the back-off so the worker's next pass delivers."""
    Peer.objects.filter(pk=peer.pk).update(next_attempt_at=None)


def probe_due() -> list[Peer]:
    """Peers backed off because they did not answer, with something to deliver, not probed
    within the last FEDERATION_PROBE_SECONDS. A peer that refused us is never listed: its
    back-off (at least its Retry-After) is its own request to wait."""
    now = timezone.now()
    pending = OutboxEnvelope.objects.filter(status=OutboxStatus.PENDING).values("peer")
    return list(
        Peer.objects.filter(
            active=True,
            pk__in=pending,
            backoff_reason=Backoff.UNREACHABLE,
            next_attempt_at__gt=now,
        ).filter(Q(probed_at=None) | Q(probed_at__lte=now - _probe_interval()))
    )


def _probe_interval() -> timedelta:
    return timedelta(seconds=settings.FEDERATION_PROBE_SECONDS)


def _claim_probe(peer: Peer) -> bool:
    """At most one probe per peer and interval, whichever worker process gets here first."""
    now = timezone.now()
    claimed = (
        Peer.objects.filter(pk=peer.pk)
        .filter(Q(probed_at=None) | Q(probed_at__lte=now - _probe_interval()))
        .update(probed_at=now)
    )
    return claimed == 1


def _answers(client: httpx.Client, peer: Peer) -> bool:
    try:
        response = client.get(peer.base_url.rstrip("/") + PROBE_PATH, timeout=PROBE_TIMEOUT)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def probe(client: httpx.Client, peers: list[Peer]) -> list[str]:
    """Ask each unreachable peer's ``/health/`` (side by side, a short timeout each); clear the
    back-off of those that answer 200, so the next delivery pass sends at once. A peer still
    down keeps its back-off as it was. Returns the codes of the peers found back."""
    claimed = [peer for peer in peers if _claim_probe(peer)]
    if not claimed:
        return []
    with ThreadPoolExecutor(max_workers=min(8, len(claimed)), thread_name_prefix="probe") as pool:
        answered = list(pool.map(lambda peer: _answers(client, peer), claimed))
    back = []
    for peer, up in zip(claimed, answered, strict=True):
        if not up:
            continue
        now = timezone.now()
        # Only the back-off the probe was for: a delivery that failed meanwhile decides anew.
        cleared = Peer.objects.filter(
            pk=peer.pk, backoff_reason=Backoff.UNREACHABLE, next_attempt_at__gt=now
        ).update(next_attempt_at=now)
        if cleared:
            log.info(
                "peer %s reachable again (unreachable since %s); delivery resumes",
                peer.code,
                peer.unreachable_since,
            )
            back.append(peer.code)
    return back


def probe_all(client: httpx.Client | None = None) -> list[str]:
    """One probing pass; the worker calls it every second."""
    own = client is None
    client = client or httpx.Client()
    try:
        return probe(client, probe_due())
    finally:
        if own:
            client.close()
