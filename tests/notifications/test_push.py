"""Push (strait/notifications/push.py): an open page's event stream hears of its own user's new
notifications, written by any thread or process, and of nobody else's; a process holds a
bounded number of streams (204 beyond, and the page keeps polling); a stream ends after a while
so the session is checked again, and it is not the user's activity."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.accounts.models import User
from strait.alerts.notify import RELEASED
from strait.exchange.notify import URGENT_REQUEST
from strait.notifications import actions, push
from strait.permissions import Role
from tests.conftest import login_verified

# Real commits seen by other threads; the flush at the end passes the append-only triggers.
pytestmark = pytest.mark.usefixtures("_flushable", "transactional_flush")

STREAM = reverse("notifications:stream")


@pytest.fixture(autouse=True)
def quick_streams(settings: Any) -> None:
    settings.NOTIFICATIONS_STREAM_POLL_SECONDS = 0.05
    settings.NOTIFICATIONS_STREAM_HEARTBEAT_SECONDS = 0.2
    # The bound of every wait below: a stream that never hears ends, and the test fails.
    settings.NOTIFICATIONS_STREAM_SECONDS = 10


def notify_elsewhere(user: User, key: str) -> int:
    """Notify ``user`` from another thread (its own database connection), as the worker or
    another web process would; the new notification's id."""
    found: list[int] = []

    def run() -> None:
        try:
            actions.notify([user], URGENT_REQUEST, key=key, url="/", params={"sender": "MAP"})
            found.append(user.notifications.get(key=key).pk)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return found[0]


def next_event(events: Iterator[bytes]) -> str:
    """The next event of a stream, its comments (keep-alives) skipped."""
    for chunk in events:
        text = chunk.decode()
        if not text.startswith(":"):
            return text
    raise AssertionError("the stream ended without an event")


def notified(pk: int) -> str:
    """The event of one new notification whose topic is not an alert's: no banner."""
    return f'event: notification\ndata: {{"ids": [{pk}], "banners": []}}\n\n'


def open_stream(client: Client) -> tuple[Any, Iterator[bytes]]:
    response = client.get(STREAM)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/event-stream"
    events = iter(response.streaming_content)
    assert "event: ready" in next_event(events)
    return response, events


def test_a_notification_written_elsewhere_reaches_the_open_stream(
    make_user: Callable[..., User],
) -> None:
    user = make_user(role=Role.ANALYST)
    response, events = open_stream(login_verified(Client(), user))
    pk = notify_elsewhere(user, "push-1")
    assert next_event(events) == notified(pk)
    response.close()
    assert push.hub().open_count() == 0


def test_a_user_never_hears_of_another_users_notifications(
    make_user: Callable[..., User],
) -> None:
    amina, lucia = make_user(role=Role.ANALYST), make_user(role=Role.ANALYST)
    amina_response, amina_events = open_stream(login_verified(Client(), amina))
    lucia_response, lucia_events = open_stream(login_verified(Client(), lucia))
    for_amina = notify_elsewhere(amina, "push-amina")
    for_lucia = notify_elsewhere(lucia, "push-lucia")
    # Lucía's stream was not woken by Amina's notification: its first event is her own only.
    assert next_event(lucia_events) == notified(for_lucia)
    assert next_event(amina_events) == notified(for_amina)
    amina_response.close()
    lucia_response.close()


def test_beyond_the_cap_the_stream_answers_204_and_the_page_keeps_polling(
    make_user: Callable[..., User], settings: Any
) -> None:
    settings.NOTIFICATIONS_STREAM_MAX = 1
    first = login_verified(Client(), make_user(role=Role.ANALYST))
    second = login_verified(Client(), make_user(role=Role.OFFICER))
    response, _events = open_stream(first)
    refused = second.get(STREAM)
    assert refused.status_code == 204
    assert not refused.content
    assert second.get(reverse("notifications:poll")).status_code == 200
    # A closed stream frees its place, however it ended.
    response.close()
    again, _events = open_stream(second)
    again.close()


def test_a_stream_ends_so_the_session_is_checked_again_and_is_not_activity(
    make_user: Callable[..., User], settings: Any
) -> None:
    settings.NOTIFICATIONS_STREAM_SECONDS = 0.3
    client = login_verified(Client(), make_user(role=Role.ANALYST))
    key = client.session.session_key
    soon = timezone.now() + dt.timedelta(minutes=1)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    response, events = open_stream(client)
    started = time.monotonic()
    assert [chunk for chunk in events if not chunk.startswith(b":")] == []
    assert time.monotonic() - started < 5
    response.close()
    assert Session.objects.get(session_key=key).expire_date == soon
    # Once the session is gone, the reconnection is sent to the login page.
    Session.objects.filter(session_key=key).delete()
    assert client.get(STREAM).status_code == 302


def test_an_alerts_event_carries_its_banner_in_the_readers_language(
    make_user: Callable[..., User],
) -> None:
    # The page draws the banner from the event itself (push.js), not after the fragment it
    # then fetches: 200 pages fetching at once take seconds.
    user = make_user(role=Role.OFFICER)
    client = login_verified(Client(), user)
    client.cookies["django_language"] = "es"
    response, events = open_stream(client)
    params = {
        "type": {"en": "Migration surge", "es": "Afluencia migratoria masiva"},
        "issuer": "DGSN",
        "title": "<b>Fnideq</b>",
        "action": "",
    }

    def run() -> None:
        try:
            actions.notify([user], RELEASED, key="push-alert", url="/alerts/x/", params=params)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    event = next_event(events)
    assert event.startswith("event: notification\ndata: ")
    data = json.loads(event.split("data: ", 1)[1])
    (banner,) = data["banners"]
    assert banner["id"] == data["ids"][0] == user.notifications.get(key="push-alert").pk
    assert banner["text"] == "Afluencia migratoria masiva de DGSN: <b>Fnideq</b>. "
    assert banner["url"] == "/alerts/x/"
    response.close()
