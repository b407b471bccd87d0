"""Issue 14's done-when on two real nodes: `ma` and `es` as separate processes with their own
databases, the demo's users, channels and records on each (`strait manage demo`), each worker
delivering envelopes over HTTP; every step through the JSON API, as each user with their own
token.

A DGSN officer in Tangier (`dgsn.officer`) drafts a migration-surge alert for the Tangier-Fnideq
segment and submits it; releasing it himself is refused (four eyes); the DGSN supervisor
(`dgsn.supervisor`) releases it; the Guardia Civil officer at Algeciras (`gc.officer`) finds it
on the board of `es` and is notified, and acknowledges it; the DGSN officer sees on `ma` who
acknowledged and when. Then the alerts meet the data on `es`: a suspicious-vessel alert whose
MMSI is a vessel the Guardia Civil holds is flagged on arrival, and a discreet check on the
checks demo's person (held by DGSN only in Arabic script) is flagged when the Guardia Civil
officer checks "Abdelatif El Khattabi" at the port.

What runs inside a node is in tests/nodes/alerts.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from strait.federation.testing import LocalNode
from tests.nodes import alerts, on

pytestmark = pytest.mark.nodes

FAST = {"STRAIT_FEDERATION_BACKOFF_BASE": "0.05"}
TIMEOUT = 60.0
USERS = {"ma": ["dgsn.officer", "dgsn.supervisor", "dgsn.analyst"], "es": ["gc.officer"]}


@dataclass
class Pair:
    ma: LocalNode
    es: LocalNode
    tokens: dict[str, str] = field(default_factory=dict)

    def api(self, username: str) -> httpx.Client:
        node = self.ma if username in USERS["ma"] else self.es
        return httpx.Client(
            base_url=f"{node.url}/api/v1",
            headers={"Authorization": f"Bearer {self.tokens[username]}"},
            timeout=30.0,
        )


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp("alerts-nodes")
    ma = LocalNode("ma", root / "ma", country="MA", settings_env=FAST)
    es = LocalNode("es", root / "es", country="ES", settings_env=FAST)
    try:
        for node in (ma, es):
            node.init()
            node.strait("manage", "demo", "--json")  # users, channels, records
            node.start_server(workers=1, threads=4)
        ma.add_peer(es)
        es.add_peer(ma)
        ma.start_worker()
        es.start_worker()
        tokens = on(ma, alerts.tokens_for, usernames=USERS["ma"])
        tokens |= on(es, alerts.tokens_for, usernames=USERS["es"])
        yield Pair(ma, es, tokens)
    finally:
        ma.stop()
        es.stop()


def wait_for(what: str, check: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def release(pair: Pair, author: str, draft: dict[str, Any]) -> str:
    """Draft and submit as ``author``, release as the DGSN supervisor: the alert's uid."""
    with pair.api(author) as api:
        made = api.post("/alerts/drafts", json=draft)
        assert made.status_code == 201, made.text
        uid = made.json()["uid"]
        submitted = api.post(f"/alerts/drafts/{uid}/submit")
        assert submitted.status_code == 200, submitted.text
    with pair.api("dgsn.supervisor") as api:
        released = api.post(f"/alerts/review/{uid}/release")
        assert released.status_code == 201, released.text
    with pair.api(author) as api:
        alert = api.get(f"/alerts/drafts/{uid}").json()["alert"]
    assert alert
    return str(alert)


def on_board(pair: Pair, username: str, uid: str) -> dict[str, Any] | None:
    with pair.api(username) as api:
        board = api.get("/alerts/")
        assert board.status_code == 200, board.text
        return next((a for a in board.json() if str(a["uid"]) == uid), None)


SURGE = {
    "type": "migration_surge",
    "title": "Surge: about 300 people gathering on the beach north of Fnideq",
    "handling": "H0",
    "area_kind": "coast",
    "area_codes": ["tanger-fnideq"],
    "addressees": ["es-gc"],
    "details": {
        "place": "Fnideq, the beach north of the town",
        "estimated_people": 300,
        "boats": 0,
        "direction": "North, swimming along the breakwater towards Ceuta",
    },
}


def test_surge_alert_drafted_released_seen_and_acknowledged_across_nodes(pair: Pair) -> None:
    # The officer drafts and submits; he may not release his own alert (four eyes, AC-05).
    with pair.api("dgsn.officer") as api:
        made = api.post("/alerts/drafts", json=SURGE)
        assert made.status_code == 201, made.text
        draft = made.json()["uid"]
        assert api.post(f"/alerts/drafts/{draft}/submit").status_code == 200
        refused = api.post(f"/alerts/review/{draft}/release")
        assert refused.status_code == 403, refused.text
    assert pair.es.query("SELECT count(*) FROM alerts_alert")[0][0] == 0  # nothing left ma

    with pair.api("dgsn.supervisor") as api:
        released = api.post(f"/alerts/review/{draft}/release")
        assert released.status_code == 201, released.text
    released_at = time.monotonic()
    with pair.api("dgsn.officer") as api:
        uid = str(api.get(f"/alerts/drafts/{draft}").json()["alert"])

    # The Guardia Civil officer at Algeciras: on the board of es, told by a notification.
    seen = wait_for("the alert on es's board", lambda: on_board(pair, "gc.officer", uid))
    print(f"released on ma -> on the board of es: {time.monotonic() - released_at:.2f} s")
    assert seen["type"] == "migration_surge"
    assert seen["title"] == SURGE["title"]
    assert seen["acknowledged_by_my_agency"] is False
    (notified,) = on(pair.es, alerts.notified, username="gc.officer")
    assert notified["topic"] == "alerts.alert"
    assert uid in notified["url"]

    with pair.api("gc.officer") as api:
        detail = api.get(f"/alerts/{uid}").json()
        assert detail["required_action"] == ("Reinforce the segment and report the measures taken.")
        acknowledged = api.post(f"/alerts/{uid}/acknowledge", json={"kind": "received"})
        assert acknowledged.status_code == 202, acknowledged.text  # a proposal to ma, the home
    acknowledged_at = time.monotonic()

    # The issuer sees who acknowledged, and when.
    def acknowledged_on_ma() -> list[dict[str, Any]]:
        with pair.api("dgsn.officer") as api:
            return list(api.get(f"/alerts/{uid}").json()["acknowledgements"])

    (ack,) = wait_for("the acknowledgement on ma", acknowledged_on_ma)
    print(f"acknowledged on es -> seen on ma: {time.monotonic() - acknowledged_at:.2f} s")
    assert ack["agency"] == "es-gc"
    assert ack["kind"] == "received"
    assert ack["name"] == "Javier Romero Ortega"
    assert ack["at"]
    # ... and es's copy stands at the same change, acknowledged by its agency.
    assert wait_for(
        "the acknowledgement back on es",
        lambda: (on_board(pair, "gc.officer", uid) or {}).get("acknowledged_by_my_agency"),
    )
    told = [n["topic"] for n in on(pair.ma, alerts.notified, username="dgsn.officer")]
    assert "alerts.acknowledged" in told


VESSEL = {
    "type": "suspicious_vessel",
    "title": "Go-fast leaving the coast near Cabo Negro",
    "handling": "H1",
    "area_kind": "coast",
    "area_codes": ["tanger-fnideq"],
    "addressees": ["es-gc"],
    "details": {"mmsi": "224123450", "description": "Grey go-fast, three engines"},
}


def test_a_vessel_alert_meets_the_guardia_civils_record_on_arrival(pair: Pair) -> None:
    uid = release(pair, "dgsn.officer", VESSEL)
    wait_for("the vessel alert on es", lambda: on_board(pair, "gc.officer", uid))
    # The MMSI is the Guardia Civil's demo vessel ESTRELLA SUR: flagged on arrival, on es only.
    (hit,) = wait_for("the hit on es", lambda: on(pair.es, alerts.hits, uid=uid))
    assert (hit["agency"], hit["source"]) == ("es-gc", "record")
    assert "Estrella Sur" in hit["label"]
    assert on(pair.ma, alerts.hits, uid=uid) == []
    with pair.api("gc.officer") as api:
        shown = api.get(f"/alerts/{uid}").json()["hits"]
    assert [h["source"] for h in shown] == ["record"]
    assert "alerts.hit_record" in [
        n["topic"] for n in on(pair.es, alerts.notified, username="gc.officer")
    ]


DISCREET = {
    "type": "discreet_check",
    "title": "Discreet check: a courier of the port network",
    "grounds": "Suspected courier of the port network; do not alert him.",
    "handling": "H1",
    "area_kind": "ports",
    "area_codes": ["algeciras"],
    "addressees": ["es-gc"],
}


def test_a_later_check_at_the_port_matching_an_active_alert_is_flagged(pair: Pair) -> None:
    # DGSN's person of the checks demo, held only as عبد اللطيف الخطابي (born 1980-03-12).
    subject = on(pair.ma, alerts.demo_subject)
    uid = release(pair, "dgsn.analyst", {**DISCREET, "entity_ref": subject})
    wait_for("the discreet check on es", lambda: on_board(pair, "gc.officer", uid))
    assert on(pair.es, alerts.hits, uid=uid) == []  # es holds no record of him

    with pair.api("gc.officer") as api:
        check = api.post(
            "/checks/",
            json={
                "kind": "person",
                "channel": "port-tanger-med-algeciras",
                "recipients": ["ma-dgsn"],
                "purpose": "Boarding check at Algeciras",
                "names": ["Abdelatif El Khattabi"],
                "birth_date": "1980-03-12",
            },
        )
        assert check.status_code == 201, check.text
    # Flagged at once on es, in the check's own transaction: no waiting for ma's answer.
    (hit,) = on(pair.es, alerts.hits, uid=uid)
    assert (hit["agency"], hit["source"], hit["ref"]) == ("es-gc", "check", check.json()["uid"])
    topics = [n["topic"] for n in on(pair.es, alerts.notified, username="gc.officer")]
    assert "alerts.hit_check" in topics
