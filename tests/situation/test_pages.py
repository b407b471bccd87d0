"""The situation pages: the map with its data for the slider's window, the report and level
forms (bad input: a clear error on the field, 400, nothing written), the rapid-reaction log of a
surge, and what another agency sees (no picture; a JSON 404)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from strait.alerts import actions as alerts
from strait.sharing.models import Change
from strait.situation import actions
from strait.situation.models import Crossing, Segment
from tests.situation.conftest import World, surge_alert

pytestmark = pytest.mark.django_db


def _data(page: object) -> dict[str, object]:
    html = page.content.decode()  # type: ignore[attr-defined]
    start = html.index('id="situation-data"')
    body = html[html.index(">", start) + 1 : html.index("</script>", start)]
    return json.loads(body)  # type: ignore[no-any-return]


def _crossing(world: World, hours: float, people: int = 4) -> None:
    actions.report_crossing(
        world.ma_officer,
        world.picture,
        at=timezone.now() - dt.timedelta(hours=hours),
        lat=35.87,
        lon=-5.55,
        people=people,
        boat="inflatable",
        outcome="turned_back",
        segment="tanger-fnideq",
    )


def test_the_map_page_carries_the_windows_data_and_the_offline_map(
    world: World, verified_client: Callable[..., Client]
) -> None:
    _crossing(world, 2)
    _crossing(world, 30)
    client = verified_client(world.es_officer)
    page = client.get("/situation/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "situation/vendor/leaflet.js" in html
    assert "situation/vendor/countries-10m.json" in html
    assert "operations/vendor/chart.umd.min.js" in html
    assert "http://" not in html.split("<main", 1)[-1].replace("http://www.w3.org", "")
    data = _data(page)
    assert data["window"] == "24h"
    assert len(data["crossings"]) == 1  # type: ignore[arg-type]
    week = _data(client.get("/situation/?window=7d"))
    assert len(week["crossings"]) == 2  # type: ignore[arg-type]
    json_week = client.get("/situation/map.json?window=6h").json()
    assert len(json_week["crossings"]) == 1
    assert {s["code"] for s in json_week["segments"]} == {"tanger-fnideq", "ceuta-perimeter"}


def test_another_agency_has_no_picture(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.outsider_officer)
    page = client.get("/situation/")
    assert page.status_code == 200
    assert "No situation picture is shared with your agency yet." in page.content.decode()
    assert client.get("/situation/map.json").json()["segments"] == []


def test_report_form_writes_a_crossing(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.es_officer)
    assert client.get("/situation/report/").status_code == 200
    when = timezone.localtime() - dt.timedelta(minutes=30)
    posted = client.post(
        "/situation/report/",
        {
            "at": when.strftime("%Y-%m-%dT%H:%M"),
            "lat": "35.8712",
            "lon": "-5.3441",
            "people": "12",
            "boat": "none",
            "outcome": "intercepted",
            "segment": "ceuta-perimeter",
            "place": "Tarajal",
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:2000]
    row = Crossing.objects.get()
    assert (row.agency, row.people, row.place) == ("dev-gc", 12, "Tarajal")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("lat", "48.85", "Outside the map&#x27;s area"),
        ("lon", "2.35", "Outside the map&#x27;s area"),
        ("people", "-4", "greater than or equal to 0"),
    ],
)
def test_report_form_refuses_bad_input_and_writes_nothing(
    world: World, verified_client: Callable[..., Client], field: str, value: str, message: str
) -> None:
    before = Change.objects.count()
    values = {
        "at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "lat": "35.87",
        "lon": "-5.34",
        "people": "3",
        "boat": "kayak",
        "outcome": "rescued",
        "segment": "",
    } | {field: value}
    page = verified_client(world.es_officer).post("/situation/report/", values)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert Change.objects.count() == before
    assert not Crossing.objects.exists()


def test_the_level_form_offers_only_own_segments_and_refuses_anothers(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.es_officer)
    page = client.get("/situation/level/").content.decode()
    assert 'value="ceuta-perimeter"' in page
    assert 'value="tanger-fnideq"' not in page
    refused = client.post("/situation/level/", {"segment": "tanger-fnideq", "level": "high"})
    assert refused.status_code == 400
    assert Segment.objects.get(code="tanger-fnideq").level == ""
    done = client.post(
        "/situation/level/", {"segment": "ceuta-perimeter", "level": "high", "measures": "x"}
    )
    assert done.status_code == 302
    assert Segment.objects.get(code="ceuta-perimeter").level == "high"
    html = client.get("/situation/").content.decode()
    assert "level-high" in html
    assert "Every available unit" in html


def test_the_arabic_map_page_is_right_to_left(
    world: World, verified_client: Callable[..., Client]
) -> None:
    client = verified_client(world.ma_officer)
    client.cookies["django_language"] = "ar"
    html = client.get("/situation/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in html
    assert 'id="situation-map" class="situation-map" dir="ltr"' in html


def test_a_surge_shows_on_the_map_and_its_rapid_reaction_log_counts_the_minutes(
    world: World, verified_client: Callable[..., Client]
) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        alert = surge_alert(world)
        clock.shift(dt.timedelta(minutes=4))
        alerts.acknowledge(world.es_officer, alert, "received")
        clock.shift(dt.timedelta(minutes=3))
        alerts.add_measure(world.es_officer, alert, "Two patrol boats off Tarajal")
        clock.shift(dt.timedelta(minutes=2))
        alerts.add_measure(world.ma_officer, alert, "Beach of Fnideq closed")
    client = verified_client(world.es_officer)
    data = _data(client.get("/situation/"))
    (on_map,) = data["alerts"]  # type: ignore[misc]
    assert on_map["type"] == "migration_surge"
    assert on_map["areas"] == ["tanger-fnideq"]
    assert (on_map["lat"], on_map["lon"]) == (35.85, -5.35)
    page = client.get(f"/situation/surges/{alert.obj.uid}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "First report to partner acknowledgement: 4 minutes (dev-gc)" in html
    assert "First report to the first measure of dev-gc: 7 minutes" in html
    assert "First report to the first measure of dev-dgsn: 9 minutes" in html
    assert "Two patrol boats off Tarajal" in html
    outsider = verified_client(world.outsider_officer)
    assert outsider.get(f"/situation/surges/{alert.obj.uid}/").status_code == 404
