"""Writes of the audit app beyond ``record``: every look at the log, and checking the chain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from strait.audit.chain import VerifyResult
from strait.audit.events import AuditAction
from strait.audit.log import record, verify_stored
from strait.audit.models import AuditEntry
from strait.permissions import Permission, require

# A user paging through the log, or coming back to it, with the same filters within this many
# minutes is one consultation, recorded once: each view used to add a row on top (issue 12).
READS_GROUPED_MINUTES = 10


def _same_recent_read(acting_user: Any, details: dict[str, Any]) -> bool:
    since = timezone.now() - dt.timedelta(minutes=READS_GROUPED_MINUTES)
    last = (
        AuditEntry.objects.filter(
            action=AuditAction.AUDIT_READ,
            target="audit:log",
            actor_id=acting_user.pk,
            occurred_at__gte=since,
        )
        .order_by("-seq")
        .first()
    )
    if last is None:
        return False
    keys = ("filters", "rejected")
    return all(last.details.get(k) == details.get(k) for k in keys)


def do_consult_log(
    *, acting_user: Any, details: dict[str, Any], request: HttpRequest | None = None
) -> None:
    """Log a look at the log (with the filters used) before it is shown: a read that is not
    recorded must not happen, and the page then includes the reader's own entry. The same
    reader with the same filters within ``READS_GROUPED_MINUTES`` is the same consultation,
    already recorded (its first page's entry stands for the pages that follow)."""
    require(acting_user, Permission.AUDIT_READ)
    if _same_recent_read(acting_user, details):
        return
    record(
        AuditAction.AUDIT_READ,
        request=request,
        actor=acting_user,
        target="audit:log",
        details=details,
    )


def do_consult_entry(*, acting_user: Any, seq: int, request: HttpRequest | None = None) -> None:
    require(acting_user, Permission.AUDIT_READ)
    record(AuditAction.AUDIT_READ, request=request, actor=acting_user, target=f"audit:{seq}")


def do_verify_chain(*, acting_user: Any, request: HttpRequest | None = None) -> VerifyResult:
    """Recompute the whole chain and log who checked it and what was found.

    The whole node's chain, whoever checks it: a data-protection officer learns whether the log
    is intact and where it breaks, not what other agencies' entries say. The AUDIT_VERIFIED
    entry is appended after the walk, so it is not part of what it vouches for; the next
    verification covers it.
    """
    require(acting_user, Permission.AUDIT_READ)
    result = verify_stored()
    details: dict[str, Any] = {"ok": result.ok, "checked": result.checked}
    if result.first_break is not None:
        details["break_seq"] = result.first_break.seq
        details["break_kind"] = result.first_break.kind
        details["reason"] = result.first_break.reason
    record(AuditAction.AUDIT_VERIFIED, request=request, actor=acting_user, details=details)
    return result
