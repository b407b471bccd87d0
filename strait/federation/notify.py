"""Whom federation notifies (``strait.notifications``): this node's administrators, when a
partner node's administrator sends a notice. Called in the inbox transaction that applies it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from strait.federation.models import Notice
from strait.notifications import actions as notifications
from strait.notifications import queries as notified
from strait.notifications.topics import Topic, register
from strait.permissions import Permission

NOTICE = register(
    Topic(
        "federation.notice",
        _("Notice from a partner node"),
        _("Notice from node %(peer)s"),
    )
)


def notice_received(notice: Notice) -> int:
    return notifications.notify(
        notified.users_with(Permission.PEERS_MANAGE),
        NOTICE,
        key=str(notice.envelope_id),
        url=reverse("federation:peer", args=[notice.peer.code]),
        params={"peer": notice.peer.code},
    )
