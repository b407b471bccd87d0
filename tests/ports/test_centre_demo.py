"""The demo's centres on one node: Tanger Med and Algeciras made through the actions with their
postings, a roster covering now and the next two days, log lines; a second run adds nothing; the
walk-through's officer is on duty and records an incident the Moroccan coordinator reads."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.utils import timezone

from strait.accounts.models import User
from strait.federation.keys import ensure_keys
from strait.permissions import Role
from strait.ports import actions, queries
from strait.ports.demo import seed_demo_ports
from strait.ports.models import Centre, Posting
from tests.factories import AgencyFactory, CountryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(make_user: Callable[..., User]) -> dict[str, User]:
    ensure_keys()
    here = settings.NODE.code
    ma = AgencyFactory(code="ma-dgsn", node_code=here, country=CountryFactory(code="MA"))
    es = AgencyFactory(code="es-gc", node_code=here, country=CountryFactory(code="ES"))
    made = {}
    for username, agency, role in (
        ("dgsn.supervisor", ma, Role.SUPERVISOR),
        ("dgsn.coordinator", ma, Role.SUPERVISOR),
        ("dgsn.officer", ma, Role.OFFICER),
        ("gc.supervisor", es, Role.SUPERVISOR),
        ("gc.officer", es, Role.OFFICER),
    ):
        made[username] = make_user(username=username, agency=agency, role=role)
    return made


def test_the_demo_centres_and_their_roster(users: dict[str, User]) -> None:
    first = [*seed_demo_ports("ma"), *seed_demo_ports("es")]
    assert all("opened" in line for line in first), first
    assert set(Centre.objects.values_list("code", flat=True)) == {"tanger-med", "algeciras"}
    algeciras = Centre.objects.get(code="algeciras")
    guests = Posting.objects.filter(centre=algeciras, agency="ma-dgsn")
    assert guests.filter(role="agent").count() == 8
    assert {p.role for p in guests} == {"coordinator", "deputy", "agent"}
    again = [*seed_demo_ports("ma"), *seed_demo_ports("es")]
    assert all("0 agents posted, 0 shifts and 0 log entries" in line for line in again), again

    officer = users["gc.officer"]
    assert queries.is_on_duty(algeciras, officer)
    actions.record_incident(
        officer, algeciras, kind="wanted_person", summary="Alert hit at boarding", at=timezone.now()
    )
    coordinator = users["dgsn.coordinator"]
    seen = queries.centre(coordinator, algeciras.obj.uid)
    assert queries.log(seen)[0].text == "Alert hit at boarding"
