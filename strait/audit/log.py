"""The one way to write to the audit log: ``record(...)``, inside the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from strait.audit import chain
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry, AuditHead


def client_ip(request: HttpRequest | None) -> str | None:
    # REMOTE_ADDR only: forwarded headers are trusted only behind a configured proxy (docs).
    return request.META.get("REMOTE_ADDR") if request is not None else None


def _agency_of(actor: Any, agency: str) -> str:
    return getattr(getattr(actor, "agency", None), "code", "") or agency


def record(
    action: AuditAction,
    *,
    request: HttpRequest | None = None,
    actor: Any = None,
    target: str = "",
    details: dict[str, Any] | None = None,
    agency: str = "",
) -> AuditEntry:
    """Append one entry. Runs in (or opens) a transaction, so it commits with the change it logs.

    ``actor`` defaults to the request's authenticated user; pass it explicitly for events where
    the request has none yet (failed login, lockout) or none at all (commands, the worker).
    The entry's ``agency`` (whose data-protection officer reads it) is the actor's; for an entry
    with no actor that concerns one agency (a message received for it, its overdue request),
    pass that agency's code. An entry of no agency is node-level: only node auditors read it.
    """
    user = getattr(request, "user", None) if request is not None else None
    if actor is None and user is not None and user.is_authenticated:
        actor = user
    with transaction.atomic():
        # Lock the head row: appends are serialised so seq and prev_hash never race.
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            occurred_at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor=getattr(actor, "username", "") or "",
            agency=_agency_of(actor, agency),
            action=action,
            target=target[:255],
            request_id=getattr(request, "request_id", "") if request is not None else "",
            ip=client_ip(request),
            details=details or {},
            prev_hash=head.entry_hash,
        )
        entry.entry_hash = chain.compute_hash(head.entry_hash, chain.entry_payload(entry))
        entry.save()
        head.seq, head.entry_hash = entry.seq, entry.entry_hash
        head.save(update_fields=["seq", "entry_hash"])
    return entry


@dataclass(frozen=True)
class Entry:
    """One entry for ``record_many``: what ``record`` takes, without a request."""

    action: AuditAction
    target: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    actor: Any = None
    request_id: str = ""
    ip: str | None = None
    agency: str = ""  # for an entry with no actor that concerns one agency (see ``record``)


def record_many(entries: list[Entry]) -> None:
    """Append several entries under one lock of the head, in one INSERT: the inbox logs every
    envelope of a batch this way. Same chain, same rules as ``record``."""
    if not entries:
        return
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        rows = []
        now = timezone.now()
        for item in entries:
            entry = AuditEntry(
                seq=head.seq + 1,
                occurred_at=now,
                actor_id=getattr(item.actor, "pk", None),
                actor=getattr(item.actor, "username", "") or "",
                agency=_agency_of(item.actor, item.agency),
                action=item.action,
                target=item.target[:255],
                request_id=item.request_id,
                ip=item.ip,
                details=item.details,
                prev_hash=head.entry_hash,
            )
            entry.entry_hash = chain.compute_hash(head.entry_hash, chain.entry_payload(entry))
            head.seq, head.entry_hash = entry.seq, entry.entry_hash
            rows.append(entry)
        AuditEntry.objects.bulk_create(rows)
        head.save(update_fields=["seq", "entry_hash"])


def verify_stored() -> chain.VerifyResult:
    head = AuditHead.objects.filter(id=1).first()
    entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)
    if head is None:
        return chain.verify(entries, 0, chain.GENESIS)
    return chain.verify(entries, head.seq, head.entry_hash)
