"""Message search as strong as the matcher (issue 12): words of the subject, body and what an
item is about, case references and phones by key, persons across scripts by the matcher's name
keys, filters, pages and order; always scoped to what the user may read, always audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from strait.accounts.models import User
from strait.audit.events import AuditAction
from strait.audit.models import AuditEntry
from strait.exchange import actions, search, searching
from strait.exchange.models import Channel, Message, SearchKey
from strait.permissions import Role
from tests.api_client import Api
from tests.exchange.conftest import World, draft
from tests.exchange.test_pages import client_for
from tests.factories import AgencyFactory
from tests.factories.exchange import MessageFactory


def send(world: World, **overrides: Any) -> Message:
    return actions.send_message(draft(world, **overrides), acting_user=world.analyst)


def subjects(user: User, query: str = "", **criteria: Any) -> list[str]:
    found = searching.find(user, searching.Criteria(query=query, **criteria))
    return [m.subject for m in found.items]


def test_youssef_finds_the_message_about_the_arabic_name(world: World) -> None:
    send(world, subject="طلب تحقق", body="نص", language="ar", about=[("person", "يوسف العلمي")])
    send(world, subject="Other person", about=[("person", "Karim Bennani")])
    assert subjects(world.neighbour_analyst, "Youssef") == ["طلب تحقق"]
    assert subjects(world.neighbour_analyst, "Youssef El Alami") == ["طلب تحقق"]
    assert subjects(world.neighbour_analyst, "يوسف") == ["طلب تحقق"]
    # Every token of the name must be there: another family name is another person.
    assert subjects(world.neighbour_analyst, "Youssef Bennani") == []


def test_an_arabic_name_finds_the_message_about_its_latin_spelling(world: World) -> None:
    send(world, subject="Identity check", about=[("person", "Abdelatif El Khattabi")])
    assert subjects(world.neighbour_analyst, "عبد اللطيف الخطابي") == ["Identity check"]
    assert subjects(world.neighbour_analyst, "Khattabi") == ["Identity check"]


def test_a_case_reference_in_the_about_fields_is_found_however_it_is_typed(world: World) -> None:
    send(world, subject="Boat at night", about=[("case", "OP-2025/118")])
    send(world, subject="Another case", about=[("case", "OP-2025/119")])
    for typed in ("OP-2025/118", "op 2025 118", "OP2025118"):
        assert subjects(world.neighbour_analyst, typed) == ["Boat at night"], typed


def test_a_phone_subject_is_found_in_any_format(world: World) -> None:
    send(world, subject="Calls", about=[("phone", "+212 661 12 34 56")])
    for typed in ("+212661123456", "0661123456", "00212 661 12 34 56"):
        assert subjects(world.neighbour_analyst, typed) == ["Calls"], typed


def test_the_about_values_are_searched_as_words_too(world: World) -> None:
    send(world, subject="Vessel sighting", about=[("vessel", "Sea Star 7")])
    assert subjects(world.neighbour_analyst, "star") == ["Vessel sighting"]


def test_every_word_must_be_a_word_of_subject_or_body(world: World) -> None:
    send(world, subject="Embarcación sospechosa", body="Vista cerca del puerto de Algeciras.")
    assert subjects(world.neighbour_analyst, "embarcacion") == ["Embarcación sospechosa"]
    assert subjects(world.neighbour_analyst, "algeciras puerto") == ["Embarcación sospechosa"]
    # Whole words: neither a beginning nor a middle is one.
    assert subjects(world.neighbour_analyst, "embarc") == []
    assert subjects(world.neighbour_analyst, "barcacion") == []
    assert subjects(world.neighbour_analyst, "algeciras madrid") == []


def test_the_search_keys_go_with_an_erased_item(world: World) -> None:
    message = send(world, subject="To be erased", about=[("case", "OP-9")])
    assert SearchKey.objects.filter(message=message).exists()
    actions.correct(message, "erasure", "Erased at the source.", acting_user=world.analyst)
    assert not SearchKey.objects.filter(message=message).exists()
    assert subjects(world.neighbour_analyst, "OP-9") == []


def test_another_agency_never_finds_the_items(world: World) -> None:
    send(world, subject="Secret boat", about=[("person", "يوسف العلمي"), ("case", "OP-1")])
    for query in ("secret", "Youssef", "OP-1"):
        assert subjects(world.outsider_analyst, query) == []
        assert subjects(world.neighbour_analyst, query) == ["Secret boat"]
    assert subjects(world.outsider_analyst, kind="request") == []


def test_a_channel_the_user_does_not_work_is_not_searched(
    world: World, make_user: Callable[..., User]
) -> None:
    send(world, subject="On the channel", about=[("case", "OP-2")])
    Channel.objects.filter(pk=world.channel.pk).update(active=False)
    assert subjects(world.neighbour_analyst, "OP-2") == []


def test_each_filter_narrows_the_items(world: World) -> None:
    other_channel = Channel.objects.create(
        code="test-other",
        kind="direct",
        allowed_kinds=["information", "request"],
        max_handling="H2",
        name_en="Other channel",
    )
    other_channel.agencies.set([world.here, world.neighbour, world.partner])
    send(world, subject="boat drugs urgent", crime_area="drugs", urgency="urgent")
    send(world, subject="boat smuggling normal", crime_area="migrant_smuggling", urgency="normal")
    send(
        world,
        subject="boat information",
        kind="information",
        source_reliability="B",
        information_credibility="2",
    )
    send(world, subject="boat other channel", channel=other_channel)
    old = send(world, subject="boat last year")
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=365))
    user = world.neighbour_analyst
    assert subjects(user, "boat", crime_area="migrant_smuggling") == ["boat smuggling normal"]
    assert subjects(user, "boat", urgency="normal", crime_area="migrant_smuggling") == [
        "boat smuggling normal"
    ]
    assert "boat drugs urgent" not in subjects(user, "boat", urgency="normal")
    assert subjects(user, "boat", kind="information") == ["boat information"]
    assert subjects(user, "boat", channel="test-other") == ["boat other channel"]
    today = timezone.localdate()
    assert subjects(user, "boat", until=today - dt.timedelta(days=300)) == ["boat last year"]
    assert "boat last year" not in subjects(user, "boat", since=today - dt.timedelta(days=1))
    assert len(subjects(user, "boat", since=today, until=today)) == 4


def test_the_partner_filter_keeps_the_items_exchanged_with_that_agency(world: World) -> None:
    send(world, subject="boat to the neighbour")
    actions.send_message(
        draft(world, subject="boat from the neighbour", recipients=[world.here]),
        acting_user=world.neighbour_analyst,
    )
    third = AgencyFactory(code="dev-third", node_code="dev")
    world.channel.agencies.add(third)
    send(world, subject="boat to the third", recipients=[third])
    user = world.analyst
    assert sorted(subjects(user, "boat", partner=world.neighbour.code)) == [
        "boat from the neighbour",
        "boat to the neighbour",
    ]
    assert subjects(user, "boat", partner="dev-third") == ["boat to the third"]
    assert subjects(user, "boat", partner=world.here.code) == []


def test_filters_alone_search_without_words(world: World) -> None:
    send(world, subject="urgent one", urgency="urgent")
    send(world, subject="normal one", urgency="normal")
    assert subjects(world.neighbour_analyst, urgency="urgent") == ["urgent one"]
    assert subjects(world.neighbour_analyst) == []  # nothing asked, nothing shown


def test_results_come_a_page_at_a_time_newest_or_oldest_first(world: World) -> None:
    start = timezone.now() - dt.timedelta(days=10)
    for n in range(searching.PAGE + 5):
        MessageFactory(
            channel=world.channel,
            sender_agency=world.here,
            subject=f"Harbour {n:03}",
            search_text=f"harbour {n:03}",
            search_parties=search.parties([world.here.code, world.neighbour.code]),
            created_at=start + dt.timedelta(minutes=n),
            recipients=[world.neighbour],
        )
    user = world.neighbour_analyst
    first = searching.find(user, searching.Criteria(query="harbour"))
    assert len(first.items) == searching.PAGE
    assert first.has_next
    assert not first.has_previous
    assert first.items[0].subject == f"Harbour {searching.PAGE + 4:03}"
    second = searching.find(user, searching.Criteria(query="harbour", page=2))
    assert [m.subject for m in second.items] == [f"Harbour {n:03}" for n in (4, 3, 2, 1, 0)]
    assert not second.has_next
    assert second.has_previous
    oldest = searching.find(user, searching.Criteria(query="harbour", sort="oldest"))
    assert [m.subject for m in oldest.items[:2]] == ["Harbour 000", "Harbour 001"]
    # The agency's own items and those it received are merged in one order.
    sender_side = searching.find(world.analyst, searching.Criteria(query="harbour", page=2))
    assert len(sender_side.items) == 5


def test_the_page_filters_and_links_the_next_page(world: World) -> None:
    for n in range(searching.PAGE + 1):
        MessageFactory(
            channel=world.channel,
            sender_agency=world.here,
            subject=f"Quay {n}",
            search_text=f"quay {n}",
            search_parties=search.parties([world.here.code, world.neighbour.code]),
            urgency="urgent",
            recipients=[world.neighbour],
        )
    client = client_for(world.neighbour_analyst)
    html = client.get(reverse("exchange:search"), {"q": "quay", "urgency": "urgent"}).content
    page = html.decode()
    assert 'rel="next"' in page
    assert "page=2" in page
    second = client.get(
        reverse("exchange:search"), {"q": "quay", "urgency": "urgent", "page": 2}
    ).content.decode()
    assert second.count("Quay ") == 1
    assert 'rel="prev"' in second
    entry = AuditEntry.objects.filter(action=AuditAction.MESSAGE_CONSULTED).order_by("-seq")[0]
    assert (entry.details["urgency"], entry.details["page"]) == ("urgent", 2)
    assert len(entry.details["shown"]) == 1


def test_the_page_refuses_an_empty_search_and_a_reversed_period(world: World) -> None:
    client = client_for(world.neighbour_analyst)
    assert client.get(reverse("exchange:search"), {"q": ""}).status_code == 400
    reversed_period = {"q": "boat", "since": "2026-05-02", "until": "2026-05-01"}
    assert client.get(reverse("exchange:search"), reversed_period).status_code == 400


def test_the_api_searches_with_the_same_filters(world: World) -> None:
    send(world, subject="Boat one", about=[("person", "يوسف العلمي")], urgency="urgent")
    send(world, subject="Boat two", about=[("person", "يوسف العلمي")], urgency="normal")
    api = Api(world.neighbour_analyst)
    found = api.get("/search", q="Youssef", urgency="normal").json()
    assert [m["subject"] for m in found] == ["Boat two"]
    assert api.get("/search", q="Youssef", page=2).json() == []
    assert api.get("/search", q="Youssef", kind="no-such-kind").status_code == 422
    assert Api(world.outsider_analyst).get("/search", q="Youssef").json() == []
    entry = AuditEntry.objects.filter(action=AuditAction.MESSAGE_CONSULTED).order_by("-seq")[0]
    assert entry.actor == world.outsider_analyst.username


def test_a_user_without_the_read_permission_cannot_search(
    world: World, make_user: Callable[..., User]
) -> None:
    send(world, subject="Boat")
    nobody = make_user(agency=world.neighbour, role=Role.DATA_PROTECTION_OFFICER)
    assert subjects(nobody, "boat") == []


def test_a_word_absent_from_the_newest_items_is_still_found(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On PostgreSQL a word search first walks the newest items, then asks the index for the
    # rest: a word only in an older item must come from the second step.
    monkeypatch.setattr(searching, "WALK", 2)
    monkeypatch.setattr(searching, "COMMON", -1)  # walk whatever the planner expects
    old = send(world, subject="Ancient lighthouse")
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=30))
    for n in range(3):
        send(world, subject=f"Recent item {n}")
    assert subjects(world.neighbour_analyst, "lighthouse") == ["Ancient lighthouse"]
    assert subjects(world.neighbour_analyst, "recent") == [f"Recent item {n}" for n in (2, 1, 0)]
