"""The openings of the checks demo (demo mode only): DGSN at Tanger Med and the Guardia Civil at
Algeciras open their persons, phones and vehicles to each other on the joint port-station
channel, up to H1. Idempotent; each node seeds its own agencies' side."""

from __future__ import annotations

from django.db import transaction

from strait.agencies.models import Agency
from strait.checks import actions
from strait.exchange.models import Channel

PORT_CHANNEL = "port-tanger-med-algeciras"
# (opening agency, partner agency)
DEMO_OPENINGS = (("ma-dgsn", "es-gc"), ("es-gc", "ma-dgsn"))
KINDS = ["person", "phone", "vehicle"]


@transaction.atomic
def seed_demo_openings(node_code: str) -> int:
    """Create the missing demo openings of this node's agencies; return how many were made."""
    channel = Channel.objects.filter(code=PORT_CHANNEL).first()
    if channel is None:
        return 0
    made = 0
    for code, partner_code in DEMO_OPENINGS:
        agency = Agency.objects.filter(code=code, node_code=node_code).first()
        partner = Agency.objects.filter(code=partner_code).first()
        if agency is None or partner is None:
            continue
        made += actions.open_for_node(
            agency=agency,
            partner=partner,
            channel=channel,
            kinds=KINDS,
            max_handling="H1",
            system_reason="demo: the port station's checks",
        )
    return made
