"""The transit operation's writes: one operation per year; daily figures each side enters for
its own ports, a correction replacing the day's row; bad input (negative counts, a day outside
the operation, a port of the other side, an unknown port) refused whole with every bad row
named, nothing written."""

from __future__ import annotations

import pytest

from strait.permissions import NotPermitted
from strait.refusals import Refused
from strait.sharing.models import Change
from strait.transit import actions, queries
from strait.transit.models import DailyFigure
from tests.factories import make_operation
from tests.transit.conftest import World, row

pytestmark = pytest.mark.django_db


def test_each_side_enters_its_own_ports_and_both_see_them(world: World) -> None:
    op = world.operation
    actions.report_figures(world.ma_officer, op, [row()])
    actions.report_figures(
        world.es_officer, op, [row(port="algeciras", direction="to_ma", passengers=24_000)]
    )
    figures = {(f.port, f.agency): f.passengers for f in DailyFigure.objects.all()}
    assert figures == {("tanger-med", "dev-dgsn"): 25_000, ("algeciras", "dev-gc"): 24_000}
    assert queries.operation(world.es_officer, 2025) == op
    assert queries.operation(world.outsider_officer, 2025) is None


def test_a_correction_replaces_the_days_row(world: World) -> None:
    op = world.operation
    actions.report_figures(world.ma_officer, op, [row(), row(direction="to_eu")])
    actions.report_figures(world.ma_officer, op, [row(passengers=26_500)])
    rows = {(f.direction, f.passengers) for f in DailyFigure.objects.filter(port="tanger-med")}
    assert rows == {("to_ma", 26_500), ("to_eu", 25_000)}


def test_a_port_of_the_other_country_is_refused(world: World) -> None:
    with pytest.raises(Refused) as refused:
        actions.report_figures(world.ma_officer, world.operation, [row(port="algeciras")])
    assert "other side" in refused.value.problems[0][1]
    assert not DailyFigure.objects.exists()


def test_bad_rows_are_each_named_and_nothing_is_written(world: World) -> None:
    rows = [
        row(),  # good
        row(port="nador", passengers=-5),  # negative
        row(port="tanger-ville", day="2025-12-24"),  # outside the operation
        row(port="atlantis"),  # no such port
    ]
    with pytest.raises(actions.InvalidInput) as refused:
        actions.report_figures(world.ma_officer, world.operation, rows)
    text = " | ".join(m for _f, m in refused.value.problems)
    assert "Row 2:" in text
    assert "greater than or equal to 0" in text
    assert "Row 3:" in text
    assert "outside the operation" in text
    assert "Row 4:" in text
    assert "atlantis" in text
    assert "Row 1:" not in text
    assert "3 of 4 rows" in refused.value.message
    assert not DailyFigure.objects.exists()


def test_the_worst_wait_is_not_shorter_than_the_average(world: World) -> None:
    with pytest.raises(actions.InvalidInput):
        actions.report_figures(world.ma_officer, world.operation, [row(wait_avg=90, wait_max=30)])


def test_the_same_key_twice_in_one_report_is_refused(world: World) -> None:
    with pytest.raises(actions.InvalidInput) as refused:
        actions.report_figures(world.ma_officer, world.operation, [row(), row(passengers=1)])
    assert "Row 2:" in refused.value.problems[0][1]


def test_a_non_participant_cannot_enter_figures(world: World) -> None:
    other_op = world.operation
    with pytest.raises(Refused):
        actions.report_figures(world.outsider_officer, other_op, [row(port="algeciras")])
    assert not DailyFigure.objects.exists()


def test_one_operation_per_year(world: World) -> None:
    with pytest.raises(actions.OperationExists):
        make_operation(world.ma_supervisor, year=2025)
    assert make_operation(world.ma_supervisor, year=2024).year == 2024


def test_an_officer_does_not_open_an_operation(world: World) -> None:
    with pytest.raises(NotPermitted):
        make_operation(world.ma_officer, year=2026)


def test_a_large_report_travels_in_several_changes_all_checked_first(world: World) -> None:
    import datetime as dt

    start = dt.date(2025, 6, 15)
    ports = ("algeciras", "tarifa", "almeria", "motril", "malaga", "ceuta", "melilla")
    rows = [
        row(port=p, day=(start + dt.timedelta(days=n)).isoformat(), direction=d)
        for n in range(93)
        for p in ports
        for d in ("to_ma", "to_eu")
    ]  # a whole Spanish season: 1,302 rows, more than one change carries (500 each)
    before = Change.objects.count()
    results = actions.report_figures(world.es_officer, world.operation, rows)
    assert len(results) == 3
    assert DailyFigure.objects.count() == 1302
    assert Change.objects.count() == before + 3
    bad = [*rows, row(port="tanger-med", day="2025-06-20")]  # the last row: not a Spanish port
    with pytest.raises(Refused) as refused:
        actions.report_figures(world.es_officer, world.operation, bad)
    assert "Row 1303:" in refused.value.problems[0][1]
    assert Change.objects.count() == before + 3


def test_set_plan_changes_the_phases(world: World) -> None:
    values = {
        "title": "OPE / Marhaba 2025",
        "departure_from": "2025-06-10",
        "departure_until": "2025-08-15",
        "return_from": "2025-07-15",
        "return_until": "2025-09-20",
        "plan_passengers": 3_100_000,
    }
    result = actions.set_plan(world.ma_supervisor, world.operation, **values)
    assert isinstance(result, Change)
    found = queries.operation(world.es_officer, 2025)
    assert found is not None
    assert found.plan_passengers == 3_100_000
    assert found.title == "OPE / Marhaba 2025"
    with pytest.raises(NotPermitted):
        actions.set_plan(world.ma_officer, world.operation, **values)
