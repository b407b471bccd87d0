"""Every read of the audit log, for data-protection officers and node auditors only (LOG-04).

Each agency is its own controller (issue 11): a data-protection officer (AUDIT_READ) reads the
entries of their own agency, i.e. those whose ``agency`` is theirs (the acting user's agency,
or the agency an entry with no actor was recorded for); only a node auditor (AUDIT_READ_NODE)
reads the whole node, node-level entries of no agency (federation security events, failed
logins, key changes) included. Verifying the chain stays whole-node (``log.verify_stored``).

Callers audit the read themselves (``actions.do_consult_log``), so these functions stay pure
reads that refuse anyone without Permission.AUDIT_READ.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from strait.audit.models import AuditEntry
from strait.permissions import Permission, require, role_has


@dataclass(frozen=True)
class AuditFilters:
    """What the DPO narrowed the log to; dates are whole UTC days, both ends included."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actor: str = ""
    agency: str = ""
    action: str = ""
    target: str = ""
    request_id: str = ""

    def as_details(self) -> dict[str, str]:
        """The filters in use, as recorded in the AUDIT_READ entry (empty ones left out)."""
        used: dict[str, str] = {}
        for name, value in vars(self).items():
            if value:
                used[name] = value.isoformat() if isinstance(value, dt.date) else str(value)
        return used


def readable_by(user: Any) -> QuerySet[AuditEntry]:
    """The entries ``user`` may read: their agency's, or the whole node's for a node auditor."""
    # Defence in depth: the view's @requires already checked, but a query must not leak
    # the log to a caller that forgot to.
    require(user, Permission.AUDIT_READ)
    if role_has(user.role, Permission.AUDIT_READ_NODE):
        return AuditEntry.objects.all()
    return AuditEntry.objects.filter(agency=user.agency.code)


def _utc_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def audit_entries_for(user: Any, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """Entries matching ``filters``, newest first."""
    entries = readable_by(user)
    if filters.date_from:
        entries = entries.filter(occurred_at__gte=_utc_midnight(filters.date_from))
    if filters.date_to and filters.date_to < dt.date.max:
        next_day = filters.date_to + dt.timedelta(days=1)
        entries = entries.filter(occurred_at__lt=_utc_midnight(next_day))
    if filters.actor:
        entries = entries.filter(actor__iexact=filters.actor)
    if filters.agency:
        entries = entries.filter(agency=filters.agency)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.target:
        entries = entries.filter(target__icontains=filters.target)
    if filters.request_id:
        entries = entries.filter(request_id=filters.request_id)
    return entries.order_by("-seq")


def audit_entry_for(user: Any, seq: int) -> AuditEntry | None:
    return readable_by(user).filter(seq=seq).first()


def audited_agencies_for(user: Any) -> list[str]:
    """Agency codes that appear in what ``user`` may read, for the agency filter's choices."""
    codes = readable_by(user).exclude(agency="").order_by().values_list("agency", flat=True)
    return sorted(codes.distinct())
