"""Node-side steps of the situation map's browser test: a surge alert released on ma through
four eyes, its acknowledgement and a measure from es, a measure on ma (the rapid-reaction log)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from strait.alerts import actions, queries
from tests.nodes.common import user


def release_surge(title: str) -> str:
    """On ma: a DGSN officer drafts a surge alert for the Tangier-Fnideq segment, a DGSN
    supervisor releases it to the Guardia Civil. Its uid."""
    now = timezone.now()
    officer = user("dgsn.officer")
    draft = actions.save_draft(
        officer,
        {
            "type": "migration_surge",
            "title": title,
            "grounds": "Gathering of about 300 people reported near Castillejos.",
            "handling": "H1",
            "area_kind": "coast",
            "area_codes": ["tanger-fnideq"],
            "valid_from": now - dt.timedelta(minutes=1),
            "valid_until": now + dt.timedelta(hours=12),
            "addressees": ["es-gc"],
            "details": {
                "place": "Fnideq beach",
                "estimated_people": 300,
                "boats": 4,
                "direction": "North, towards Ceuta",
                "lat": "35.8500",
                "lon": "-5.3500",
            },
        },
    )
    draft = actions.submit(officer, draft)
    return str(actions.release(user("dgsn.supervisor"), draft).obj.uid)


def acknowledge_and_act(uid: str, username: str, text: str) -> dict[str, Any]:
    """On the node of ``username``: acknowledge the alert (unless it is the issuer's) and log a
    measure."""
    who = user(username)
    alert = queries.alert(who, uid)
    if alert.origin_agency != who.agency.code:
        actions.acknowledge(who, alert, "received")
    actions.add_measure(who, alert, text)
    return {"agency": who.agency.code}
