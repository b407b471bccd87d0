"""Background work of the alerts, run by ``strait worker``."""

from __future__ import annotations

from datetime import timedelta

from strait.alerts import actions
from strait.worker import periodic


@periodic(every=timedelta(minutes=1), name="alerts.escalate_unacknowledged")
def escalate_unacknowledged() -> int:
    return actions.escalate()
