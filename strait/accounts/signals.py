"""Audit receivers for authentication events raised by Django and Axes."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.dispatch import receiver

from strait.audit.events import AuditAction
from strait.audit.log import record


@receiver(user_locked_out, dispatch_uid="strait.accounts.audit_lockout")
def audit_lockout(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    # Sent when a username reaches the failure limit, and again for each attempt while locked.
    record(AuditAction.LOCKOUT, request=request, target=username or "")
