"""What tests/alerts/test_two_nodes.py does inside each node: an alert drafted, submitted and
released on the issuing node, acknowledged on the addressed one, read back, all through the
alerts' own actions and queries, as the pages would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from strait.alerts import actions, codes, queries
from strait.alerts.models import Alert, AlertDraft
from strait.notifications.models import Notification
from strait.notifications.topics import describe
from strait.refusals import Refused
from strait.sharing.models import Proposal
from tests.nodes.common import user


def draft_and_submit(username: str, addressees: list[str]) -> str:
    """A migration-surge draft at Fnideq by ``username``, submitted for review."""
    now = timezone.now()
    draft = actions.save_draft(
        user(username),
        {
            "type": codes.AlertType.MIGRATION_SURGE,
            "title": "Fnideq: surge expected tonight",
            "grounds": "Gathering of about 300 people near Castillejos.",
            "handling": "H1",
            "area_kind": codes.AreaKind.COAST,
            "area_codes": ["tanger-fnideq"],
            "valid_from": now - dt.timedelta(minutes=1),
            "valid_until": now + dt.timedelta(hours=12),
            "addressees": addressees,
            "details": {
                "place": "Fnideq beach",
                "estimated_people": 300,
                "boats": 4,
                "direction": "North, towards Ceuta",
                "lat": "35.85",
                "lon": "-5.35",
            },
        },
    )
    return str(actions.submit(user(username), draft).uid)


def release(username: str, draft: str) -> dict[str, Any]:
    """Release as ``username``: the alert's uid, or the refusal's code."""
    found = AlertDraft.objects.get(uid=draft)
    try:
        alert = actions.release(user(username), found)
    except Refused as refused:
        return {"refused": refused.code}
    alert.obj.refresh_from_db()
    return {"uid": str(alert.obj.uid), "seq": alert.obj.seq}


def acknowledge(username: str, uid: str, kind: str, reason: str = "") -> dict[str, Any]:
    reader = user(username)
    alert = queries.alert(reader, uid)
    try:
        result = actions.acknowledge(reader, alert, kind, reason)
    except Refused as refused:
        return {"refused": refused.code}
    if isinstance(result, Proposal):
        return {"status": result.status, "proposal": str(result.uid)}
    return {"status": "applied", "seq": result.seq}


def board(username: str) -> list[dict[str, Any]]:
    """What the user's board shows: uid, title, required action, grounds if they may."""
    reader = user(username)
    out = []
    for alert in queries.board(reader):
        out.append(
            {
                "uid": str(alert.obj.uid),
                "title": alert.title,
                "action": str(alert.required_action),
                "origin": alert.origin_agency,
            }
        )
    return out


def acknowledgements(username: str, uid: str) -> list[dict[str, Any]]:
    """Who acknowledged and when, as the issuer's page shows it."""
    alert = queries.alert(user(username), uid)
    return [
        {"agency": a.agency, "name": a.name, "kind": a.kind, "reason": a.reason, "at": a.at}
        for a in queries.acknowledgements(alert)
    ]


def notified(username: str, topic: str) -> list[str]:
    rows = Notification.objects.filter(user=user(username), topic=topic).order_by("id")
    return [describe(n.topic, n.params) for n in rows]


def alert_count() -> int:
    return Alert.objects.count()


def withdraw(username: str, uid: str, reason: str) -> int:
    issuer = user(username)
    change = actions.withdraw(issuer, queries.alert(issuer, uid), reason)
    return int(getattr(change, "seq", 0))
