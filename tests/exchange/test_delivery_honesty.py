"""Delivery honesty (issue 12): an item still waiting for its partner node past its time (two
minutes for an urgent request, fifteen otherwise) says "not delivered yet" with the partner's
last successful contact, on its thread and in the sender's work queue; the sender is notified,
and notified again when it finally arrives."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.exchange import actions, notify
from strait.exchange.models import Message
from strait.federation import inbox
from strait.federation.models import OutboxEnvelope, OutboxStatus, Peer
from strait.notifications.models import Notification
from strait.workqueue.queries import queue_for
from tests.conftest import login_verified
from tests.exchange.conftest import World, draft
from tests.federation.conftest import RemotePeer

NOT_DELIVERED = "not delivered yet — the partner's last successful contact was"


def sent_minutes_ago(world: World, minutes: int, urgency: str = "urgent") -> Message:
    ours = actions.send_message(
        draft(world, recipients=[world.partner], urgency=urgency), acting_user=world.analyst
    )
    then = timezone.now() - dt.timedelta(minutes=minutes)
    Message.objects.filter(pk=ours.pk).update(created_at=then)
    OutboxEnvelope.objects.filter(kind="exchange.message").update(created_at=then)
    return Message.objects.get(pk=ours.pk)


def undelivered_items(world: World) -> list[str]:
    return [i.title for i in queue_for(world.analyst).items if i.source == "exchange.undelivered"]


def thread(world: World, message: Message) -> str:
    page = login_verified(Client(), world.analyst).get(
        reverse("exchange:thread", args=[message.thread_uid])
    )
    return page.content.decode()


def test_an_item_on_time_is_on_its_way(world: World) -> None:
    ours = sent_minutes_ago(world, 1)
    assert undelivered_items(world) == []
    html = thread(world, ours)
    assert "on its way" in html
    assert "not delivered yet" not in html
    assert notify.undelivered() == 0


def test_a_normal_item_has_fifteen_minutes(world: World) -> None:
    sent_minutes_ago(world, 10, urgency="normal")
    assert undelivered_items(world) == []
    Message.objects.update(created_at=timezone.now() - dt.timedelta(minutes=16))
    OutboxEnvelope.objects.update(created_at=timezone.now() - dt.timedelta(minutes=16))
    assert undelivered_items(world) == ["Vehicle seen at the port"]


def test_an_urgent_item_late_says_so_then_says_when_it_arrived(
    world: World, remote: RemotePeer
) -> None:
    contact = timezone.now() - dt.timedelta(hours=5)
    Peer.objects.filter(pk=world.peer.pk).update(last_success_at=contact)
    ours = sent_minutes_ago(world, 3)

    # The thread and the sender's queue say it, with the partner's last contact.
    assert NOT_DELIVERED in thread(world, ours)
    (item,) = [i for i in queue_for(world.analyst).items if i.source == "exchange.undelivered"]
    assert item.party == "ma"
    assert item.note == contact
    # Another agency's user sees nothing of it.
    assert [i for i in queue_for(world.outsider_analyst).items] == []
    # The sender is told, once.
    assert notify.undelivered() == 1
    assert notify.undelivered() == 0
    told = Notification.objects.get(topic="exchange.undelivered")
    assert told.user == world.analyst

    # The partner's node answers at last: the envelope is delivered, the receipt comes back.
    OutboxEnvelope.objects.filter(kind="exchange.message").update(
        status=OutboxStatus.DELIVERED, delivered_at=timezone.now()
    )
    receipt = remote.envelope(
        {
            "message": str(ours.uid),
            "agency": world.partner.code,
            "event": "delivered",
            "at": timezone.now().isoformat(),
            "by": "",
        },
        kind="exchange.receipt",
    )
    inbox.receive_batch([receipt])
    html = thread(world, ours)
    assert "not delivered yet" not in html
    assert "delivered" in html
    assert undelivered_items(world) == []
    assert notify.undelivered() == 1
    arrived = Notification.objects.get(topic="exchange.delivered_late")
    assert arrived.user == world.analyst
    assert arrived.key == told.key
