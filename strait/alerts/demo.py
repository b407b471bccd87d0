"""The demo's alerts: synthetic people, vessels and cars (none stands for a real one), drafted,
submitted and released only through the alerts' actions, as users would on the pages.

On ``ma`` the DGSN releases (an officer or analyst drafts, the supervisor releases: four eyes)
a suspicious-vessel alert about a go-fast the Guardia Civil holds in its records (its copy on
``es`` finds the record at once: a hit), a discreet check on the checks demo's person (a later
check of "Abdelatif El Khattabi" by the Guardia Civil at Algeciras is flagged at once) and a
missing minor. On ``es``, once the copies have arrived, the Guardia Civil acknowledges the
vessel alert and releases a stolen-car alert to the DGSN. The live part of the done-when (a
surge alert for the Fnideq segment, drafted by ``dgsn.officer``, released by
``dgsn.supervisor``, acknowledged by ``gc.officer``) is left to whoever runs the demo. Each
step runs once: a second run finds it done and skips it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from strait.accounts.models import User
from strait.alerts import actions, codes, queries
from strait.alerts.models import Alert
from strait.entities import queries as records
from strait.entities.demo import DEMO_CHECK_SUBJECT_AR

# How long ``es`` waits for the copies of ``ma``'s alerts.
WAIT = 90.0


@dataclass(frozen=True)
class DemoAlert:
    author: str  # username: drafts and submits
    releaser: str  # username: a supervisor of the same agency
    data: dict[str, Any]  # the draft's fields, as the form gives them
    entity_of: str = ""  # the author's own person record found by this name (entity_ref)
    days: int = 7  # validity from now

    @property
    def title(self) -> str:
        return str(self.data["title"])


VESSEL = DemoAlert(
    "dgsn.officer",
    "dgsn.supervisor",
    {
        "type": "suspicious_vessel",
        "title": "Go-fast ESTRELLA SUR leaving the coast near Cabo Negro",
        "handling": "H1",
        "area_kind": "coast",
        "area_codes": ["tanger-fnideq", "algeciras"],
        "addressees": ["es-gc"],
        "details": {
            "mmsi": "224123450",
            "description": "Grey go-fast, three outboard engines, four people on board",
            "direction": "North-east, towards the Bay of Algeciras",
        },
    },
)
DISCREET = DemoAlert(
    "dgsn.analyst",
    "dgsn.supervisor",
    {
        "type": "discreet_check",
        # The title reaches the frontline: it says nothing of why (the grounds do).
        "title": "Discreet check at the ports of Tanger Med and Algeciras",
        "grounds": "Suspected courier of the cannabis resin network of the port; known "
        "only by a first and family name in Arabic; do not alert him.",
        "handling": "H1",
        "area_kind": "ports",
        "area_codes": ["tanger-med", "algeciras"],
        "addressees": ["es-gc"],
    },
    entity_of=DEMO_CHECK_SUBJECT_AR,
    days=30,
)
STOLEN_CAR = DemoAlert(
    "gc.officer",
    "gc.supervisor",
    {
        "type": "stolen_object",
        "title": "Stolen white van, likely shipped to Tanger Med",
        "handling": "H0",
        "area_kind": "ports",
        "area_codes": ["tanger-med"],
        "addressees": ["ma-dgsn"],
        "details": {
            "object_kind": "vehicle",
            "identifier": "4821 KLM",
            "description": "White panel van, stolen in San Roque last night",
        },
    },
)
MA_ALERTS = (VESSEL, DISCREET)
ES_ALERTS = (STOLEN_CAR,)


def _user(username: str) -> User:
    return User.objects.select_related("agency", "agency__country").get(username=username)


def _released(user: User, title: str) -> bool:
    return any(d.title == title for d in queries.released_drafts(user))


def _entity_ref(user: User, name: str) -> str:
    found = records.find(user, name, "person").rows
    return str(found[0].record.uid) if found else ""


def _release(spec: DemoAlert) -> str:
    author, releaser = _user(spec.author), _user(spec.releaser)
    if _released(author, spec.title):
        return f"{spec.title}: released already"
    now = timezone.now()
    data = {**spec.data, "valid_from": now, "valid_until": now + dt.timedelta(days=spec.days)}
    if spec.entity_of:
        data["entity_ref"] = _entity_ref(author, spec.entity_of)
    draft = next((d for d in queries.drafts(author) if d.title == spec.title), None)
    if draft is None or draft.status != codes.DraftStatus.SUBMITTED:  # a retry's is submitted
        draft = actions.save_draft(author, data, draft=draft)
        actions.submit(author, draft)
    alert = actions.release(releaser, draft)
    return f"{spec.title}: drafted by {spec.author}, released by {spec.releaser} ({alert.uid})"


def _wait_for(check: Callable[[], Any], timeout: float = WAIT) -> Any:
    """Poll ``check`` (a read) until it answers something true, or give up with None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    return None


def _copy(user: User, title: str) -> Alert | None:
    return next((a for a in queries.board(user) if a.title == title), None)


def _acknowledge(username: str, spec: DemoAlert, kind: str) -> str:
    user = _user(username)
    alert = _wait_for(lambda: _copy(user, spec.title))
    if alert is None:
        return f"{spec.title}: no copy from ma within {WAIT:.0f}s; not acknowledged"
    if queries.acknowledged_by(alert, user.agency.code):
        return f"{spec.title}: acknowledged already"
    actions.acknowledge(user, alert, kind)
    return f"{spec.title}: acknowledged by {username} ({kind})"


def _retrying(step: Callable[..., str], *args: Any) -> str:
    """A step again when PostgreSQL broke a deadlock against it: the node's own worker applies
    arrivals while the demo sends, and both lock peer rows (their outbox counters) in their own
    order. Each step is idempotent (what is released or acknowledged is skipped)."""
    for attempt in range(3):
        try:
            return step(*args)
        except OperationalError:
            if attempt == 2:
                raise
            time.sleep(1)
    raise AssertionError("unreachable")


def seed_demo_alerts(node_code: str | None = None) -> list[str]:
    """This node's part of the demo alerts; what it did, a line each. The nodes must be peers
    first: the home sends every change to the addressed agencies' nodes."""
    node_code = node_code or settings.NODE.code
    if node_code == "ma":
        return [_retrying(_release, spec) for spec in MA_ALERTS]
    if node_code == "es":
        lines = [_retrying(_acknowledge, "gc.officer", VESSEL, "received")]
        return lines + [_retrying(_release, spec) for spec in ES_ALERTS]
    return []
