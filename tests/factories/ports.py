"""A small port centre world on this node ("dev"): the Moroccan host agency's centre at Tanger
Med with a Spanish guest agency; the host's supervisor (the coordinator) and an officer of each
side, posted and on a shift covering now; an officer of each side who is not posted, and an
agency that takes no part.

Built through the actions (a test of the centre exercises its ops), with factories for the
agencies and users only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.federation.keys import ensure_keys
from strait.permissions import Role
from strait.ports import actions
from strait.ports.models import Centre, Posting
from tests.factories.agencies import AgencyFactory, CountryFactory


def names(en: str) -> dict[str, str]:
    return {"ar": f"ar {en}", "es": f"es {en}", "fr": f"fr {en}", "en": en}


@dataclass
class CentreWorld:
    ma: Agency
    es: Agency
    outsider: Agency
    coordinator: User  # ma supervisor, posted as coordinator
    ma_officer: User  # posted, on duty
    es_officer: User  # posted, on duty
    ma_idle: User  # of the host agency, not posted
    es_idle: User  # of the guest agency, posted but not on the shift
    outsider_officer: User
    centre: Centre
    shift_start: dt.datetime
    shift_end: dt.datetime

    def posting(self, user: User) -> Posting:
        return Posting.objects.get(centre=self.centre, username=user.username)


def build(make_user: Callable[..., User]) -> CentreWorld:
    ensure_keys()
    here = settings.NODE.code
    morocco = CountryFactory(code="MA", name_en="Morocco")
    spain = CountryFactory(code="ES", name_en="Spain")
    ma = AgencyFactory(code="dev-dgsn", abbreviation="DGSN", node_code=here, country=morocco)
    es = AgencyFactory(code="dev-gc", abbreviation="GC", node_code=here, country=spain)
    outsider = AgencyFactory(code="dev-other", abbreviation="OTH", node_code=here, country=spain)
    coordinator = make_user(agency=ma, role=Role.SUPERVISOR)
    ma_officer = make_user(agency=ma, role=Role.OFFICER)
    es_officer = make_user(agency=es, role=Role.OFFICER)
    ma_idle = make_user(agency=ma, role=Role.OFFICER)
    es_idle = make_user(agency=es, role=Role.OFFICER)
    outsider_officer = make_user(agency=outsider, role=Role.OFFICER)
    centre = actions.create_centre(
        coordinator,
        code="tanger-med",
        names=names("Tanger Med"),
        port="MAPTM",
        country="MA",
        channel="port-tanger-med-algeciras",
        guests=[es],
    )
    today = timezone.localdate()
    for user, role in (
        (coordinator, "coordinator"),
        (ma_officer, "agent"),
    ):
        actions.post_agent(
            coordinator,
            centre,
            agency=ma.code,
            username=user.username,
            name=user.full_name,
            role=role,
            starts=today - dt.timedelta(days=30),
        )
    for user in (es_officer, es_idle):
        actions.post_agent(
            es_officer,
            centre,
            agency=es.code,
            username=user.username,
            name=user.full_name,
            role="agent",
            starts=today - dt.timedelta(days=30),
        )
    start = timezone.now() - dt.timedelta(hours=4)
    end = start + dt.timedelta(hours=8)
    on_duty = Posting.objects.filter(
        centre=centre, username__in=[coordinator.username, ma_officer.username, es_officer.username]
    ).values_list("uid", flat=True)
    actions.add_shift(
        coordinator, centre, starts_at=start, ends_at=end, postings=list(on_duty), handover=""
    )
    return CentreWorld(
        ma=ma,
        es=es,
        outsider=outsider,
        coordinator=coordinator,
        ma_officer=ma_officer,
        es_officer=es_officer,
        ma_idle=ma_idle,
        es_idle=es_idle,
        outsider_officer=outsider_officer,
        centre=Centre.objects.select_related("obj").get(pk=centre.pk),
        shift_start=start,
        shift_end=end,
    )
