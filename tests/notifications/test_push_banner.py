"""The live fragment's banner and badges: an unread notification whose topic is of level "alert"
runs across the page (its topic's text only, escaped), the badges an app registers show their
counts for the reader, and the page carries its stream's address and script (no inline code)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from strait.accounts.models import User
from strait.notifications import actions, badges, topics
from strait.permissions import Role

pytestmark = pytest.mark.django_db

ALERT = topics.Topic(
    "tests.alert_released",
    "Alert released",
    "Alert: %(title)s, report to your supervisor",
    level="alert",
)


@pytest.fixture
def alert_topic() -> Iterator[topics.Topic]:
    topics.register(ALERT)
    yield ALERT
    topics._topics.pop(ALERT.code, None)


@pytest.fixture
def counted() -> Iterator[dict[int, int]]:
    """A badge counting what the test says each user has."""
    counts: dict[int, int] = {}
    badges.register("tests.waiting", "Alerts not acknowledged", lambda user: counts.get(user.pk, 0))
    yield counts
    badges.unregister("tests.waiting")


def live(client: Client) -> str:
    response = client.get(reverse("notifications:poll"))
    assert response.status_code == 200
    return str(response.content.decode())


def test_an_unread_alert_is_a_banner_with_its_topic_text_escaped(
    alert_topic: topics.Topic, verified_client: Callable[..., Client], make_user: Callable[..., Any]
) -> None:
    reader: User = make_user(role=Role.OFFICER)
    other: User = make_user(role=Role.OFFICER)
    actions.notify(
        [reader], alert_topic, key="a1", url="/", params={"title": "<b>Go-fast</b> Ceuta"}
    )
    client = verified_client(reader)
    html = live(client)
    banner = html.split('id="alert-banner"', 1)[1].split('<section class="toasts"', 1)[0]
    assert 'class="alert-banner" data-topic="tests.alert_released"' in banner
    assert "Alert: &lt;b&gt;Go-fast&lt;/b&gt; Ceuta, report to your supervisor" in banner
    assert "<b>Go-fast</b>" not in html
    # A banner, not also a toast; and nobody else's.
    assert 'data-topic="tests.alert_released"' not in html.split('<section class="toasts"')[1]
    assert "Go-fast" not in live(verified_client(other))
    assert 'class="toast-more"' not in html  # the banner is the one unread notification
    # Dismissed (read), it goes.
    client.post(reverse("notifications:read"), {"id": reader.notifications.get().pk})
    assert 'class="alert-banner"' not in live(client)


def test_a_registered_badge_shows_the_readers_count_only_when_there_is_one(
    counted: dict[int, int], verified_client: Callable[..., Client], make_user: Callable[..., Any]
) -> None:
    reader: User = make_user(role=Role.OFFICER)
    client = verified_client(reader)
    assert 'data-badge="tests.waiting"' not in live(client)
    counted[reader.pk] = 3
    html = live(client)
    assert 'data-badge="tests.waiting"' in html
    assert 'Alerts not acknowledged <span class="count" data-count="3">3</span>' in html
    assert 'data-badge="tests.waiting"' not in live(verified_client(make_user(role=Role.OFFICER)))


def test_the_page_carries_its_streams_address_and_script_no_inline_code(
    verified_client: Callable[..., Client], make_user: Callable[..., Any]
) -> None:
    page = verified_client(make_user(role=Role.ANALYST)).get(reverse("web:home"))
    html = page.content.decode()
    assert f'<meta name="strait-stream" content="{reverse("notifications:stream")}">' in html
    assert "strait/push.js" in html
    assert '<div id="alert-banner" class="alert-banners"></div>' in html
    # The page's policy lets the script connect to its own node and run no inline code.
    policy = page["Content-Security-Policy"]
    assert "connect-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "strait-stream" not in Client().get(reverse("accounts:login")).content.decode()
