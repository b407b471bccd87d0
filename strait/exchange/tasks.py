"""Background work of the exchange, run by ``strait worker``."""

from __future__ import annotations

from datetime import timedelta

from strait.exchange import actions, notify
from strait.worker import periodic


@periodic(every=timedelta(minutes=1), name="exchange.escalate_overdue_requests")
def escalate_overdue_requests() -> int:
    return actions.escalate_overdue()


@periodic(every=timedelta(minutes=1), name="exchange.notify_overdue_requests")
def notify_overdue_requests() -> int:
    return notify.overdue()


@periodic(every=timedelta(seconds=30), name="exchange.notify_undelivered")
def notify_undelivered() -> int:
    return notify.undelivered()
