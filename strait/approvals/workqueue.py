"""The approvals' part of the work queue (``strait.workqueue``): requests of the user's agency
waiting for their decision, whatever their kind (each links to its kind's page). Registered by
``ApprovalsConfig.ready``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from strait.approvals import queries, registry
from strait.workqueue.registry import CAP, Item, Level, Source, once, register

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.approvals.models import Approval

CODE = "approvals.waiting"


def _waiting(user: User, now: dt.datetime) -> list[Approval]:
    return once(user, CODE, now, lambda: list(queries.waiting_for(user)[:CAP]))


def _items(user: User, now: dt.datetime, limit: int) -> list[Item]:
    items = []
    for approval in _waiting(user, now)[:limit]:
        kind = registry.get(approval.kind)
        if kind is None:
            continue
        items.append(
            Item(
                key=f"approvals:{approval.uid}",
                source=CODE,
                level=Level.APPROVE,
                label=kind.label,
                title=approval.summary,
                url=kind.url(approval),
                at=approval.requested_at,
                party=approval.requested_by.full_name,
            )
        )
    return items


register(
    Source(
        code=CODE,
        level=Level.APPROVE,
        label=_("Waiting for your approval"),
        empty=_("Nothing waits for your approval."),
        url="",
        applies=queries.may_approve,
        items=_items,
        count=lambda user, now: len(_waiting(user, now)),
    )
)
