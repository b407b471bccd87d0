"""A small governance world on this node ("dev"): the Moroccan agency whose secretariat created
the Strategic Committee, the Spanish agency co-chairing it, an agency that takes no part; a
secretary and a chair of each side, an officer (a member who reads) and an outsider."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.federation.keys import ensure_keys
from strait.governance.models import Body
from strait.permissions import Role
from tests.factories import AgencyFactory, CountryFactory, make_body


@dataclass
class World:
    ma: Agency
    es: Agency
    outsider: Agency
    ma_secretary: User
    ma_chair: User
    es_secretary: User
    es_chair: User
    ma_officer: User
    outsider_secretary: User
    body: Body  # the Strategic Committee: ma leads, es co-chairs


@pytest.fixture
def world(make_user: Callable[..., User], settings: Any) -> World:
    ensure_keys()
    here = settings.NODE.code
    morocco = CountryFactory(code="MA", name_en="Morocco")
    spain = CountryFactory(code="ES", name_en="Spain")
    ma = AgencyFactory(code="dev-dgsn", abbreviation="DGSN", node_code=here, country=morocco)
    es = AgencyFactory(code="dev-pn", abbreviation="PN", node_code=here, country=spain)
    outsider = AgencyFactory(code="dev-other", abbreviation="OTH", node_code=here, country=spain)
    ma_secretary = make_user(agency=ma, role=Role.SECRETARIAT)
    body = make_body(ma_secretary, members=[es])
    return World(
        ma=ma,
        es=es,
        outsider=outsider,
        ma_secretary=ma_secretary,
        ma_chair=make_user(agency=ma, role=Role.CHAIR),
        es_secretary=make_user(agency=es, role=Role.SECRETARIAT),
        es_chair=make_user(agency=es, role=Role.CHAIR),
        ma_officer=make_user(agency=ma, role=Role.OFFICER),
        outsider_secretary=make_user(agency=outsider, role=Role.SECRETARIAT),
        body=body,
    )
