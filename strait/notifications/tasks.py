"""Background work of notifications, run by ``strait worker``."""

from __future__ import annotations

from datetime import timedelta

from strait.notifications import actions
from strait.worker import periodic


@periodic(every=timedelta(seconds=15), name="notifications.send_emails")
def send_emails() -> int:
    return actions.send_due_emails()


@periodic(every=timedelta(days=1), name="notifications.forget_old")
def forget_old() -> int:
    return actions.forget_old()
