"""The events' pages: the event with its venues, matches and linked alerts (an alert the reader
cannot see shows as "not visible", its title never), the cooperation centre's log with its
quick entry form (bad input: 400, nothing written), the offline venue map, a match's
assessments, the knowledge base; another agency finds nothing (404)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from strait.events import actions, queries
from strait.events.models import LogEntry, Venue
from strait.permissions import Role
from strait.sharing.models import Change
from tests.events.conftest import World, names

pytestmark = pytest.mark.django_db

KICK_OFF = dt.datetime(2030, 6, 13, 20, 0, tzinfo=dt.UTC)


def _fixture(world: World) -> Any:
    actions.add_fixture(
        world.ma_analyst,
        world.event,
        home_team="Morocco",
        away_team="Spain",
        venue="grand-stade-casablanca",
        kick_off=KICK_OFF,
        risk="high",
        reason="Derby; 20,000 travelling supporters",
    )
    return queries.fixtures(world.event)[0]


def test_the_event_page_shows_venues_matches_and_nodes(
    world: World, verified_client: Callable[..., Client]
) -> None:
    _fixture(world)
    page = verified_client(world.es_officer).get(f"/events/{world.event.uid}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Grand Stade Hassan II" in html
    assert "Derby; 20,000 travelling supporters" in html
    assert "risk-high" in html
    assert "dev-psp" in html  # a participating agency, under its node


def test_another_agency_finds_no_event_nor_match(
    world: World, verified_client: Callable[..., Client]
) -> None:
    fx = _fixture(world)
    client = verified_client(world.outsider_officer)
    for url in (
        f"/events/{world.event.uid}/",
        f"/events/{world.event.uid}/centre/",
        f"/events/{world.event.uid}/map/",
        f"/events/matches/{fx.uid}/",
    ):
        assert client.get(url).status_code == 404, url
    assert "World Cup" not in client.get("/events/").content.decode()


def test_the_liaison_logs_information_that_every_participant_reads(
    world: World, verified_client: Callable[..., Client]
) -> None:
    at = timezone.localtime().replace(second=0, microsecond=0) - dt.timedelta(minutes=5)
    liaison = verified_client(world.pt_liaison)
    answer = liaison.post(
        f"/events/{world.event.uid}/centre/",
        {
            "at": at.strftime("%Y-%m-%dT%H:%M"),
            "source": "liaison",
            "information": "Coach of 50 risk supporters crossing at Vilar Formoso.",
            "assessment": "Arrival in Madrid around 19:00.",
            "passed_to": ["dev-pn"],
        },
    )
    assert answer.status_code == 302
    entry = LogEntry.objects.get()
    assert (entry.agency, entry.passed_to) == ("dev-psp", ["dev-pn"])
    for reader in (world.ma_officer, world.es_officer):
        page = verified_client(reader).get(f"/events/{world.event.uid}/centre/")
        assert "Vilar Formoso" in page.content.decode()


def test_a_log_entry_in_the_future_is_refused_on_the_form(
    world: World, verified_client: Callable[..., Client]
) -> None:
    before = Change.objects.filter(obj=world.event.obj).count()
    later = timezone.localtime() + dt.timedelta(hours=3)
    answer = verified_client(world.pt_liaison).post(
        f"/events/{world.event.uid}/centre/",
        {"at": later.strftime("%Y-%m-%dT%H:%M"), "source": "liaison", "information": "x"},
    )
    assert answer.status_code == 400
    assert "Give a time that has passed." in answer.content.decode()
    assert Change.objects.filter(obj=world.event.obj).count() == before


def test_the_map_page_is_offline_and_carries_the_venues(
    world: World, verified_client: Callable[..., Client]
) -> None:
    _fixture(world)
    page = verified_client(world.pt_liaison).get(f"/events/{world.event.uid}/map/")
    html = page.content.decode()
    assert "situation/vendor/leaflet.js" in html
    assert "situation/vendor/countries-10m.json" in html
    start = html.index('id="events-map-data"')
    data = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    (venue,) = data["venues"]
    assert (venue["lat"], venue["lon"], venue["risk"], venue["matches"]) == (
        33.61,
        -7.22,
        "high",
        1,
    )


def test_a_linked_alert_is_resolved_for_each_reader_without_leaking(
    world: World, verified_client: Callable[..., Client], make_user: Callable[..., Any]
) -> None:
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
    alert = alerts.release(supervisor, alerts.submit(world.ma_officer, draft))
    actions.link_alert(world.ma_officer, world.event, alert=alert.obj.uid, note="Opening match")
    seen = verified_client(world.es_officer).get(f"/events/{world.event.uid}/").content.decode()
    assert "Drone threat over the opening match" in seen
    hidden = verified_client(world.pt_liaison).get(f"/events/{world.event.uid}/").content.decode()
    assert "Drone threat" not in hidden
    assert "Opening match" not in hidden
    assert "not visible to you" in hidden
    # Linking an alert one cannot see: the same refusal as for one that does not exist.
    from strait.events.threats import AlertNotFound

    with pytest.raises(AlertNotFound):
        actions.link_alert(world.pt_liaison, world.event, alert=alert.obj.uid)


def test_a_match_page_takes_an_agencys_assessment(
    world: World, verified_client: Callable[..., Client]
) -> None:
    fx = _fixture(world)
    client = verified_client(world.es_officer)
    answer = client.post(
        f"/events/matches/{fx.uid}/",
        {"assess": "1", "risk": "very_high", "text": "Known ultras booked the same ferry."},
    )
    assert answer.status_code == 302
    page = client.get(f"/events/matches/{fx.uid}/").content.decode()
    assert "Known ultras booked the same ferry." in page


def test_the_knowledge_base_page_filters_by_topic(
    world: World, verified_client: Callable[..., Client]
) -> None:
    actions.add_entry(
        world.ma_analyst,
        world.base,
        kind="checklist",
        topics=["drones"],
        titles=names("Drone checklist"),
        texts=names("1. Detection; 2. Jamming authority."),
    )
    client = verified_client(world.pt_liaison)
    assert "Drone checklist" in client.get("/events/knowledge/?topic=drones").content.decode()
    assert (
        "Drone checklist"
        not in client.get("/events/knowledge/?topic=hooligan_travel").content.decode()
    )


def test_the_pages_in_arabic_run_right_to_left(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.ma_officer)
    client.cookies["django_language"] = "ar"
    page = client.get(f"/events/{world.event.uid}/", HTTP_ACCEPT_LANGUAGE="ar")
    assert 'dir="rtl"' in page.content.decode()
    assert "ar Grand Stade Hassan II" in page.content.decode()


def test_a_venue_outside_its_country_is_refused_on_the_form_nothing_written(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.es_officer)
    url = f"/events/{world.event.uid}/venues/new/"
    values = {
        "code": "luz-as-spanish",
        "kind": "stadium",
        "city": "Lisboa",
        "country": "ES",
        "lat": "38.7527",
        "lon": "-9.1847",
        "name_en": "Estádio da Luz",
    }
    refused = client.post(url, values)
    assert refused.status_code == 400
    assert "is not inside Spain" in refused.content.decode()
    assert not Venue.objects.filter(code="luz-as-spanish").exists()
    done = client.post(url, values | {"code": "bernabeu", "lat": "40.4531", "lon": "-3.6883"})
    assert done.status_code == 302
    assert Venue.objects.get(code="bernabeu").agency == "dev-pn"
