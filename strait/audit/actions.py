"""Writes of the audit app beyond ``record``: checking the chain and logging that it was checked."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from strait.audit.chain import VerifyResult
from strait.audit.events import AuditAction
from strait.audit.log import record, verify_stored


def do_verify_chain(*, acting_user: Any, request: HttpRequest | None = None) -> VerifyResult:
    """Recompute the whole chain and log who checked it and what was found.

    The AUDIT_VERIFIED entry is appended after the walk, so it is not part of what it vouches
    for; the next verification covers it.
    """
    result = verify_stored()
    details: dict[str, Any] = {"ok": result.ok, "checked": result.checked}
    if result.first_break is not None:
        details["break_seq"] = result.first_break.seq
        details["break_kind"] = result.first_break.kind
        details["reason"] = result.first_break.reason
    record(AuditAction.AUDIT_VERIFIED, request=request, actor=acting_user, details=details)
    return result
