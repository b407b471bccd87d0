"""The events API's other writes, through the same actions as the pages: the centre's risk level
of a match (a manager's; a match of another event is not found), an event-threat alert linked
(one the caller cannot see gets the same answer as one that does not exist), a knowledge-base
entry reused by an event (one of a base the caller does not read: as a missing one), and the
knowledge base opened (a manager's; once). A refusal writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from strait.events import actions, queries
from strait.events.models import AlertLink, Fixture, KnowledgeBase, KnowledgeLink
from strait.permissions import Role
from strait.sharing.models import Change
from tests.api_client import Api
from tests.events.conftest import World, names

pytestmark = pytest.mark.django_db

MISSING = "00000000-0000-4000-8000-000000000001"


def _match(world: World) -> Fixture:
    actions.add_fixture(
        world.ma_analyst,
        world.event,
        home_team="Morocco",
        away_team="Spain",
        venue="grand-stade-casablanca",
        kick_off=dt.datetime(2030, 6, 13, 20, tzinfo=dt.UTC),
        risk="high",
        reason="Derby",
    )
    return queries.fixtures(world.event)[0]


def _changes(world: World) -> int:
    return Change.objects.filter(obj=world.event.obj).count()


def test_a_manager_sets_a_matchs_risk_level(world: World) -> None:
    fx = _match(world)
    answer = Api(world.ma_analyst).post(
        f"/events/{world.event.uid}/matches/{fx.uid}/risk",
        {"risk": "very_high", "reason": "Ultras travelling"},
    )
    assert answer.status_code == 201, answer.json()
    assert answer.json()["status"] == "applied"
    fx.refresh_from_db()
    assert (fx.risk, fx.reason) == ("very_high", "Ultras travelling")


def test_a_risk_level_refused_writes_nothing(world: World, make_user: Callable[..., Any]) -> None:
    fx = _match(world)
    other = actions.open_event(
        world.ma_analyst,
        code="afcon2025",
        names=names("AFCON 2025"),
        hosts=["MA"],
        starts=dt.date(2025, 12, 21),
        ends=dt.date(2026, 1, 18),
    )
    url = f"/events/{world.event.uid}/matches/{fx.uid}/risk"
    body = {"risk": "low", "reason": "Calm"}
    before = _changes(world)
    # An officer assesses; the centre's level is a manager's.
    forbidden = Api(world.ma_officer).post(url, body)
    assert forbidden.status_code == 403
    assert forbidden.json()["error"] == "forbidden"
    # The match through another event of the caller's: not found.
    elsewhere = Api(world.ma_analyst).post(f"/events/{other.uid}/matches/{fx.uid}/risk", body)
    assert elsewhere.status_code == 404
    assert elsewhere.json()["error"] == "not_found"
    # An agency that takes no part finds neither the event nor the match.
    outsider = make_user(agency=world.outsider, role=Role.ANALYST)
    assert Api(outsider).post(url, body).status_code == 404
    unknown = Api(world.ma_analyst).post(url, {"risk": "extreme"})
    assert unknown.status_code == 400
    assert "risk" in str(unknown.json()["problems"])
    assert _changes(world) == before
    fx.refresh_from_db()
    assert (fx.risk, fx.reason) == ("high", "Derby")


def _alert(world: World, make_user: Callable[..., Any]) -> Any:
    """An event-threat alert of the DGSN released to the Policía Nacional (not to the PSP)."""
    from strait.alerts import actions as alerts
    from tests.factories import ChannelFactory

    ChannelFactory(code="dgsn-pn", agencies=[world.ma, world.es])
    now = timezone.now()
    supervisor = make_user(agency=world.ma, role=Role.SUPERVISOR)
    draft = alerts.save_draft(
        world.ma_officer,
        {
            "type": "event_threat",
            "title": "Drone threat over the opening match",
            "grounds": "Chatter about a drone flight.",
            "handling": "H1",
            "area_kind": "ports",
            "area_codes": ["tanger-med"],
            "valid_from": now - dt.timedelta(minutes=5),
            "valid_until": now + dt.timedelta(days=1),
            "addressees": [world.es.code],
            "details": {"event": "World Cup 2030"},
        },
    )
    return alerts.release(supervisor, alerts.submit(world.ma_officer, draft))


def test_an_alert_the_caller_sees_is_linked(world: World, make_user: Callable[..., Any]) -> None:
    alert = _alert(world, make_user)
    answer = Api(world.es_officer).post(
        f"/events/{world.event.uid}/alerts", {"alert": str(alert.obj.uid), "note": "Opening"}
    )
    assert answer.status_code == 201, answer.json()
    link = AlertLink.objects.get(event=world.event)
    assert (link.alert, link.note) == (alert.obj.uid, "Opening")
    (threat,) = Api(world.pt_liaison).get(f"/events/{world.event.uid}").json()["threats"]
    assert threat["visible"] is False


def test_an_alert_the_caller_cannot_see_is_refused_as_a_missing_one(
    world: World, make_user: Callable[..., Any]
) -> None:
    alert = _alert(world, make_user)
    url = f"/events/{world.event.uid}/alerts"
    before = _changes(world)
    unseen = Api(world.pt_liaison).post(url, {"alert": str(alert.obj.uid)})
    missing = Api(world.pt_liaison).post(url, {"alert": MISSING})
    assert unseen.status_code == missing.status_code == 400
    assert unseen.json() == missing.json()
    assert unseen.json()["error"] == "alert_not_found"
    # An agency that takes no part finds no event; a reader who may not write is refused.
    assert Api(world.outsider_officer).post(url, {"alert": MISSING}).status_code == 404
    reader = make_user(agency=world.es, role=Role.SECRETARIAT)
    assert Api(reader).post(url, {"alert": str(alert.obj.uid)}).status_code == 403
    assert _changes(world) == before
    assert not AlertLink.objects.exists()


def test_an_entry_of_the_knowledge_base_is_reused_by_the_event(world: World) -> None:
    change: Any = actions.add_entry(
        world.es_officer,
        world.base,
        kind="lesson",
        topics=["drones"],
        titles=names("Drone detection at fan zones"),
        texts=names("Bring detection kits a week early."),
    )
    answer = Api(world.pt_liaison).post(
        f"/events/{world.event.uid}/knowledge", {"entry": change.body["uid"]}
    )
    assert answer.status_code == 201, answer.json()
    assert [str(e.uid) for e in queries.linked_entries(world.ma_officer, world.event)] == [
        change.body["uid"]
    ]


def test_an_entry_the_caller_does_not_read_is_refused_as_a_missing_one(
    world: World, make_user: Callable[..., Any]
) -> None:
    # The outsider's own base, shared with no one here.
    outsider = make_user(agency=world.outsider, role=Role.ANALYST)
    own = actions.open_knowledge_base(outsider, title="Outsider's base")
    change: Any = actions.add_entry(
        outsider,
        own,
        kind="plan",
        topics=["drones"],
        titles=names("Not shared"),
        texts=names("Not shared"),
    )
    url = f"/events/{world.event.uid}/knowledge"
    before = _changes(world)
    unread = Api(world.pt_liaison).post(url, {"entry": change.body["uid"]})
    missing = Api(world.pt_liaison).post(url, {"entry": MISSING})
    assert unread.status_code == missing.status_code == 400
    assert unread.json() == missing.json()
    assert unread.json()["error"] == "entry_not_found"
    assert Api(outsider).post(url, {"entry": change.body["uid"]}).status_code == 404
    assert _changes(world) == before
    assert not KnowledgeLink.objects.exists()


def test_a_manager_opens_the_knowledge_base_of_an_agency_with_none(
    world: World, make_user: Callable[..., Any]
) -> None:
    outsider = make_user(agency=world.outsider, role=Role.ANALYST)
    answer = Api(outsider).post(
        "/events/knowledge-base", {"title": "Lessons", "participants": [world.es.code]}
    )
    assert answer.status_code == 201, answer.json()
    assert (answer.json()["title"], answer.json()["lead"]) == ("Lessons", world.outsider.code)
    base = KnowledgeBase.objects.get(obj__uid=answer.json()["uid"])
    assert base.obj.home_agency == world.outsider


def test_a_knowledge_base_refused_writes_nothing(
    world: World, make_user: Callable[..., Any]
) -> None:
    before = KnowledgeBase.objects.count()
    body = {"title": "A second base"}
    again = Api(world.ma_analyst).post("/events/knowledge-base", body)
    assert again.status_code == 400
    assert again.json()["error"] == "knowledge_exists"
    assert Api(world.outsider_officer).post("/events/knowledge-base", body).status_code == 403
    outsider = make_user(agency=world.outsider, role=Role.ANALYST)
    unknown = Api(outsider).post("/events/knowledge-base", body | {"participants": ["nowhere-x"]})
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "invalid"
    assert "participants" in str(unknown.json()["problems"])
    untitled = Api(outsider).post("/events/knowledge-base", {"title": " "})
    assert untitled.status_code == 400
    assert KnowledgeBase.objects.count() == before
