"""The pages that write an event: open one (its name in four languages, days, hosts, agencies
taking part), add a match, seat a liaison officer, add a knowledge-base entry, write the
after-action report. Each goes through its action; bad input is a 400 with every problem on the
form (the error summary), nothing written; each link is offered only to whom the action would
allow (the same permission and the same right on the event)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from strait.accounts.models import User
from strait.events import actions, queries
from strait.events.models import AfterAction, Entry, Event, Fixture, Liaison
from strait.permissions import Role
from strait.sharing.models import Change, SharedObject
from tests.events.conftest import World, names

pytestmark = pytest.mark.django_db


def _summary(html: str) -> str:
    """The error summary's text (the form's problems, listed at its top)."""
    start = html.index('class="error-summary"')
    return html[start : html.index("</div>", start)]


def test_an_analyst_opens_an_event_led_by_their_agency(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.ma_analyst)
    assert 'href="/events/new/"' in client.get("/events/").content.decode()
    answer = client.post(
        "/events/new/",
        {
            "code": "afcon2025",
            "name_ar": "كأس أمم إفريقيا 2025",
            "name_fr": "CAN 2025",
            "name_en": "AFCON 2025",
            "starts": "2025-12-21",
            "ends": "2026-01-18",
            "hosts": ["MA"],
            "participants": [world.es.code],
        },
    )
    assert answer.status_code == 302
    made = Event.objects.get(code="afcon2025")
    assert answer.url == f"/events/{made.uid}/"
    assert made.hosts == ["MA"]
    assert made.names["ar"] == "كأس أمم إفريقيا 2025"
    assert made.obj.home_agency == world.ma
    assert [c for _node, codes in queries.nodes(made) for c in codes] == sorted(
        [world.ma.code, world.es.code]
    )
    # The Spanish agency taking part sees it; the Portuguese one, not chosen, does not.
    assert verified_client(world.es_officer).get(f"/events/{made.uid}/").status_code == 200
    assert verified_client(world.pt_liaison).get(f"/events/{made.uid}/").status_code == 404


def test_a_bad_event_is_refused_with_every_problem_on_the_form_nothing_written(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.ma_analyst)
    before = SharedObject.objects.count()
    answer = client.post(
        "/events/new/",
        {"code": "wc2030", "starts": "2030-07-21", "ends": "2030-06-13", "hosts": []},
    )
    assert answer.status_code == 400
    summary = _summary(answer.content.decode())
    assert "Host countries" in summary
    assert "The last day comes before the first." in summary
    # The form passes; the op's body refuses (no name in any language), on the name's field.
    answer = client.post(
        "/events/new/",
        {"code": "euro2030", "starts": "2030-06-13", "ends": "2030-07-21", "hosts": ["ES"]},
    )
    assert answer.status_code == 400
    assert 'href="#id_name_ar"' in _summary(answer.content.decode())
    assert "Write the text in at least one language." in answer.content.decode()
    # A code already taken (the World Cup's), on the code's field.
    answer = client.post(
        "/events/new/",
        {
            "code": "wc2030",
            "name_en": "Again",
            "starts": "2030-06-13",
            "ends": "2030-07-21",
            "hosts": ["MA"],
        },
    )
    assert answer.status_code == 400
    assert 'href="#id_code"' in _summary(answer.content.decode())
    # Capitals and spaces are not a code.
    answer = client.post(
        "/events/new/",
        {
            "code": "WC 2034",
            "name_en": "Later",
            "starts": "2034-06-13",
            "ends": "2034-07-21",
            "hosts": ["MA"],
        },
    )
    assert answer.status_code == 400
    assert 'href="#id_code"' in _summary(answer.content.decode())
    assert SharedObject.objects.count() == before


def test_only_a_manager_is_offered_a_new_event_and_may_open_one(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.es_officer)
    assert 'href="/events/new/"' not in client.get("/events/").content.decode()
    refused = client.post(
        "/events/new/",
        {
            "code": "x2030",
            "name_en": "X",
            "starts": "2030-06-13",
            "ends": "2030-06-14",
            "hosts": ["ES"],
        },
    )
    assert refused.status_code == 403
    assert not Event.objects.filter(code="x2030").exists()


def test_a_match_is_added_at_a_venue_of_the_event_during_it(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.ma_officer)
    url = f"/events/{world.event.uid}/matches/new/"
    assert url in client.get(f"/events/{world.event.uid}/").content.decode()
    values = {
        "home_team": "Morocco",
        "away_team": "Portugal",
        "venue": "grand-stade-casablanca",
        "kick_off": "2030-06-14T21:00",
        "risk": "high",
        "reason": "Rivalry since 2022",
    }
    before = Change.objects.filter(obj=world.event.obj).count()
    late = client.post(url, values | {"kick_off": "2030-08-30T21:00"})
    assert late.status_code == 400
    assert 'href="#id_kick_off"' in _summary(late.content.decode())
    empty = client.post(url, {"venue": "grand-stade-casablanca"})
    assert empty.status_code == 400
    summary = _summary(empty.content.decode())
    for field in ("home_team", "away_team", "kick_off", "risk"):
        assert f'href="#id_{field}"' in summary, field
    assert Change.objects.filter(obj=world.event.obj).count() == before
    done = client.post(url, values)
    assert done.status_code == 302
    match = Fixture.objects.get(event=world.event)
    assert (match.home_team, match.risk, match.reason) == ("Morocco", "high", "Rivalry since 2022")


def test_a_reader_who_may_not_write_is_offered_no_match_nor_seat(
    world: World, verified_client: Callable[..., Client], make_user: Callable[..., object]
) -> None:
    secretary = make_user(agency=world.ma, role=Role.SECRETARIAT)
    client = verified_client(secretary)
    page = client.get(f"/events/{world.event.uid}/").content.decode()
    assert "/matches/new/" not in page
    assert "/liaisons/new/" not in page
    assert client.get(f"/events/{world.event.uid}/matches/new/").status_code == 403
    assert client.get(f"/events/{world.event.uid}/liaisons/new/").status_code == 403


def test_a_liaison_officer_is_seated_for_their_own_agency(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.pt_liaison)
    url = f"/events/{world.event.uid}/liaisons/new/"
    form = client.get(url).content.decode()
    assert 'value="2030-06-13"' in form  # the event's days, offered
    backwards = client.post(
        url, {"name": "Inspetora Ana Lopes", "starts": "2030-07-01", "ends": "2030-06-20"}
    )
    assert backwards.status_code == 400
    assert 'href="#id_ends"' in _summary(backwards.content.decode())
    assert not Liaison.objects.exists()
    done = client.post(
        url,
        {
            "name": "Inspetora Ana Lopes",
            "seat": "Portuguese desk",
            "starts": "2030-06-10",
            "ends": "2030-07-21",
        },
    )
    assert done.status_code == 302
    seat = Liaison.objects.get()
    assert (seat.agency, seat.name, seat.seat) == (
        world.pt.code,
        "Inspetora Ana Lopes",
        "Portuguese desk",
    )
    assert (
        "Inspetora Ana Lopes"
        in verified_client(world.es_officer).get(f"/events/{world.event.uid}/").content.decode()
    )


def test_a_knowledge_base_entry_without_a_title_is_refused_on_the_title(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.es_officer)
    assert "/events/knowledge/new/" in client.get("/events/knowledge/").content.decode()
    values = {
        "kind": "lesson",
        "topics": ["drones"],
        "text_es": "Zona de exclusión aérea de 5 km.",
        "event": str(world.event.uid),
    }
    refused = client.post("/events/knowledge/new/", values)
    assert refused.status_code == 400
    assert 'href="#id_title_ar"' in _summary(refused.content.decode())
    assert not Entry.objects.exists()
    done = client.post("/events/knowledge/new/", values | {"title_es": "Drones: exclusión"})
    assert done.status_code == 302
    entry = Entry.objects.get()
    assert (entry.agency, entry.event) == (world.es.code, world.event.uid)


def test_the_after_action_report_is_offered_to_the_lead_only(
    world: World, verified_client: Callable[..., Client], make_user: Callable[..., object]
) -> None:
    url = f"/events/{world.event.uid}/after-action/"
    # An analyst of a participating agency holds the permission but not the lead's right.
    es_analyst = make_user(agency=world.es, role=Role.ANALYST)
    es = verified_client(es_analyst)
    assert url not in es.get(f"/events/{world.event.uid}/").content.decode()
    refused = es.post(url, {"summary_es": "Sin incidentes graves."})
    assert refused.status_code == 400
    assert not AfterAction.objects.exists()

    lead = verified_client(world.ma_analyst)
    assert url in lead.get(f"/events/{world.event.uid}/").content.decode()
    empty = lead.post(url, {"arrests": "-3"})
    assert empty.status_code == 400
    summary = _summary(empty.content.decode())
    assert 'href="#id_summary_ar"' in summary
    assert 'href="#id_arrests"' in summary
    assert not AfterAction.objects.exists()
    done = lead.post(url, {"summary_fr": "Aucun incident grave.", "arrests": "12"})
    assert done.status_code == 302
    report = AfterAction.objects.get(event=world.event)
    assert (report.summary["fr"], report.figures["arrests"]) == ("Aucun incident grave.", 12)
    assert url not in lead.get(f"/events/{world.event.uid}/").content.decode()


def test_an_observer_agency_reads_but_is_offered_no_form(
    world: World, verified_client: Callable[..., Client]
) -> None:
    """The agency's role in the event decides too: an observer's officer holds EVENTS_WRITE but
    not the event's edit right, so neither the event nor a match offers a form."""
    watched = actions.open_event(
        world.ma_analyst,
        code="afcon2025",
        names=names("AFCON 2025"),
        hosts=["MA"],
        starts=dt.date(2025, 12, 21),
        ends=dt.date(2026, 1, 18),
        participants=[(world.es, "observer")],
    )
    actions.add_venue(
        world.ma_analyst,
        watched,
        code="moulay-abdellah",
        names=names("Prince Moulay Abdellah"),
        kind="stadium",
        city="Rabat",
        country="MA",
        lat="33.9597",
        lon="-6.8890",
    )
    actions.add_fixture(
        world.ma_analyst,
        watched,
        home_team="Morocco",
        away_team="Comoros",
        venue="moulay-abdellah",
        kick_off=dt.datetime(2025, 12, 21, 20, tzinfo=dt.UTC),
        risk="medium",
    )
    (match,) = queries.fixtures(watched)
    client = verified_client(world.es_officer)
    page = client.get(f"/events/{watched.uid}/").content.decode()
    assert "Prince Moulay Abdellah" in page
    assert "/matches/new/" not in page
    assert "/liaisons/new/" not in page
    match_page = client.get(f"/events/matches/{match.uid}/").content.decode()
    assert 'name="assess"' not in match_page
    assert (
        'name="assess"'
        in verified_client(world.ma_officer).get(f"/events/matches/{match.uid}/").content.decode()
    )


def test_a_manager_opens_the_knowledge_base_once(
    world: World, verified_client: Callable[..., Client], make_user: Callable[..., User]
) -> None:
    lead = verified_client(world.ma_analyst)
    before = SharedObject.objects.count()
    again = lead.post("/events/knowledge/open/", {"title": "A second one"})
    assert again.status_code == 400
    assert "already open" in _summary(again.content.decode())
    assert SharedObject.objects.count() == before
    assert verified_client(world.es_officer).get("/events/knowledge/open/").status_code == 403
    # An agency that no knowledge base is shared with is offered one (and sees none before).
    analyst = make_user(agency=world.outsider, role=Role.ANALYST)
    other = verified_client(analyst)
    assert "/events/knowledge/open/" in other.get("/events/knowledge/").content.decode()
    made = other.post("/events/knowledge/open/", {"title": "Lessons"})
    assert made.status_code == 302
    found = queries.knowledge_base(analyst)
    assert found is not None
    assert found.title == "Lessons"
