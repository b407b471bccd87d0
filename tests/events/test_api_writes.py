"""The events API's writes, through the same actions as the pages: open an event (a manager;
agencies by code, an unknown one refused), add a match (outside the event: 400 naming the
kick-off, nothing written), seat a liaison officer (for the caller's agency), add a
knowledge-base entry, write the after-action report (the lead's, once). 201 applied at the
home, with the uid of what was added."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from strait.events.models import AfterAction, Entry, Event, Fixture, Liaison
from strait.permissions import Role
from strait.sharing.models import Change, SharedObject
from tests.api_client import Api
from tests.events.conftest import World, names

pytestmark = pytest.mark.django_db


def _event_body(**values: object) -> dict[str, object]:
    return {
        "code": "afcon2025",
        "names": {"fr": "CAN 2025", "en": "AFCON 2025"},
        "hosts": ["MA"],
        "starts": "2025-12-21",
        "ends": "2026-01-18",
    } | values


def test_a_manager_opens_an_event_with_the_agencies_taking_part(world: World) -> None:
    before = SharedObject.objects.count()
    unknown = Api(world.ma_analyst).post("/events/", _event_body(participants=["nowhere-x"]))
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "invalid"
    backwards = Api(world.ma_analyst).post("/events/", _event_body(ends="2025-12-01"))
    assert backwards.status_code == 400
    assert SharedObject.objects.count() == before
    assert Api(world.ma_officer).post("/events/", _event_body()).status_code == 403

    made = Api(world.ma_analyst).post("/events/", _event_body(participants=[world.pt.code]))
    assert made.status_code == 201, made.json()
    assert made.json()["lead"] == world.ma.code
    event = Event.objects.get(code="afcon2025")
    assert str(event.uid) == made.json()["uid"]
    seen = {e["code"] for e in Api(world.pt_liaison).get("/events/").json()}
    assert seen == {"wc2030", "afcon2025"}
    assert "afcon2025" not in {e["code"] for e in Api(world.es_officer).get("/events/").json()}


def test_a_match_outside_the_event_is_a_400_nothing_written(world: World) -> None:
    url = f"/events/{world.event.uid}/matches"
    body = {
        "home_team": "Spain",
        "away_team": "Portugal",
        "venue": "grand-stade-casablanca",
        "kick_off": "2030-09-01T19:00:00+00:00",
        "risk": "very_high",
        "reason": "Iberian derby",
    }
    before = Change.objects.filter(obj=world.event.obj).count()
    late = Api(world.es_officer).post(url, body)
    assert late.status_code == 400
    assert "kick_off" in str(late.json())
    assert Change.objects.filter(obj=world.event.obj).count() == before
    done = Api(world.es_officer).post(url, body | {"kick_off": "2030-06-20T19:00:00+00:00"})
    assert done.status_code == 201, done.json()
    assert Fixture.objects.get(uid=done.json()["uid"]).risk == "very_high"
    assert Api(world.outsider_officer).post(url, body).status_code == 404


def test_a_liaison_officer_is_seated_for_the_callers_agency(world: World) -> None:
    answer = Api(world.pt_liaison).post(
        f"/events/{world.event.uid}/liaisons",
        {"name": "Comissário Rui Matos", "starts": "2030-06-10", "ends": "2030-07-21"},
    )
    assert answer.status_code == 201, answer.json()
    seat = Liaison.objects.get(uid=answer.json()["uid"])
    assert (seat.agency, seat.name) == (world.pt.code, "Comissário Rui Matos")
    backwards = Api(world.pt_liaison).post(
        f"/events/{world.event.uid}/liaisons",
        {"name": "X", "starts": "2030-07-10", "ends": "2030-06-21"},
    )
    assert backwards.status_code == 400
    assert Liaison.objects.count() == 1


def test_an_entry_is_added_to_the_knowledge_base(world: World) -> None:
    body = {
        "kind": "checklist",
        "topics": ["crowd_safety"],
        "titles": {"es": "Evacuación de la grada"},
        "texts": {"es": "1. Megafonía; 2. Puertas; 3. Stewards."},
        "event": str(world.event.uid),
    }
    answer = Api(world.es_officer).post("/events/knowledge", body)
    assert answer.status_code == 201, answer.json()
    entry = Entry.objects.get(uid=answer.json()["uid"])
    assert (entry.agency, entry.event) == (world.es.code, world.event.uid)
    untitled = Api(world.es_officer).post("/events/knowledge", body | {"titles": {}})
    assert untitled.status_code == 400
    # An agency the knowledge base is not shared with finds none.
    assert Api(world.outsider_officer).post("/events/knowledge", body).status_code == 404
    assert Entry.objects.count() == 1


def test_the_after_action_report_is_the_leads_once(
    world: World, make_user: Callable[..., object]
) -> None:
    url = f"/events/{world.event.uid}/after-action"
    body = {"summary": names("No serious incident."), "arrests": 12, "spectators": 3_100_000}
    es_analyst = make_user(agency=world.es, role=Role.ANALYST)
    assert Api(es_analyst).post(url, body).status_code == 403
    assert Api(world.es_officer).post(url, body).status_code == 403
    assert not AfterAction.objects.exists()
    done = Api(world.ma_analyst).post(url, body)
    assert done.status_code == 201, done.json()
    assert AfterAction.objects.get(event=world.event).figures["arrests"] == 12
    again = Api(world.ma_analyst).post(url, body)
    assert again.status_code == 400
    assert again.json()["error"] == "report_exists"
