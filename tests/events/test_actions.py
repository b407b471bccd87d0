"""An event's ops through its actions: venues inside the host countries only, matches at a
venue of the event during it, the cooperation centre's log written by each agency for itself
and read by every participant, linked alerts that never leak, the knowledge base reused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from strait.events import actions, queries
from strait.events.actions import InvalidInput
from strait.events.models import LogEntry, Venue
from strait.events.validation import (
    OutsideEvent,
    OutsideHosts,
    ReportExists,
    UnknownVenue,
    VenueExists,
)
from strait.permissions import Role
from strait.refusals import NotPermitted
from strait.sharing.models import Change
from strait.sharing.refusals import NotParticipant, RightMissing
from tests.events.conftest import World, names

pytestmark = pytest.mark.django_db

KICK_OFF = dt.datetime(2030, 6, 13, 20, 0, tzinfo=dt.UTC)


def _changes(world: World) -> int:
    return Change.objects.filter(obj=world.event.obj).count()


def _venue(world: World, user: object = None, **over: object) -> object:
    values: dict[str, object] = {
        "code": "estadio-da-luz",
        "names": names("Estádio da Luz"),
        "kind": "stadium",
        "city": "Lisboa",
        "country": "PT",
        "lat": 38.7527,
        "lon": -9.1847,
        "capacity": 64642,
    }
    values.update(over)
    return actions.add_venue(user or world.pt_liaison, world.event, **values)  # type: ignore[arg-type]


def test_a_venue_is_added_with_its_place_and_four_names(world: World) -> None:
    _venue(world)
    venue = Venue.objects.get(code="estadio-da-luz")
    assert (venue.lat, venue.lon, venue.country, venue.agency) == (
        38.7527,
        -9.1847,
        "PT",
        "dev-psp",
    )
    assert venue.names["ar"] == "ar Estádio da Luz"


@pytest.mark.parametrize(
    ("country", "lat", "lon"),
    [
        ("PT", 40.4168, -3.7038),  # Madrid is not in Portugal
        ("ES", 48.8566, 2.3522),  # Paris
        ("MA", 36.7538, 3.0588),  # Algiers
        ("ES", 36.5, -12.0),  # at sea, west of Cádiz
        ("ES", 38.7527, -9.1847),  # Lisbon given as Spanish
        ("PT", 38.88, -6.97),  # Badajoz, a few km over the border, given as Portuguese
        ("MA", 35.889, -5.32),  # Ceuta given as Moroccan
    ],
)
def test_a_venue_outside_its_country_is_refused_nothing_written(
    world: World, country: str, lat: float, lon: float
) -> None:
    before = _changes(world)
    with pytest.raises(InvalidInput) as refused:
        _venue(world, country=country, lat=lat, lon=lon)
    assert "not inside" in refused.value.message + str(refused.value.problems)
    assert _changes(world) == before
    assert not Venue.objects.filter(code="estadio-da-luz").exists()


def test_islands_cities_and_waterfronts_of_the_hosts_are_inside(world: World) -> None:
    _venue(world, code="madeira", city="Funchal", lat=32.6669, lon=-16.9241)
    _venue(world, code="gran-canaria", city="Las Palmas", country="ES", lat=28.1, lon=-15.45)
    _venue(world, code="ceuta", city="Ceuta", country="ES", lat=35.889, lon=-5.32)
    # On the Tagus waterfront: the 1:10m coastline is a few hundred metres coarse.
    _venue(world, code="terreiro-do-paco", city="Lisboa", lat=38.7076, lon=-9.1365)
    codes_ = ["madeira", "gran-canaria", "ceuta", "terreiro-do-paco"]
    assert Venue.objects.filter(code__in=codes_).count() == 4


def test_a_venue_in_a_country_that_does_not_host_is_refused(world: World) -> None:
    afcon = actions.open_event(
        world.ma_analyst,
        code="afcon2025",
        names=names("AFCON 2025"),
        hosts=["MA"],
        starts=dt.date(2025, 12, 21),
        ends=dt.date(2026, 1, 18),
    )
    with pytest.raises(OutsideHosts):
        actions.add_venue(
            world.ma_analyst,
            afcon,
            code="luz",
            names=names("Luz"),
            kind="stadium",
            city="Lisboa",
            country="PT",
            lat=38.7527,
            lon=-9.1847,
        )
    assert not Venue.objects.filter(event=afcon).exists()


def test_a_venue_code_is_taken_once(world: World) -> None:
    with pytest.raises(VenueExists):
        _venue(
            world,
            user=world.ma_analyst,
            code="grand-stade-casablanca",
            country="MA",
            lat=33.61,
            lon=-7.22,
        )


def test_a_match_needs_a_venue_of_the_event_and_a_day_of_it(world: World) -> None:
    args = {"home_team": "Morocco", "away_team": "Portugal", "risk": "high"}
    with pytest.raises(UnknownVenue):
        actions.add_fixture(
            world.ma_analyst, world.event, venue="nowhere", kick_off=KICK_OFF, **args
        )
    with pytest.raises(OutsideEvent):
        actions.add_fixture(
            world.ma_analyst,
            world.event,
            venue="grand-stade-casablanca",
            kick_off=KICK_OFF + dt.timedelta(days=60),
            **args,
        )
    actions.add_fixture(
        world.ma_analyst, world.event, venue="grand-stade-casablanca", kick_off=KICK_OFF, **args
    )
    (fx,) = queries.fixtures(world.event)
    assert (fx.risk, fx.venue) == ("high", "grand-stade-casablanca")
    actions.set_risk(world.ma_analyst, fx, risk="very_high", reason="Ultras travelling")
    fx.refresh_from_db()
    assert (fx.risk, fx.reason) == ("very_high", "Ultras travelling")
    with pytest.raises(NotPermitted):  # an officer assesses; the centre's level is an analyst's
        actions.set_risk(world.ma_officer, fx, risk="low")
    actions.assess(world.es_officer, fx, risk="high", text="300 risk supporters expected")
    assert [(a.agency, a.risk) for a in queries.assessments(fx)] == [("dev-pn", "high")]


def test_the_log_is_written_by_each_agency_and_read_by_every_participant(world: World) -> None:
    actions.log_information(
        world.pt_liaison,
        world.event,
        at=timezone.now() - dt.timedelta(minutes=10),
        source="liaison",
        information="Two coaches of risk supporters left Porto for Madrid.",
        assessment="Likely to reach Madrid by 18:00.",
        passed_to=["dev-pn", "dev-dgsn"],
    )
    (entry,) = LogEntry.objects.all()
    assert (entry.agency, entry.passed_to) == ("dev-psp", ["dev-dgsn", "dev-pn"])
    for reader in (world.ma_officer, world.es_officer, world.pt_liaison):
        assert [e.uid for e in queries.log(queries.event(reader, world.event.uid))] == [entry.uid]


def test_a_log_entry_without_information_is_refused(world: World) -> None:
    before = _changes(world)
    with pytest.raises(InvalidInput) as refused:
        actions.log_information(
            world.pt_liaison, world.event, at=KICK_OFF, source="liaison", information="  "
        )
    assert refused.value.problems[0][0] == "information"
    assert _changes(world) == before


def test_an_agency_that_takes_no_part_finds_no_event(world: World) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        queries.event(world.outsider_officer, world.event.uid)
    assert list(queries.events(world.outsider_officer)) == []
    with pytest.raises(NotParticipant):
        actions.log_information(
            world.outsider_officer, world.event, at=KICK_OFF, source="other", information="x"
        )


def test_the_after_action_report_is_the_leads_once(world: World, make_user: Any) -> None:
    es_analyst = make_user(agency=world.es, role=Role.ANALYST)
    with pytest.raises(RightMissing):  # a participant's analyst is not the lead
        actions.write_after_action(es_analyst, world.event, summary={"en": "x"})
    actions.write_after_action(
        world.ma_analyst, world.event, summary=names("Calm"), spectators=1000, arrests=3
    )
    report = queries.after_action(world.event)
    assert report is not None
    assert report.figures == {"spectators": 1000, "arrests": 3}
    with pytest.raises(ReportExists):
        actions.write_after_action(world.ma_analyst, world.event, summary=names("Again"))


def test_knowledge_is_added_and_reused_by_an_event(world: World) -> None:
    actions.add_entry(
        world.es_officer,
        world.base,
        kind="lesson",
        topics=["drones", "crowd_safety"],
        titles=names("Drone detection at fan zones"),
        texts=names("Bring detection kits a week early."),
    )
    (entry,) = queries.entries(world.pt_liaison, topic="drones")
    assert queries.entries(world.pt_liaison, topic="hooligan_travel") == []
    actions.link_knowledge(world.pt_liaison, world.event, entry=entry.uid)
    assert queries.linked_entries(world.ma_officer, world.event) == [entry]
    assert queries.entries(world.outsider_officer) == []
