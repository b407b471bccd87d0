"""Delivery honesty: whether an item sent to a partner node has reached it, and since when it has
not. A message still waiting in the outbox past ``DELIVERY_LATE_URGENT`` (urgent requests) or
``DELIVERY_LATE`` (everything else) is "not delivered yet", with the partner's last successful
contact; the thread page and the sender's work queue say so, and say when it finally arrives.

Only reads: the outbox is the worker's, the receipts the arrival handlers'.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from strait.exchange import codes, outbound
from strait.exchange.models import Message, Recipient
from strait.federation.models import OutboxEnvelope, OutboxStatus, Peer

URGENT = (codes.Urgency.URGENT_DIRECT, codes.Urgency.URGENT)
# At most this many waiting envelopes are looked at per pass: a partner down for days with a
# large backlog still answers quickly (the oldest are the ones to report).
SCAN = 500


def late_after(urgency: str) -> dt.timedelta:
    if urgency in URGENT:
        return dt.timedelta(seconds=settings.DELIVERY_LATE_URGENT_SECONDS)
    return dt.timedelta(seconds=settings.DELIVERY_LATE_SECONDS)


def shortest_wait() -> dt.timedelta:
    return min(late_after(codes.Urgency.URGENT), late_after(codes.Urgency.NORMAL))


def is_late(message: Message, now: dt.datetime) -> bool:
    return now - message.created_at >= late_after(message.urgency)


@dataclass(frozen=True)
class Undelivered:
    """An item of ours still waiting for a partner node past its time."""

    message: Message
    peer: Peer

    @property
    def last_contact(self) -> dt.datetime | None:
        return self.peer.last_success_at


def waiting(now: dt.datetime, *, sender_agency_id: int | None = None) -> list[Undelivered]:
    """Items still in the outbox past their time, the oldest first (at most ``SCAN``
    envelopes looked at); only ``sender_agency_id``'s when given."""
    # Only the uid out of each body (a message's body is its whole wire form), in the database.
    rows = (
        OutboxEnvelope.objects.filter(
            status=OutboxStatus.PENDING,
            kind=outbound.MESSAGE.value,
            created_at__lte=now - shortest_wait(),
        )
        .order_by("created_at")
        .values_list("body__uid", "peer_id")[:SCAN]
    )
    by_uid: dict[str, list[int]] = {}
    for uid, peer_id in rows:
        if uid:
            by_uid.setdefault(str(uid), []).append(peer_id)
    if not by_uid:
        return []
    messages = Message.objects.filter(uid__in=list(by_uid)).only(
        "uid",
        "thread_uid",
        "subject",
        "created_at",
        "urgency",
        "language",
        "channel_id",
        "sender_agency_id",
        "sender_user_id",
    )
    if sender_agency_id is not None:
        messages = messages.filter(sender_agency_id=sender_agency_id)
    peers = {p.pk: p for p in Peer.objects.all()}
    return [
        Undelivered(message, peers[peer_id])
        for message in messages.order_by("created_at")
        if is_late(message, now)
        for peer_id in by_uid[str(message.uid)]
    ]


@dataclass(frozen=True)
class RecipientState:
    """What the thread page says about one partner recipient not yet receipted."""

    late: bool  # past its time and still waiting in the outbox
    peer: Peer | None

    @property
    def last_contact(self) -> dt.datetime | None:
        return self.peer.last_success_at if self.peer is not None else None


def recipient_state(recipient: Recipient, now: dt.datetime) -> RecipientState | None:
    """None when there is nothing to say (delivered, or an agency of this node)."""
    node = recipient.agency.node_code
    message = recipient.message
    if recipient.delivered_at is not None or node == message.origin_node:
        return None
    if not is_late(message, now):
        return RecipientState(late=False, peer=None)
    peer = Peer.objects.filter(code=node).first()
    pending = OutboxEnvelope.objects.filter(
        peer=peer,
        status=OutboxStatus.PENDING,
        kind=outbound.MESSAGE.value,
        body__uid=str(message.uid),
    ).exists()
    return RecipientState(late=pending, peer=peer)


def delivered_late(recipient: Recipient) -> dt.timedelta | None:
    """How long after sending a late item was finally delivered (None if it was on time)."""
    if recipient.delivered_at is None:
        return None
    took = recipient.delivered_at - recipient.message.created_at
    return took if took >= late_after(recipient.message.urgency) else None
