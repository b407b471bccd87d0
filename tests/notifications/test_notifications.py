"""Notifications: created where the event happens (an arrival, a hit, a notice, the worker's
overdue pass), shown in the polled fragment to their user only, sent by e-mail for the topics
the user chose, without partner content."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.accounts.models import User
from strait.checks import notify as checks_notify
from strait.checks.models import Result
from strait.exchange import notify
from strait.exchange.models import Message
from strait.federation import inbox
from strait.notifications import actions
from strait.notifications.models import EmailState, Notification
from strait.permissions import Role
from tests.exchange.conftest import World
from tests.exchange.test_arrivals import deliver, wire
from tests.factories import CandidateFactory, IncomingCheckFactory
from tests.federation.conftest import RemotePeer

SECRET_SUBJECT = "Operación Nube: teléfono de Khattabi"


def receive(world: World, remote: RemotePeer, **overrides: Any) -> dict[str, Any]:
    body = wire(world, subject=SECRET_SUBJECT, **overrides)
    assert deliver(remote, body) == "applied"
    return body


def test_an_urgent_request_notifies_the_agencys_readers_once(
    world: World, remote: RemotePeer
) -> None:
    body = receive(world, remote, urgency="urgent_direct")
    told = Notification.objects.filter(topic="exchange.urgent_request", key=body["uid"])
    assert {n.user for n in told} == {world.analyst, world.supervisor}
    # Another agency's users hear nothing of it.
    assert not Notification.objects.filter(
        user__in=[world.neighbour_analyst, world.outsider_analyst]
    ).exists()
    # Noticing it again (a second pass of any kind) notifies nobody twice.
    assert notify.arrived(Message.objects.get(uid=body["uid"])) == 0
    assert told.count() == 2


def test_the_fragment_shows_the_users_own_notifications_and_the_queue_count(
    world: World, remote: RemotePeer, verified_client: Callable[..., Client]
) -> None:
    receive(world, remote, urgency="urgent_direct")
    fragment = verified_client(world.analyst).get(reverse("notifications:poll"))
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "Urgent request from MAP on Test channel" in html
    assert '<span id="queue-count" class="count" data-count="1"' in html
    # No partner text in a notification: the page it links to shows it to those who may read.
    assert SECRET_SUBJECT not in html
    other = verified_client(world.outsider_analyst).get(reverse("notifications:poll"))
    assert "Urgent request" not in other.content.decode()


def test_a_notification_reads_in_the_readers_language(world: World, remote: RemotePeer) -> None:
    from django.utils import translation

    from strait.notifications import topics

    receive(world, remote, urgency="urgent_direct")
    told = Notification.objects.filter(user=world.analyst).get()
    with translation.override("es"):
        assert "Canal" in topics.describe(told.topic, told.params)
    with translation.override("ar"):
        assert "قناة" in topics.describe(told.topic, told.params)


def test_on_the_home_page_the_queue_follows_its_count(
    world: World, remote: RemotePeer, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.analyst)
    receive(world, remote, urgency="urgent_direct")
    home = "http://testserver" + reverse("web:home")
    poll = reverse("notifications:poll")
    moved = client.get(poll, {"seen": "0"}, HTTP_HX_CURRENT_URL=home).content.decode()
    assert 'id="workqueue-region"' in moved
    assert SECRET_SUBJECT in moved  # the queue shows subjects, as the home page does
    same = client.get(poll, {"seen": "1"}, HTTP_HX_CURRENT_URL=home).content.decode()
    assert 'id="workqueue-region"' not in same
    elsewhere = "http://testserver" + reverse("exchange:inbox")
    other_page = client.get(poll, {"seen": "0"}, HTTP_HX_CURRENT_URL=elsewhere).content.decode()
    assert 'id="workqueue-region"' not in other_page


def test_a_poll_is_not_activity_the_session_still_expires(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.analyst)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + dt.timedelta(minutes=1)
    )
    before = Session.objects.get(session_key=key).expire_date
    assert client.get(reverse("notifications:poll")).status_code == 200
    assert Session.objects.get(session_key=key).expire_date == before
    client.get(reverse("web:home"))  # a page is activity
    assert Session.objects.get(session_key=key).expire_date > before


def test_dismissing_and_opening_mark_read(
    world: World, remote: RemotePeer, verified_client: Callable[..., Client]
) -> None:
    body = receive(world, remote, urgency="urgent_direct")
    client = verified_client(world.analyst)
    mine = Notification.objects.get(user=world.analyst)
    theirs = Notification.objects.get(user=world.supervisor)
    # Another user's notification cannot be opened nor dismissed.
    assert client.post(reverse("notifications:open"), {"id": theirs.pk})["Location"] == reverse(
        "notifications:list"
    )
    client.post(reverse("notifications:read"), {"id": theirs.pk})
    theirs.refresh_from_db()
    assert theirs.read_at is None
    opened = client.post(reverse("notifications:open"), {"id": mine.pk})
    assert opened["Location"].startswith(reverse("exchange:thread", args=[body["uid"]]))
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_urgent_items_go_by_email_without_partner_content(
    world: World, remote: RemotePeer, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    User.objects.filter(pk=world.analyst.pk).update(email="analyst@police.example", language="es")
    User.objects.filter(pk=world.supervisor.pk).update(email="supervisor@police.example")
    world.supervisor.refresh_from_db()
    actions.set_email_topics(world.supervisor, [])  # the supervisor wants none by e-mail
    receive(world, remote, urgency="urgent_direct")
    assert actions.send_due_emails() == 1
    (sent,) = mail.outbox
    assert sent.to == ["analyst@police.example"]
    assert "MAP" in sent.subject
    assert SECRET_SUBJECT not in sent.subject + sent.body
    assert "/exchange/threads/" in sent.body
    # Sent once: a second pass sends nothing.
    assert actions.send_due_emails() == 0
    assert Notification.objects.get(user=world.analyst).email == EmailState.SENT


def test_a_normal_request_is_not_emailed_by_default(
    world: World, remote: RemotePeer, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    User.objects.filter(pk=world.analyst.pk).update(email="analyst@police.example")
    receive(world, remote, urgency="normal")
    assert actions.send_due_emails() == 0
    assert mail.outbox == []


def test_a_request_gone_overdue_is_notified_and_emailed(world: World, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from tests.factories import MessageFactory

    User.objects.filter(pk=world.analyst.pk).update(email="analyst@police.example")
    past = timezone.now() - dt.timedelta(hours=1)
    MessageFactory(
        channel=world.channel,
        sender_agency=world.partner,
        recipients=[world.here],
        deadline=past,
    )
    assert notify.overdue() == 2  # the analyst and the supervisor
    assert notify.overdue() == 0
    assert actions.send_due_emails() == 1
    assert mail.outbox[0].to == ["analyst@police.example"]


def test_a_partners_hit_notifies_those_who_decide(
    world: World, make_user: Callable[..., User]
) -> None:
    officer = make_user(agency=world.here, role=Role.OFFICER)
    incoming = IncomingCheckFactory(agency=world.here, result=Result.HIT)
    CandidateFactory(incoming=incoming)
    assert checks_notify.answered(incoming) == 2
    told = {n.user for n in Notification.objects.filter(topic="checks.awaiting_decision")}
    assert told == {world.analyst, world.supervisor}
    assert officer not in told


def test_a_peer_notice_notifies_the_node_administrators(
    world: World, remote: RemotePeer, make_user: Callable[..., User]
) -> None:
    admin = make_user(agency=world.here, role=Role.NODE_ADMIN)
    inbox.receive_batch([remote.envelope({"text": "Maintenance tonight", "author": "ma admin"})])
    assert [n.user for n in Notification.objects.filter(topic="federation.notice")] == [admin]


def test_the_preferences_page_saves_the_users_choice(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.analyst)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200
    assert "Urgent request received" in page.content.decode()
    saved = client.post(
        reverse("notifications:preferences"), {"email_topics": ["exchange.overdue"]}
    )
    assert saved.status_code == 302
    assert world.analyst.notification_preferences.email_topics == ["exchange.overdue"]
    refused = client.post(reverse("notifications:preferences"), {"email_topics": ["nope"]})
    assert refused.status_code == 400


def test_a_request_from_a_neighbour_on_this_node_notifies_too(world: World) -> None:
    from strait.exchange import actions as exchange
    from tests.exchange.conftest import draft

    sent = exchange.send_message(draft(world, urgency="urgent"), acting_user=world.analyst)
    told = Notification.objects.filter(topic="exchange.urgent_request", key=str(sent.uid))
    assert [n.user for n in told] == [world.neighbour_analyst]


def test_old_notifications_are_forgotten(world: World, remote: RemotePeer) -> None:
    receive(world, remote, urgency="urgent_direct")
    assert actions.forget_old() == 0
    later = timezone.now() + actions.KEPT + dt.timedelta(days=1)
    assert actions.forget_old(later) == 2
    assert not Notification.objects.exists()
