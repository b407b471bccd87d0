"""The work queue on the home page: what needs the user now, by urgency, scoped to what the user
may read; counts; sources that apps register."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strait.accounts.models import User
from strait.checks.models import Result
from strait.decisions.models import MatchDecision
from strait.permissions import Permission, Role
from strait.workqueue import registry
from strait.workqueue.queries import counts_for, queue_for
from tests.exchange.conftest import World
from tests.exchange.test_arrivals import deliver, wire
from tests.factories import CandidateFactory, IncomingCheckFactory
from tests.federation.conftest import RemotePeer


def receive(world: World, remote: RemotePeer, **overrides: Any) -> dict[str, Any]:
    body = wire(world, **overrides)
    assert deliver(remote, body) == "applied"
    return body


def test_an_urgent_request_received_tops_the_queue(world: World, remote: RemotePeer) -> None:
    normal = receive(world, remote, urgency="normal", subject="Routine question")
    urgent = receive(world, remote, urgency="urgent_direct", subject="Urgent question")
    queue = queue_for(world.analyst)
    titles = [i.title for i in queue.items]
    assert titles == ["Urgent question", "Routine question"]
    top = queue.items[0]
    assert top.source == "exchange.urgent"
    assert top.url.startswith(reverse("exchange:thread", args=[urgent["uid"]]))
    assert queue.items[1].key == f"exchange.message:{normal['uid']}"


def test_an_overdue_request_comes_before_an_urgent_one(world: World, remote: RemotePeer) -> None:
    receive(world, remote, urgency="urgent_direct", subject="Urgent question")
    long_ago = (timezone.now() - dt.timedelta(days=10)).isoformat()
    receive(world, remote, urgency="normal", subject="Old question", created_at=long_ago)
    queue = queue_for(world.analyst)
    assert [(i.source, i.title) for i in queue.items] == [
        ("exchange.overdue", "Old question"),
        ("exchange.urgent", "Urgent question"),
    ]


def test_another_agencys_items_never_appear(
    world: World, remote: RemotePeer, verified_client: Callable[..., Client]
) -> None:
    receive(world, remote, urgency="urgent_direct", subject="For the police only")
    for user in (world.neighbour_analyst, world.outsider_analyst):
        assert queue_for(user).items == []
        assert sum(counts_for(user).values()) == 0
        page = verified_client(user).get(reverse("web:home"))
        assert page.status_code == 200
        assert "For the police only" not in page.content.decode()
    page = verified_client(world.analyst).get(reverse("web:home"))
    assert "For the police only" in page.content.decode()


def test_the_counts_and_the_sections_say_how_many(world: World, remote: RemotePeer) -> None:
    for n in range(3):
        receive(world, remote, urgency="urgent", subject=f"Urgent {n}")
    receive(world, remote, urgency="normal", subject="Routine")
    counts = counts_for(world.analyst)
    assert counts["exchange.urgent"] == 3
    assert counts["exchange.requests"] == 1
    assert counts["exchange.overdue"] == 0
    sections = {s.source.code: s.count for s in queue_for(world.analyst).sections}
    assert sections["exchange.urgent"] == 3
    # A role that reads no exchange has no exchange section at all.
    assert "exchange.urgent" not in counts_for(world.analyst.__class__(role=Role.NODE_ADMIN))


def test_each_request_section_stops_at_the_cap_on_its_own(
    world: World, remote: RemotePeer, monkeypatch: Any
) -> None:
    # The three request sections come from one query numbering the requests per section: many
    # urgent requests fill their own section and push no other request out of the queue.
    from strait.exchange import workqueue as exchange_queue

    monkeypatch.setattr(exchange_queue, "CAP", 2)
    for n in range(3):
        receive(world, remote, urgency="urgent", subject=f"Urgent {n}")
    receive(world, remote, urgency="normal", subject="Routine")
    long_ago = (timezone.now() - dt.timedelta(days=10)).isoformat()
    receive(world, remote, urgency="normal", subject="Old question", created_at=long_ago)
    counts = counts_for(world.analyst)
    assert (counts["exchange.overdue"], counts["exchange.urgent"]) == (1, 2)
    assert counts["exchange.requests"] == 1
    titles = [i.title for i in queue_for(world.analyst).items]
    assert titles == ["Old question", "Urgent 0", "Urgent 1", "Routine"]


def test_the_queue_reads_as_many_queries_for_many_requests_as_for_one(
    world: World, remote: RemotePeer
) -> None:
    # One query numbers the three request sections, one reads the items shown, and a channel's
    # agencies are read once: more requests (or sections) cost no more queries.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        fresh = User.objects.get(pk=world.analyst.pk)  # nothing kept from an earlier queue
        with CaptureQueriesContext(connection) as ctx:
            queue_for(fresh)
        return len(ctx.captured_queries)

    receive(world, remote, urgency="urgent", subject="First")
    one = queries()
    for n in range(4):
        receive(world, remote, urgency="urgent", subject=f"Urgent {n}")
    receive(world, remote, urgency="normal", subject="Routine")
    long_ago = (timezone.now() - dt.timedelta(days=10)).isoformat()
    receive(world, remote, urgency="normal", subject="Old question", created_at=long_ago)
    assert len(queue_for(world.analyst).items) == 7
    assert queries() == one


def test_an_answered_request_leaves_the_queue(world: World, remote: RemotePeer) -> None:
    from strait.exchange.models import Message

    body = receive(world, remote, urgency="urgent")
    Message.objects.filter(uid=body["uid"]).update(answered_at=timezone.now())
    assert queue_for(world.analyst).items == []


def test_the_home_page_has_honest_empty_states(
    world: World, verified_client: Callable[..., Client]
) -> None:
    page = verified_client(world.analyst).get(reverse("web:home")).content.decode()
    assert "Nothing needs you now." in page
    assert "No urgent request waits for your agency." in page
    assert "Checks against partner nodes are not available yet" not in page


def test_a_partners_hit_waits_for_a_decision_until_one_is_recorded(
    world: World, make_user: Callable[..., User]
) -> None:
    incoming = IncomingCheckFactory(agency=world.here, result=Result.HIT, label="Khattabi")
    candidate = CandidateFactory(incoming=incoming)
    other = IncomingCheckFactory(agency=world.outsider, result=Result.HIT, label="Elsewhere")
    CandidateFactory(incoming=other)
    items = [i for i in queue_for(world.analyst).items if i.source == "checks.decide"]
    assert [i.title for i in items] == ["Khattabi"]
    assert items[0].url == reverse("checks:incoming", args=[incoming.uid])
    MatchDecision.objects.create(
        agency=world.here,
        record_uid=candidate.record_uid,
        counterpart=f"check:{incoming.check_uid}",
        verdict="match",
        decided_by=world.analyst,
    )
    assert [i for i in queue_for(world.analyst).items if i.source == "checks.decide"] == []


def test_an_app_adds_its_items_by_registering_a_source(world: World) -> None:
    now = timezone.now()
    item = registry.Item(
        key="alerts.alert:1",
        source="test.alerts",
        level=registry.Level.URGENT,
        label="Alert",
        title="A new domain's item",
        url="/alerts/1/",
        at=now,
    )
    source = registry.Source(
        code="test.alerts",
        level=registry.Level.URGENT,
        label="Alerts",
        empty="No alert.",
        url="/alerts/",
        applies=lambda user: user.has_permission(Permission.MESSAGES_READ),
        items=lambda user, now, limit: [item],
        count=lambda user, now: 1,
    )
    registry.register(source)
    try:
        assert queue_for(world.analyst).items == [item]
        assert counts_for(world.analyst)["test.alerts"] == 1
    finally:
        registry._sources.pop("test.alerts")


def test_approvals_wait_for_those_who_may_give_them(
    world: World, make_user: Callable[..., User]
) -> None:
    from tests.factories import ConsentFactory, ExportRequestFactory, MessageFactory

    ours = MessageFactory(channel=world.channel, sender_agency=world.here, subject="Our item")
    ConsentFactory(message=ours, requester_agency=world.partner)
    ExportRequestFactory(agency=world.here, requested_by=world.analyst)
    ExportRequestFactory(agency=world.outsider)
    sources = sorted(i.source for i in queue_for(world.supervisor).items)
    assert sources == ["entities.exports", "exchange.consents"]
    # The analyst asked for the export: neither approval is theirs to give.
    assert [i for i in queue_for(world.analyst).items if i.level == registry.Level.APPROVE] == []
    other = make_user(agency=world.outsider, role=Role.SUPERVISOR)
    assert [i.source for i in queue_for(other).items] == ["entities.exports"]
