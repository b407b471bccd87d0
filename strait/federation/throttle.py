"""The inbox's rate limit and its aggregated security events (issue 11, finding 2).

Anyone can reach ``/federation/v1/inbox``. What it refuses is counted per source address and,
when the envelope names a peer of ours, per that peer, in one-minute windows kept in the
database (``InboxTally``), so every server process and thread agrees:

- a source address with more refusals in the window than ``refusals_per_source()`` is answered
  429 with Retry-After, before its request is read, until the window ends;
- a refused envelope naming a peer that had more than ``refusals_per_origin()`` refusals in the
  window is answered 429 and counted nowhere. An envelope that verifies is never held back by
  this, so forging a partner's name cannot block the partner.

Security events (a bad signature, a revoked key) are counted in the source's window, not
written one by one: when the window is over, one audit entry per source says how many there
were, which peers the source claimed to be, and what the first one was. The worker records
closed windows every few seconds; a source's next event records its own earlier ones.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from strait.audit.events import AuditAction
from strait.audit.log import Entry, record_many
from strait.federation.models import InboxTally, TallyScope

WINDOW = timedelta(minutes=1)
KEEP = timedelta(days=1)
MAX_ORIGINS = 20


def refusals_per_source() -> int:
    return int(getattr(settings, "FEDERATION_INBOX_REFUSALS_PER_MINUTE", 60))


def refusals_per_origin() -> int:
    return int(getattr(settings, "FEDERATION_INBOX_REFUSALS_PER_PEER_PER_MINUTE", 60))


def window_of(moment: datetime) -> datetime:
    seconds = WINDOW.total_seconds()
    return datetime.fromtimestamp(moment.timestamp() // seconds * seconds, tz=UTC)


def _retry_after(now: datetime) -> int:
    return max(1, math.ceil((window_of(now) + WINDOW - now).total_seconds()))


def _wait(scope: str, key: str, limit: int, now: datetime | None) -> int:
    if not key:
        return 0
    now = now or timezone.now()
    refused = (
        InboxTally.objects.filter(scope=scope, key=key[:64], window=window_of(now))
        .values_list("refused", flat=True)
        .first()
    )
    return _retry_after(now) if refused is not None and refused >= limit else 0


def source_wait(source: str, now: datetime | None = None) -> int:
    """Seconds the source must wait (0: go ahead). A read only: a limited request writes nothing."""
    return _wait(TallyScope.SOURCE, source, refusals_per_source(), now)


def origin_wait(origin: str, now: datetime | None = None) -> int:
    return _wait(TallyScope.ORIGIN, origin, refusals_per_origin(), now)


def count_refusal(
    source: str,
    *,
    origin: str = "",
    event: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> None:
    """Count one refusal for the source (and the peer it named); ``event`` if it is a security
    event (its first occurrence in the window is kept as the example)."""
    now = now or timezone.now()
    window = window_of(now)
    opened = False
    with transaction.atomic():
        for scope, key in ((TallyScope.SOURCE, source), (TallyScope.ORIGIN, origin)):
            if not key:
                continue
            row, _ = InboxTally.objects.select_for_update().get_or_create(
                scope=scope, key=key[:64], window=window
            )
            row.refused += 1
            if event is not None and scope == TallyScope.SOURCE:
                opened = row.security_events == 0
                row.security_events += 1
                row.first = row.first or event
                claimed = str(event.get("origin", ""))
                if claimed and claimed not in row.origins and len(row.origins) < MAX_ORIGINS:
                    row.origins = [*row.origins, claimed]
            row.save()
    if opened:
        # The source's first event of this window: what it did before is over, record it now.
        record_security_events(now=now, source=source)


def record_security_events(
    now: datetime | None = None, *, source: str = "", limit: int = 500
) -> int:
    """One audit entry per source and closed window with security events; old tallies pruned.
    Returns how many entries were written."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = InboxTally.objects.select_for_update(skip_locked=True).filter(
            scope=TallyScope.SOURCE,
            recorded=False,
            security_events__gt=0,
            window__lt=window_of(now),
        )
        if source:
            rows = rows.filter(key=source[:64])
        taken = list(rows.order_by("window", "pk")[:limit])
        record_many([_entry(row) for row in taken])
        InboxTally.objects.filter(pk__in=[row.pk for row in taken]).update(recorded=True)
    if not source:
        stale = InboxTally.objects.filter(window__lt=now - KEEP)
        stale.exclude(recorded=False, security_events__gt=0).delete()
    return len(taken)


def _entry(row: InboxTally) -> Entry:
    return Entry(
        AuditAction.FEDERATION_SECURITY_EVENT,
        target=f"source:{row.key}",
        ip=row.key if _is_address(row.key) else None,
        details={
            "source": row.key,
            "count": row.security_events,
            "refused": row.refused,
            "from": row.window.isoformat(),
            "until": (row.window + WINDOW).isoformat(),
            "origins": row.origins,
            "first": row.first,
        },
    )


def _is_address(text: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
