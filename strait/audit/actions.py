"""Writes of the audit app beyond ``record``: every look at the log, and checking the chain."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from strait.audit.chain import VerifyResult
from strait.audit.events import AuditAction
from strait.audit.log import record, verify_stored
from strait.permissions import Permission, require


def do_consult_log(
    *, acting_user: Any, details: dict[str, Any], request: HttpRequest | None = None
) -> None:
    """Log a look at the log (with the filters used) before it is shown: a read that is not
    recorded must not happen, and the page then includes the reader's own entry."""
    require(acting_user, Permission.AUDIT_READ)
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
