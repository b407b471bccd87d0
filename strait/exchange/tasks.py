"""Background work of the exchange, run by ``strait worker``."""

from __future__ import annotations

from datetime import timedelta

from strait.exchange import actions
from strait.worker import periodic


@periodic(every=timedelta(minutes=1), name="exchange.escalate_overdue_requests")
def escalate_overdue_requests() -> int:
    return actions.escalate_overdue()
