"""The thread page marks an overdue request as overdue, as the inbox and sent pages do, and
says by how much; an open one says how long is left."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.exchange import actions
from strait.exchange.models import Message
from tests.conftest import login_verified
from tests.exchange.conftest import World, draft


def test_thread_page_shows_an_overdue_request_as_overdue(world: World) -> None:
    message = actions.send_message(draft(world, urgency="urgent_direct"), acting_user=world.analyst)
    client = login_verified(Client(), world.neighbour_analyst)
    url = reverse("exchange:thread", args=[message.thread_uid])
    page = client.get(url).content.decode()
    assert "overdue by" not in page
    assert "Due " in page
    assert "in 7 h 59 min" in page  # urgent_direct: 8 hours

    Message.objects.filter(pk=message.pk).update(
        deadline=timezone.now() - dt.timedelta(hours=1, seconds=30)
    )
    page = client.get(url).content.decode()
    assert "overdue by 1 h" in page
    assert "Due " not in page
