"""Background work of governance, run by ``strait worker``: the reminders of meetings falling
due and of late actions (``notify``: each told once per state, so running hourly is quiet)."""

from __future__ import annotations

from datetime import timedelta

from strait.governance import notify
from strait.worker import periodic


@periodic(every=timedelta(hours=1), name="governance.remind")
def remind() -> int:
    return notify.cadences() + notify.late_actions()
