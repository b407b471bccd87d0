"""The events API: an event and its log to those who take part (another agency: 404), log
entries and venues through the actions (201 at the home; a venue outside its country 400 naming
the place, nothing written), an agency's assessment of a match; the after-action PDF."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from strait.audit.models import AuditEntry
from strait.events import actions, queries
from strait.events.models import Venue
from strait.sharing.models import Change
from tests.api_client import Api
from tests.events.conftest import World, names

pytestmark = pytest.mark.django_db


def test_the_event_and_its_log_are_read_by_those_taking_part(world: World) -> None:
    api = Api(world.pt_liaison)
    made = api.post(
        f"/events/{world.event.uid}/log",
        {
            "at": (timezone.now() - dt.timedelta(minutes=10)).isoformat(),
            "source": "liaison",
            "information": "Flight of 30 risk supporters to Tangier.",
            "passed_to": ["dev-dgsn"],
        },
    )
    assert made.status_code == 201, made.json()
    assert [e["code"] for e in Api(world.es_officer).get("/events/").json()] == ["wc2030"]
    event = Api(world.ma_officer).get(f"/events/{world.event.uid}").json()
    assert event["hosts"] == ["MA", "ES", "PT"]
    assert [v["code"] for v in event["venues"]] == ["grand-stade-casablanca"]
    assert set(event["nodes"]) == {"dev"} or event["nodes"]
    log = Api(world.es_officer).get(f"/events/{world.event.uid}/log").json()
    assert [(e["agency"], e["passed_to"]) for e in log] == [("dev-psp", ["dev-dgsn"])]
    outsider = Api(world.outsider_officer)
    assert outsider.get(f"/events/{world.event.uid}").status_code == 404
    assert outsider.get(f"/events/{world.event.uid}/log").status_code == 404
    assert outsider.get("/events/").json() == []


def test_a_venue_outside_its_country_is_a_400_nothing_written(world: World) -> None:
    before = Change.objects.filter(obj=world.event.obj).count()
    answer = Api(world.es_officer).post(
        f"/events/{world.event.uid}/venues",
        {
            "code": "lisbon-as-spain",
            "names": {"en": "Wrong"},
            "kind": "stadium",
            "city": "Lisboa",
            "country": "ES",
            "lat": 38.7527,
            "lon": -9.1847,
        },
    )
    assert answer.status_code == 400
    assert "not inside" in str(answer.json())
    assert Change.objects.filter(obj=world.event.obj).count() == before
    assert not Venue.objects.filter(code="lisbon-as-spain").exists()


def test_an_agency_assesses_a_match(world: World) -> None:
    actions.add_fixture(
        world.ma_analyst,
        world.event,
        home_team="Morocco",
        away_team="Spain",
        venue="grand-stade-casablanca",
        kick_off=dt.datetime(2030, 6, 20, 19, tzinfo=dt.UTC),
        risk="high",
    )
    fx = queries.fixtures(world.event)[0]
    made = Api(world.es_officer).post(
        f"/events/matches/{fx.uid}/assessments", {"risk": "very_high", "text": "Ultras."}
    )
    assert made.status_code == 201, made.json()
    assert [a.agency for a in queries.assessments(fx)] == ["dev-pn"]
    assert (
        Api(world.outsider_officer)
        .post(f"/events/matches/{fx.uid}/assessments", {"risk": "low", "text": "x"})
        .status_code
        == 404
    )


def test_the_after_action_report_as_a_pdf_in_arabic(
    world: World, verified_client: Callable[..., Client]
) -> None:
    actions.write_after_action(
        world.ma_analyst,
        world.event,
        summary=names("A calm tournament"),
        spectators=1000,
    )
    answer = verified_client(world.pt_liaison).get(
        f"/events/{world.event.uid}/after-action.pdf?lang=ar"
    )
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    exported = AuditEntry.objects.filter(action="events.report_exported").get()
    assert (exported.target, exported.details) == (
        f"events.event:{world.event.uid}",
        {"language": "ar"},
    )
