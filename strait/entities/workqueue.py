"""The records' part of the work queue (``strait.workqueue``): bulk exports of the agency's
records waiting for a second supervisor's approval (``exports.pending_for``). Registered by
``EntitiesConfig.ready``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from strait.entities import exports
from strait.workqueue.registry import CAP, Item, Level, Source, register

if TYPE_CHECKING:
    from strait.accounts.models import User


def _items(user: User, now: dt.datetime, limit: int) -> list[Item]:
    return [
        Item(
            key=f"entities.export:{r.uid}",
            source="entities.exports",
            level=Level.APPROVE,
            label=_("Export to approve"),
            title=r.justification,
            url=str(reverse_lazy("entities:export_requests")),
            at=r.created_at,
            party=r.requested_by.full_name,
        )
        for r in exports.pending_for(user)[:limit]
    ]


register(
    Source(
        code="entities.exports",
        level=Level.APPROVE,
        label=_("Exports waiting for your approval"),
        empty=_("No export waits for your approval."),
        url=reverse_lazy("entities:export_requests"),
        applies=exports.may_approve,
        items=_items,
        count=lambda user, now: min(CAP, len(exports.pending_for(user))),
    )
)
