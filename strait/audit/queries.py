"""Every read of the audit log, for the data-protection officer only (LOG-04).

Callers audit the read themselves (the view records AUDIT_READ with the filters it used), so
these functions stay pure reads that refuse anyone without Permission.AUDIT_READ.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from strait.audit.models import AuditEntry
from strait.permissions import Permission


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


def _require_reader(user: Any) -> None:
    # Defence in depth: the view's @requires already checked, but a query must not leak
    # the log to a caller that forgot to.
    if not user.has_permission(Permission.AUDIT_READ):
        raise PermissionDenied


def _utc_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def audit_entries_for(user: Any, filters: AuditFilters) -> QuerySet[AuditEntry]:
    """Entries matching ``filters``, newest first."""
    _require_reader(user)
    entries = AuditEntry.objects.all()
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
    _require_reader(user)
    return AuditEntry.objects.filter(seq=seq).first()


def audited_agencies_for(user: Any) -> list[str]:
    """Agency codes that appear in the log, for the agency filter's choices."""
    _require_reader(user)
    codes = AuditEntry.objects.exclude(agency="").order_by().values_list("agency", flat=True)
    return sorted(codes.distinct())
