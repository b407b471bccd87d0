"""The demo's transit operations on ``ma`` (the home): three seasons opened, the Moroccan ports'
figures entered through the actions, the totals scaled to the public ones; a second run adds
nothing."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db.models import Sum
from django.test import override_settings

from strait.accounts.models import User
from strait.agencies.seed import seed_reference_data
from strait.demo.world import ensure_demo_world
from strait.federation.keys import ensure_keys
from strait.transit import codes, demo, history, queries
from strait.transit.models import DailyFigure, Operation
from tests.factories.federation import PeerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(db: None) -> Iterator[None]:
    """The demo's node ``ma``, the home, with its peers."""
    seed_reference_data()
    ensure_keys()
    with override_settings(NODE=dataclasses.replace(settings.NODE, mode="demo", code="ma")):
        ensure_demo_world()
        for code in ("es", "pt"):
            PeerFactory(code=code)
        yield


def test_the_home_opens_three_seasons_and_enters_its_ports_once(demo_world: None) -> None:
    lines = list(demo.seed_demo_transit("ma"))
    assert len(lines) == 3
    assert all("opened" in line for line in lines)
    assert sorted(Operation.objects.values_list("year", flat=True)) == [2023, 2024, 2025]
    moroccan = {p.code for p in codes.ports_of("MA")}
    assert set(DailyFigure.objects.values_list("port", flat=True)) == moroccan
    count = DailyFigure.objects.count()
    again = list(demo.seed_demo_transit("ma"))
    assert all("there already; 0 " in line for line in again)
    assert DailyFigure.objects.count() == count


def test_both_sides_together_make_the_published_2024_total_by_30_august() -> None:
    """The Spanish side's rows, as es would propose them, with the Moroccan ones: the count to
    30 August 2024 is the published 2.98 million (within 1 %)."""
    op_rows = []
    ma = demo._season(2024)
    published = history.season(2024)
    assert published is not None
    op = Operation(year=2024, **{k: v for k, v in ma.items() if k != "year"})
    for country in ("MA", "ES"):
        op_rows += demo._rows(op, country)
    to_date = sum(r["passengers"] for r in op_rows if r["day"] <= published.as_of.isoformat())
    assert abs(to_date - published.passengers) / published.passengers < 0.01


def test_the_dashboard_of_2025_shows_its_peaks_and_earlier_years(demo_world: None) -> None:
    list(demo.seed_demo_transit("ma"))
    officer = User.objects.get(username="dgsn.officer")
    op = queries.operation(officer, 2025)
    assert op is not None
    board = queries.dashboard(officer, op, today=dt.date(2025, 9, 20))
    assert [e["year"] for e in board.earlier] == [2024, 2023]
    assert all(e["source"] == "figures" for e in board.earlier)
    # Only the Moroccan ports travel north here: the return peak, late August.
    assert all(dt.date(2025, 8, 15) <= d["day"] <= dt.date(2025, 9, 15) for d in board.peaks)
    total = DailyFigure.objects.filter(operation=op).aggregate(n=Sum("passengers"))["n"]
    assert board.season["passengers"] == total
