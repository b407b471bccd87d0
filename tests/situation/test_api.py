"""The situation API: the picture and its parts to those who take part (another agency: 404),
reports and levels through the actions (201 at the home; bad input 400 naming the field,
nothing written; another agency's segment 403)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from strait.sharing.models import Change
from strait.situation.models import Crossing, Segment
from tests.api_client import Api
from tests.situation.conftest import World, surge_alert

pytestmark = pytest.mark.django_db


def _report(**over: object) -> dict[str, object]:
    return {
        "at": (timezone.now() - dt.timedelta(minutes=10)).isoformat(),
        "lat": 35.8712,
        "lon": -5.3441,
        "people": 9,
        "boat": "jet_ski",
        "outcome": "landed",
        "segment": "ceuta-perimeter",
    } | over


def test_the_picture_and_a_crossing_are_read_by_those_taking_part(world: World) -> None:
    api = Api(world.es_officer)
    made = api.post("/situation/crossings", _report())
    assert made.status_code == 201, made.json()
    assert made.json()["status"] == "applied"
    picture = api.get("/situation/").json()
    assert picture["lead"] == "dev-dgsn"
    assert {s["code"] for s in picture["segments"]} == {"tanger-fnideq", "ceuta-perimeter"}
    assert picture["box"] == [34.5, -7.5, 37.5, -1.5]
    listed = api.get("/situation/crossings", window="6h").json()
    assert [c["people"] for c in listed] == [9]
    uid = listed[0]["uid"]
    assert api.get(f"/situation/crossings/{uid}").json()["agency"] == "dev-gc"
    assert api.get("/situation/segments/ceuta-perimeter").json()["reports"] == 1
    assert api.get("/situation/map", window="7d").json()["crossings"][0][2] == 9


def test_another_agency_finds_nothing(world: World) -> None:
    Api(world.es_officer).post("/situation/crossings", _report())
    uid = Crossing.objects.get().uid
    api = Api(world.outsider_officer)
    for path in (
        "/situation/",
        "/situation/map",
        "/situation/segments/ceuta-perimeter",
        f"/situation/crossings/{uid}",
        f"/situation/crossings/{uuid.uuid4()}",
    ):
        assert api.get(path).status_code == 404, path
    assert api.post("/situation/crossings", _report()).status_code == 404
    assert Crossing.objects.count() == 1


@pytest.mark.parametrize(
    ("over", "field"),
    [({"lat": 12.0}, "lat"), ({"lon": 3.2}, "lon"), ({"people": -1}, "people")],
)
def test_bad_input_is_a_400_naming_the_field(
    world: World, over: dict[str, object], field: str
) -> None:
    before = Change.objects.count()
    answer = Api(world.es_officer).post("/situation/crossings", _report(**over))
    assert answer.status_code == 400
    assert any(p.startswith(f"{field}: ") for p in answer.json()["problems"])
    assert Change.objects.count() == before
    assert not Crossing.objects.exists()


def test_only_the_owner_sets_the_level(world: World) -> None:
    refused = Api(world.ma_officer).post(
        "/situation/segments/ceuta-perimeter/level", {"level": "high"}
    )
    assert refused.status_code == 403
    assert refused.json()["error"] == "not_owner"
    assert Segment.objects.get(code="ceuta-perimeter").level == ""
    done = Api(world.es_officer).post(
        "/situation/segments/ceuta-perimeter/level", {"level": "medium"}
    )
    assert done.status_code == 201
    assert Segment.objects.get(code="ceuta-perimeter").level == "medium"


def test_a_segment_is_added_by_its_agency(world: World) -> None:
    added = Api(world.es_officer).post(
        "/situation/segments",
        {
            "code": "almeria-coast",
            "names": {
                "ar": "ساحل ألمرية",
                "es": "Costa de Almería",
                "fr": "Côte d'Almería",
                "en": "Almería coast",
            },
            "shape": "line",
            "points": [{"lat": 36.74, "lon": -3.02}, {"lat": 36.83, "lon": -2.46}],
        },
    )
    assert added.status_code == 201, added.json()
    assert Segment.objects.get(code="almeria-coast").owner_agency == "dev-gc"


def test_the_rapid_reaction_log(world: World) -> None:
    alert = surge_alert(world)
    log = Api(world.es_officer).get(f"/situation/surges/{alert.obj.uid}/log")
    assert log.status_code == 200
    assert log.json()["steps"][0]["kind"] == "released"
    assert log.json()["minutes_to_acknowledgement"] is None
    assert (
        Api(world.outsider_officer).get(f"/situation/surges/{alert.obj.uid}/log").status_code == 404
    )
