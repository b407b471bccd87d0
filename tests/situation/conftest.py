"""A small situation world on this node ("dev"): a Moroccan agency that opens the picture and
owns the Tangier-Fnideq segment, a Spanish agency taking part that owns the Ceuta perimeter, an
observer agency, and an agency that takes no part; an officer of each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.federation.keys import ensure_keys
from strait.permissions import Role
from strait.situation import actions, queries
from strait.situation.models import Picture
from tests.factories import AgencyFactory, CountryFactory

FNIDEQ = [("35.7880", "-5.8120"), ("35.8450", "-5.5580"), ("35.9050", "-5.3950")]
CEUTA = [("35.9180", "-5.3830"), ("35.8720", "-5.3430"), ("35.9000", "-5.2800")]


def names(en: str) -> dict[str, str]:
    return {"ar": f"ar {en}", "es": f"es {en}", "fr": f"fr {en}", "en": en}


@dataclass
class World:
    ma: Agency
    es: Agency
    observer: Agency
    outsider: Agency
    ma_officer: User
    ma_supervisor: User
    es_officer: User
    observer_officer: User
    outsider_officer: User
    picture: Picture

    def refresh(self) -> Picture:
        found = queries.picture(self.ma_officer)
        assert found is not None
        return found


@pytest.fixture
def world(make_user: Callable[..., User], settings: Any) -> World:
    ensure_keys()
    here = settings.NODE.code
    morocco = CountryFactory(code="MA", name_en="Morocco")
    spain = CountryFactory(code="ES", name_en="Spain")
    ma = AgencyFactory(code="dev-dgsn", abbreviation="DGSN", node_code=here, country=morocco)
    es = AgencyFactory(code="dev-gc", abbreviation="GC", node_code=here, country=spain)
    observer = AgencyFactory(code="dev-psp", abbreviation="PSP", node_code=here, country=spain)
    outsider = AgencyFactory(code="dev-other", abbreviation="OTH", node_code=here, country=spain)
    ma_officer = make_user(agency=ma, role=Role.OFFICER)
    es_officer = make_user(agency=es, role=Role.OFFICER)
    picture = actions.open_picture(
        ma_officer,
        title="Strait",
        participants=[(es, "participant"), (observer, "observer")],
    )
    actions.add_segment(
        ma_officer,
        picture,
        code="tanger-fnideq",
        names=names("Tangier - Fnideq"),
        shape="line",
        points=FNIDEQ,
    )
    actions.add_segment(
        es_officer,
        picture,
        code="ceuta-perimeter",
        names=names("Ceuta perimeter"),
        shape="polygon",
        points=CEUTA,
    )
    return World(
        ma=ma,
        es=es,
        observer=observer,
        outsider=outsider,
        ma_officer=ma_officer,
        ma_supervisor=make_user(agency=ma, role=Role.SUPERVISOR),
        es_officer=es_officer,
        observer_officer=make_user(agency=observer, role=Role.OFFICER),
        outsider_officer=make_user(agency=outsider, role=Role.OFFICER),
        picture=picture,
    )


def surge_alert(world: World, **over: Any) -> Any:
    """A migration-surge alert at Fnideq released by the DGSN (four eyes: its officer drafts,
    its supervisor releases) to the Guardia Civil, through the alerts' own actions."""
    import datetime as dt

    from django.utils import timezone

    from strait.alerts import actions as alerts
    from tests.factories import ChannelFactory

    ChannelFactory(code="dgsn-gc", agencies=[world.ma, world.es])
    now = timezone.now()
    data = {
        "type": "migration_surge",
        "title": "Fnideq: surge expected tonight",
        "grounds": "Gathering reported near Castillejos.",
        "handling": "H1",
        "area_kind": "coast",
        "area_codes": ["tanger-fnideq"],
        "valid_from": now - dt.timedelta(minutes=5),
        "valid_until": now + dt.timedelta(days=1),
        "addressees": [world.es.code],
        "details": {
            "place": "Fnideq beach",
            "estimated_people": 300,
            "boats": 4,
            "direction": "North, towards Ceuta",
            "lat": "35.85",
            "lon": "-5.35",
        },
    } | over
    draft = alerts.save_draft(world.ma_officer, data)
    draft = alerts.submit(world.ma_officer, draft)
    return alerts.release(world.ma_supervisor, draft)
