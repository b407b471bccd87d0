"""A small events world on this node ("dev"): a Moroccan agency that opens the World Cup (hosted
by Morocco, Spain and Portugal) and the knowledge base, a Spanish and a Portuguese agency taking
part, an agency that takes no part; their users."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.events import actions
from strait.events.models import Event, KnowledgeBase
from strait.federation.keys import ensure_keys
from strait.permissions import Role
from tests.factories import AgencyFactory, CountryFactory

STARTS = dt.date(2030, 6, 13)
ENDS = dt.date(2030, 7, 21)


def names(en: str) -> dict[str, str]:
    return {"ar": f"ar {en}", "es": f"es {en}", "fr": f"fr {en}", "en": en}


@dataclass
class World:
    ma: Agency
    es: Agency
    pt: Agency
    outsider: Agency
    ma_analyst: User
    ma_officer: User
    es_officer: User
    pt_liaison: User
    outsider_officer: User
    event: Event
    base: KnowledgeBase


@pytest.fixture
def world(make_user: Callable[..., User], settings: Any) -> World:
    ensure_keys()
    here = settings.NODE.code
    morocco = CountryFactory(code="MA", name_en="Morocco")
    spain = CountryFactory(code="ES", name_en="Spain")
    portugal = CountryFactory(code="PT", name_en="Portugal")
    ma = AgencyFactory(code="dev-dgsn", abbreviation="DGSN", node_code=here, country=morocco)
    es = AgencyFactory(code="dev-pn", abbreviation="PN", node_code=here, country=spain)
    pt = AgencyFactory(code="dev-psp", abbreviation="PSP", node_code=here, country=portugal)
    outsider = AgencyFactory(code="dev-other", abbreviation="OTH", node_code=here, country=spain)
    ma_analyst = make_user(agency=ma, role=Role.ANALYST)
    event = actions.open_event(
        ma_analyst,
        code="wc2030",
        names=names("World Cup 2030"),
        hosts=["MA", "ES", "PT"],
        starts=STARTS,
        ends=ENDS,
        participants=[(es, "participant"), (pt, "participant")],
    )
    base = actions.open_knowledge_base(
        ma_analyst,
        title="Major events knowledge base",
        participants=[(es, "participant"), (pt, "participant")],
    )
    actions.add_venue(
        ma_analyst,
        event,
        code="grand-stade-casablanca",
        names=names("Grand Stade Hassan II"),
        kind="stadium",
        city="Benslimane",
        country="MA",
        lat="33.6100",
        lon="-7.2200",
        capacity=115000,
    )
    return World(
        ma=ma,
        es=es,
        pt=pt,
        outsider=outsider,
        ma_analyst=ma_analyst,
        ma_officer=make_user(agency=ma, role=Role.OFFICER),
        es_officer=make_user(agency=es, role=Role.OFFICER),
        pt_liaison=make_user(agency=pt, role=Role.LIAISON_OFFICER),
        outsider_officer=make_user(agency=outsider, role=Role.OFFICER),
        event=event,
        base=base,
    )
