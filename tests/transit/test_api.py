"""The transit API: the operations a caller's agency takes part in, a year's dashboard and rows
by the operation's uid, daily figures entered for the caller's ports (201 at the home; a bad
row refused whole, 400 or 403 naming it); another agency finds nothing."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine

from strait.transit.models import DailyFigure
from tests.api_client import Api
from tests.transit.conftest import World, row

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2025, 7, 2, 12, tzinfo=dt.UTC), tick=False)
def test_a_side_enters_its_figures_and_reads_the_dashboard(world: World) -> None:
    api = Api(world.es_officer)
    (listed,) = api.get("/transit/").json()
    assert listed["year"] == 2025
    assert listed["lead"] == "dev-dgsn"
    uid = listed["uid"]
    made = api.post(f"/transit/{uid}/figures", {"rows": [row(port="algeciras")]})
    assert made.status_code == 201, made.json()
    assert made.json()["status"] == "applied"
    board = api.get(f"/transit/{uid}").json()
    assert board["day"] == "2025-07-02"
    assert board["season"]["passengers"] == 25_000
    assert board["departure_phase"]["passengers"] == 25_000
    assert [e["year"] for e in board["earlier"]] == [2024, 2023]  # the public totals
    assert board["earlier"][1]["passengers"] == 3_220_000
    (figure,) = api.get(f"/transit/{uid}/figures").json()
    assert figure["agency"] == "dev-gc"
    assert figure["port"] == "algeciras"


def test_a_bad_row_is_refused_whole_and_named(world: World) -> None:
    api = Api(world.ma_officer)
    uid = world.operation.obj.uid
    refused = api.post(f"/transit/{uid}/figures", {"rows": [row(), row(port="nador", vehicles=-2)]})
    assert refused.status_code == 400
    (problem,) = refused.json()["problems"]
    assert problem.startswith("vehicles: Row 2:")
    other_side = api.post(f"/transit/{uid}/figures", {"rows": [row(port="ceuta")]})
    assert other_side.status_code == 400
    assert not DailyFigure.objects.exists()


def test_another_agency_finds_nothing(world: World) -> None:
    api = Api(world.outsider_officer)
    uid = world.operation.obj.uid
    assert api.get("/transit/").json() == []
    for path in (f"/transit/{uid}", f"/transit/{uid}/figures", f"/transit/{uuid.uuid4()}"):
        assert api.get(path).status_code == 404, path
    assert api.post(f"/transit/{uid}/figures", {"rows": [row()]}).status_code == 404
