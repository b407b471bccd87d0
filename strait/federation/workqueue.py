"""Federation's part of the work queue (``strait.workqueue``): notices partner nodes' administrators
sent in the last days, for this node's administrators. Registered by ``FederationConfig.ready``."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from strait.federation.models import Notice
from strait.permissions import Permission
from strait.workqueue.registry import CAP, Item, Level, Source, register

if TYPE_CHECKING:
    from strait.accounts.models import User

RECENT = dt.timedelta(days=3)


def _recent(now: dt.datetime) -> QuerySet[Notice]:
    return Notice.objects.filter(direction=Notice.Direction.IN, created_at__gte=now - RECENT)


def _items(user: User, now: dt.datetime, limit: int) -> list[Item]:
    return [
        Item(
            key=f"federation.notice:{n.envelope_id}",
            source="federation.notices",
            level=Level.NOTICE,
            label=_("Notice from a partner node"),
            title=n.text,
            url=reverse("federation:peer", args=[n.peer.code]),
            at=n.created_at,
            party=n.peer.code,
            note=n.author,
        )
        for n in _recent(now).select_related("peer").order_by("-created_at")[:limit]
    ]


register(
    Source(
        code="federation.notices",
        level=Level.NOTICE,
        label=_("Notices from partner nodes"),
        empty=_("No partner node sent a notice in the last three days."),
        url=reverse_lazy("federation:peers"),
        # Peering is node administration: notices are between node administrators.
        applies=lambda user: user.has_permission(Permission.PEERS_MANAGE),
        items=_items,
        count=lambda user, now: _recent(now)[:CAP].count(),
    )
)
