"""A small transit world on this node ("dev"): a Moroccan agency that opens the 2025 operation
(its supervisor) and enters Tanger Med's figures, a Spanish agency taking part that enters
Algeciras', and an agency that takes no part; an officer of each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.federation.keys import ensure_keys
from strait.permissions import Role
from strait.transit.models import Operation
from tests.factories import AgencyFactory, CountryFactory, make_operation


@dataclass
class World:
    ma: Agency
    es: Agency
    outsider: Agency
    ma_supervisor: User
    ma_officer: User
    es_officer: User
    outsider_officer: User
    operation: Operation


def row(**over: Any) -> dict[str, Any]:
    """One Tanger Med day toward Morocco, as a form or a file gives it."""
    values = {
        "port": "tanger-med",
        "day": "2025-07-01",
        "direction": "to_ma",
        "passengers": 25_000,
        "vehicles": 6_000,
        "rotations": 42,
        "wait_avg": 40,
        "wait_max": 150,
        "incidents": 1,
    }
    return values | over


@pytest.fixture
def world(make_user: Callable[..., User], settings: Any) -> World:
    ensure_keys()
    here = settings.NODE.code
    morocco = CountryFactory(code="MA", name_en="Morocco")
    spain = CountryFactory(code="ES", name_en="Spain")
    ma = AgencyFactory(code="dev-dgsn", abbreviation="DGSN", node_code=here, country=morocco)
    es = AgencyFactory(code="dev-gc", abbreviation="GC", node_code=here, country=spain)
    outsider = AgencyFactory(code="dev-other", abbreviation="OTH", node_code=here, country=spain)
    supervisor = make_user(agency=ma, role=Role.SUPERVISOR)
    return World(
        ma=ma,
        es=es,
        outsider=outsider,
        ma_supervisor=supervisor,
        ma_officer=make_user(agency=ma, role=Role.OFFICER),
        es_officer=make_user(agency=es, role=Role.OFFICER),
        outsider_officer=make_user(agency=outsider, role=Role.OFFICER),
        operation=make_operation(supervisor, participants=[es]),
    )
