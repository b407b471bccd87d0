"""Transit. An operation is a shared object whose rows only its ops write, so
``make_operation`` opens one through the action (``open_operation``), as the home would. Daily
figures may be made directly with ``DailyFigureFactory`` for tests of the dashboard and the
exports that do not test the ops themselves."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.transit import actions
from strait.transit.models import DailyFigure, Operation


def season(year: int) -> dict[str, Any]:
    """The OPE's usual season: departure 15 June to 15 August, return 15 July to 15
    September."""
    return {
        "year": year,
        "title": f"Transit operation {year}",
        "departure_from": dt.date(year, 6, 15),
        "departure_until": dt.date(year, 8, 15),
        "return_from": dt.date(year, 7, 15),
        "return_until": dt.date(year, 9, 15),
        "plan_passengers": 3_000_000,
        "plan_vehicles": 740_000,
        "plan_rotations": 30_000,
    }


def make_operation(
    manager: User, participants: list[Agency] | None = None, year: int = 2025, **values: Any
) -> Operation:
    """The ``year``'s operation led by ``manager``'s agency (a supervisor), on this node."""
    return actions.open_operation(
        manager, participants=participants or [], **(season(year) | values)
    )


def default_operation() -> Operation:
    """An operation of a new Moroccan agency of this node, opened by its supervisor."""
    from django.conf import settings

    from strait.federation.keys import ensure_keys
    from strait.permissions import Role
    from tests.factories.accounts import UserFactory
    from tests.factories.agencies import AgencyFactory, CountryFactory

    ensure_keys()
    from strait.agencies.models import Country

    morocco = Country.objects.filter(code="MA").first() or CountryFactory(code="MA")
    agency = AgencyFactory(node_code=settings.NODE.code, country=morocco)
    year = 2000 + Operation.objects.count() % 100
    return make_operation(UserFactory(agency=agency, role=Role.SUPERVISOR), year=year)


class DailyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyFigure

    operation = factory.LazyFunction(default_operation)
    port = "tanger-med"
    day = factory.LazyAttribute(lambda o: o.operation.departure_from)
    direction = "to_ma"
    passengers = 20_000
    vehicles = 5_000
    rotations = 40
    wait_avg = 45
    wait_max = 120
    incidents = 0
    agency = factory.LazyAttribute(lambda o: o.operation.obj.home_agency.code)
    by_name = "Factory"
    entered_at = factory.LazyFunction(timezone.now)
