"""The alerts' part of the work queue (``strait.workqueue``): active alerts addressed to the
user's agency that it has not acknowledged yet (drafts to review come through the approvals'
own source). Registered by ``AlertsConfig.ready``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from strait.alerts import codes, queries
from strait.permissions import Permission
from strait.workqueue.registry import CAP, Item, Level, Source, once, register

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.alerts.models import Alert

CODE = "alerts.unacknowledged"


def _waiting(user: User, now: dt.datetime) -> list[Alert]:
    return once(
        user,
        CODE,
        now,
        lambda: list(queries.unacknowledged(user, now).order_by("-released_at", "-id")[:CAP]),
    )


def _items(user: User, now: dt.datetime, limit: int) -> list[Item]:
    return [
        Item(
            key=f"alerts.alert:{alert.obj.uid}",
            source=CODE,
            level=Level.URGENT,
            label=codes.AlertType(alert.type).label,
            title=alert.title,
            url=reverse("alerts:detail", kwargs={"uid": alert.obj.uid}),
            at=alert.released_at,
            due=alert.released_at
            + codes.ESCALATE_AFTER.get(alert.type, codes.ESCALATE_AFTER_DEFAULT),
            party=alert.origin_agency,
            note=codes.REQUIRED_ACTION.get(alert.type, ""),
        )
        for alert in _waiting(user, now)[:limit]
    ]


register(
    Source(
        code=CODE,
        level=Level.URGENT,
        label=_("Alerts to acknowledge"),
        empty=_("No alert waits for your agency's acknowledgement."),
        url=reverse_lazy("alerts:board"),
        applies=lambda user: user.has_permission(Permission.ALERTS_READ),
        items=_items,
        count=lambda user, now: len(_waiting(user, now)),
    )
)
