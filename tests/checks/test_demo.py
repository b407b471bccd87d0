"""The checks demo: DGSN and the Guardia Civil open their records to each other on the port
station's channel, once, each node its own side; DGSN has an analyst to answer."""

from __future__ import annotations

import pytest

from strait.agencies.seed import seed_reference_data
from strait.checks.demo import PORT_CHANNEL, seed_demo_openings
from strait.checks.models import CheckOpening
from strait.demo.world import DEMO_USERS
from strait.exchange.seed import seed_channels
from strait.permissions import Permission, role_has

pytestmark = pytest.mark.django_db


def test_each_node_opens_its_own_side_of_the_port_station_once() -> None:
    seed_reference_data()
    seed_channels()
    assert seed_demo_openings("ma") == 1
    assert seed_demo_openings("ma") == 0
    (opening,) = CheckOpening.objects.all()
    assert (opening.agency.code, opening.partner.code) == ("ma-dgsn", "es-gc")
    assert opening.channel.code == PORT_CHANNEL
    assert set(opening.kinds) == {"person", "phone", "vehicle"}
    assert opening.max_handling == "H1"
    assert seed_demo_openings("es") == 1
    assert CheckOpening.objects.filter(agency__code="es-gc", partner__code="ma-dgsn").exists()


def test_dgsn_has_an_analyst_to_answer_checks() -> None:
    (analyst,) = [u for u in DEMO_USERS["ma"] if u.username == "dgsn.analyst"]
    assert analyst.agency == "ma-dgsn"
    assert role_has(analyst.role, Permission.CHECKS_ANSWER)


def test_the_node_opens_only_when_it_says_why_and_the_opening_is_audited() -> None:
    from strait.agencies.models import Agency
    from strait.audit.events import AuditAction
    from strait.audit.models import AuditEntry
    from strait.checks import actions
    from strait.exchange.models import Channel
    from strait.refusals import NotPermitted

    seed_reference_data()
    seed_channels()
    opening = {
        "agency": Agency.objects.get(code="ma-dgsn"),
        "partner": Agency.objects.get(code="es-gc"),
        "channel": Channel.objects.get(code=PORT_CHANNEL),
        "kinds": ["person"],
        "max_handling": "H1",
    }
    with pytest.raises(NotPermitted):
        actions.open_for_node(**opening, system_reason="")
    assert not CheckOpening.objects.exists()
    assert actions.open_for_node(**opening, system_reason="demo") is True
    entry = AuditEntry.objects.get(action=AuditAction.CHECK_OPENING_CHANGED)
    assert (entry.agency, entry.details["reason"]) == ("ma-dgsn", "demo")
