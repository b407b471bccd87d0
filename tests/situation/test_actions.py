"""The picture's ops through its actions: each agency adds its segments and reports its side,
only the owner sets a segment's level, and bad input is refused with its field named, nothing
written (no change, no row)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from strait.sharing.models import Change
from strait.sharing.refusals import NotParticipant, RightMissing
from strait.situation import actions, queries
from strait.situation.actions import InvalidInput, PictureExists
from strait.situation.models import Crossing, Segment
from strait.situation.validation import InFuture, NotOwner, SegmentExists, UnknownSegment
from tests.situation.conftest import FNIDEQ, World, names

pytestmark = pytest.mark.django_db


def _changes(world: World) -> int:
    return Change.objects.filter(obj=world.picture.obj).count()


def _report(world: World, **over: object) -> object:
    values: dict[str, object] = {
        "at": timezone.now() - dt.timedelta(minutes=20),
        "lat": 35.8712,
        "lon": -5.3441,
        "people": 14,
        "boat": "inflatable",
        "outcome": "intercepted",
        "segment": "ceuta-perimeter",
    }
    values.update(over)
    return actions.report_crossing(world.es_officer, world.picture, **values)  # type: ignore[arg-type]


def test_segments_are_added_by_their_owner_agency_with_four_names(world: World) -> None:
    rows = {s.code: s for s in Segment.objects.all()}
    assert set(rows) == {"tanger-fnideq", "ceuta-perimeter"}
    assert rows["tanger-fnideq"].owner_agency == "dev-dgsn"
    assert rows["ceuta-perimeter"].owner_agency == "dev-gc"
    assert rows["ceuta-perimeter"].shape == "polygon"
    assert rows["tanger-fnideq"].name_ar == "ar Tangier - Fnideq"
    assert rows["tanger-fnideq"].points[0] == [35.788, -5.812]
    assert rows["tanger-fnideq"].level == ""


def test_there_is_one_picture(world: World) -> None:
    with pytest.raises(PictureExists):
        actions.open_picture(world.ma_supervisor, title="Another")
    assert queries.picture(world.es_officer) == world.picture
    assert queries.picture(world.observer_officer) == world.picture
    assert queries.picture(world.outsider_officer) is None


def test_a_segment_code_is_taken_once(world: World) -> None:
    before = _changes(world)
    with pytest.raises(SegmentExists):
        actions.add_segment(
            world.es_officer,
            world.picture,
            code="tanger-fnideq",
            names=names("Again"),
            shape="line",
            points=FNIDEQ,
        )
    assert _changes(world) == before


def test_the_owner_sets_the_level_and_the_response_follows(world: World) -> None:
    actions.set_level(
        world.ma_supervisor,
        world.picture,
        segment="tanger-fnideq",
        level="high",
        measures="Two extra patrols",
    )
    row = Segment.objects.get(code="tanger-fnideq")
    assert (row.level, row.measures) == ("high", "Two extra patrols")
    assert row.level_set_at is not None
    out = queries.segment_out(row, {})
    assert out["level"] == "high"
    assert "Every available unit" in out["response"]


def test_only_the_owner_agency_sets_a_segments_level(world: World) -> None:
    before = _changes(world)
    with pytest.raises(NotOwner, match="Only dev-gc sets"):
        actions.set_level(world.ma_officer, world.picture, segment="ceuta-perimeter", level="low")
    assert Segment.objects.get(code="ceuta-perimeter").level == ""
    assert _changes(world) == before


def test_an_observer_may_not_set_a_level_nor_report(world: World) -> None:
    with pytest.raises(RightMissing):
        actions.report_crossing(
            world.observer_officer,
            world.picture,
            at=timezone.now(),
            lat=35.9,
            lon=-5.4,
            people=3,
            boat="kayak",
            outcome="rescued",
        )
    with pytest.raises(NotParticipant):
        actions.set_level(
            world.outsider_officer, world.picture, segment="ceuta-perimeter", level="low"
        )


def test_a_crossing_is_reported_by_its_agency(world: World) -> None:
    _report(world)
    row = Crossing.objects.get()
    assert (row.agency, row.people, row.boat, row.outcome, row.segment) == (
        "dev-gc",
        14,
        "inflatable",
        "intercepted",
        "ceuta-perimeter",
    )
    assert (row.lat, row.lon) == (35.8712, -5.3441)
    assert row.by_name == world.es_officer.full_name


@pytest.mark.parametrize(
    ("over", "field", "words"),
    [
        ({"lat": 40.4}, "lat", "Outside the map's area"),
        ({"lon": -9.1}, "lon", "Outside the map's area"),
        ({"lat": "north"}, "lat", ""),
        ({"people": -3}, "people", "greater than or equal to 0"),
        ({"boat": "submarine"}, "boat", ""),
        ({"outcome": "vanished"}, "outcome", ""),
    ],
)
def test_bad_input_is_refused_by_field_and_nothing_is_written(
    world: World, over: dict[str, object], field: str, words: str
) -> None:
    before = _changes(world)
    with pytest.raises(InvalidInput) as refused:
        _report(world, **over)
    fields = dict(refused.value.problems)
    assert field in fields
    assert words in fields[field]
    assert _changes(world) == before
    assert not Crossing.objects.exists()


def test_a_crossing_on_an_unknown_segment_or_in_the_future_is_refused(world: World) -> None:
    with pytest.raises(UnknownSegment):
        _report(world, segment="gibraltar-rock")
    with pytest.raises(InFuture):
        _report(world, at=timezone.now() + dt.timedelta(hours=2))
    assert not Crossing.objects.exists()


def test_a_segment_outside_the_box_or_a_two_point_area_is_refused(world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        actions.add_segment(
            world.es_officer,
            world.picture,
            code="canaries",
            names=names("Canaries"),
            shape="line",
            points=[("28.1", "-15.4"), ("28.2", "-15.5")],
        )
    assert "Outside the map's area" in refused.value.message + str(refused.value.problems)
    with pytest.raises(InvalidInput, match="Some values"):
        actions.add_segment(
            world.es_officer,
            world.picture,
            code="tiny",
            names=names("Tiny"),
            shape="polygon",
            points=FNIDEQ[:2],
        )
    assert Segment.objects.count() == 2


def test_the_map_counts_per_segment_in_the_window(world: World) -> None:
    at = timezone.now() - dt.timedelta(minutes=20)
    _report(world, people=10, at=at)
    _report(world, people=5, at=timezone.now() - dt.timedelta(hours=10))
    _report(world, people=7, at=timezone.now() - dt.timedelta(days=3), segment="")
    data = queries.map_data(world.es_officer, world.picture, "6h", [])
    seg = {s["code"]: s for s in data["segments"]}
    assert (seg["ceuta-perimeter"]["reports"], seg["ceuta-perimeter"]["people"]) == (1, 10)
    # [lat, lon, people, boat, outcome, segment, agency, epoch seconds]
    assert list(data["crossings"][0]) == [
        35.8712,
        -5.3441,
        10,
        "inflatable",
        "intercepted",
        "ceuta-perimeter",
        "dev-gc",
        int(at.timestamp()),
    ]
    week = queries.map_data(world.es_officer, world.picture, "7d", [])
    seg = {s["code"]: s for s in week["segments"]}
    assert seg["ceuta-perimeter"]["reports"] == 2
    assert week["unsegmented"] == 1
    assert len(week["crossings"]) == 3
    assert queries.map_data(world.es_officer, world.picture, "bogus", [])["window"] == "24h"
