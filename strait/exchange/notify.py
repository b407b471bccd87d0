"""Whom the exchange notifies, and about what (``strait.notifications``): a request received by
one of this node's agencies (urgent ones by e-mail unless the user says otherwise), a request
gone overdue, an item of ours a partner node has not received past its time, and that item
finally delivered. Called inside the transaction of the arrival or action that causes it, or by
the worker's periodic tasks; idempotent (one notification per user, topic and item)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from strait.exchange import codes, delivery, effects, rules
from strait.exchange.models import Channel, Message
from strait.federation.models import OutboxEnvelope, OutboxStatus
from strait.notifications import actions as notifications
from strait.notifications import queries as notified
from strait.notifications.topics import Topic, names, register
from strait.permissions import Permission

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.agencies.models import Agency

URGENT_REQUEST = register(
    Topic(
        "exchange.urgent_request",
        _("Urgent request received"),
        _("Urgent request from %(sender)s on %(channel)s"),
        email_by_default=True,
        level="urgent",
    )
)
REQUEST = register(
    Topic(
        "exchange.request",
        _("Request received"),
        _("Request from %(sender)s on %(channel)s"),
    )
)
OVERDUE = register(
    Topic(
        "exchange.overdue",
        _("Request overdue"),
        _("A request from %(sender)s on %(channel)s is past its deadline"),
        email_by_default=True,
        level="urgent",
    )
)
UNDELIVERED = register(
    Topic(
        "exchange.undelivered",
        _("Message not delivered"),
        _("Your item on %(channel)s has not reached node %(node)s yet"),
        level="warning",
    )
)
DELIVERED = register(
    Topic(
        "exchange.delivered_late",
        _("Late message delivered"),
        _("Your item on %(channel)s has now reached node %(node)s"),
    )
)

# Overdue requests are looked for this far back: older ones were notified when they fell due.
OVERDUE_WINDOW = dt.timedelta(days=2)
# A late item's delivery is followed for this long.
FOLLOW = dt.timedelta(days=7)


def readers(agency: Agency, channel: Channel) -> list[User]:
    """The agency's users who work ``channel`` (``rules.may_work_channel``)."""
    users = notified.users_with(Permission.MESSAGES_READ, agency.pk).select_related("agency")
    return [u for u in users if rules.may_work_channel(channel, u)]


def _url(message: Message) -> str:
    return reverse("exchange:thread", args=[message.thread_uid]) + f"#m-{message.uid}"


def _params(message: Message) -> dict[str, Any]:
    return {"sender": message.sender_agency.abbreviation, "channel": names(message.channel)}


def arrived(message: Message) -> int:
    """A request stored here for one or more of this node's agencies (sent by a partner node or
    by a neighbour on this node): its readers are told."""
    if message.kind != codes.MessageKind.REQUEST:
        return 0
    topic = URGENT_REQUEST if message.urgency in delivery.URGENT else REQUEST
    here = effects.local_node()
    told = 0
    for recipient in message.recipients.select_related("agency"):
        if recipient.agency.node_code != here:
            continue
        told += notifications.notify(
            readers(recipient.agency, message.channel),
            topic,
            key=str(message.uid),
            url=_url(message),
            params=_params(message),
        )
    return told


def overdue(now: dt.datetime | None = None) -> int:
    """Requests to this node's agencies that fell past their deadline unanswered."""
    moment = now or timezone.now()
    here = effects.local_node()
    rows = (
        Message.objects.filter(
            kind=codes.MessageKind.REQUEST,
            answered_at__isnull=True,
            deadline__lt=moment,
            deadline__gte=moment - OVERDUE_WINDOW,
            recipients__agency__node_code=here,
        )
        .select_related("sender_agency", "channel")
        .distinct()
        .order_by("deadline")[:500]
    )
    told = 0
    for message in rows:
        for recipient in message.recipients.select_related("agency"):
            if recipient.agency.node_code != here:
                continue
            told += notifications.notify(
                readers(recipient.agency, message.channel),
                OVERDUE,
                key=str(message.uid),
                url=_url(message),
                params=_params(message),
                now=moment,
            )
    return told


def undelivered(now: dt.datetime | None = None) -> int:
    """Tell a sender that their item has not reached a partner node past its time, and then
    that it has, once it does."""
    moment = now or timezone.now()
    told = 0
    waiting_late = delivery.waiting(moment)
    senders = {
        u.pk: u
        for u in notified.users_with(Permission.MESSAGES_READ).filter(
            pk__in={w.message.sender_user_id for w in waiting_late}
        )
    }
    channels = {c.pk: names(c) for c in Channel.objects.all()}
    for late in waiting_late:
        sender = senders.get(late.message.sender_user_id or 0)
        if sender is None:
            continue
        told += notifications.notify(
            [sender],
            UNDELIVERED,
            key=f"{late.message.uid}:{late.peer.code}",
            url=_url(late.message),
            params={"channel": channels.get(late.message.channel_id, {}), "node": late.peer.code},
            now=moment,
        )
    waiting = set(
        OutboxEnvelope.objects.filter(
            status=OutboxStatus.PENDING, kind=delivery.outbound.MESSAGE.value
        ).values_list("body__uid", "peer__code")[:5000]
    )
    for earlier in notified.notified(UNDELIVERED.code, moment - FOLLOW):
        uid, _sep, node = earlier.key.partition(":")
        if (uid, node) in waiting:
            continue
        told += notifications.notify(
            [earlier.user],
            DELIVERED,
            key=earlier.key,
            url=earlier.url,
            params=earlier.params,
            now=moment,
        )
    return told
