"""Issue 14's done-when on real nodes: `ma` and `es` (and `pt`, the demo's third node, which the
situation picture has observing) as separate processes with their own databases, the demo's
users, channels and records on each (`strait manage demo`), each worker delivering envelopes
over HTTP; every step through the JSON API, as each user with their own token.

A DGSN officer in Tangier (`dgsn.officer`) drafts a migration-surge alert for the Tangier-Fnideq
segment and submits it; releasing it himself is refused (four eyes); the DGSN supervisor
(`dgsn.supervisor`) releases it; the Guardia Civil officer at Algeciras (`gc.officer`) finds it
on the board of `es` and is notified, and acknowledges it; the DGSN officer sees on `ma` who
acknowledged and when; the surge shows on both nodes' maps on its segment with the segment's
impact level, and the rapid-reaction log gives the minutes from report to acknowledgement.

The demo's own alerts (`strait manage demo --alerts` on ma, then on es, as `strait demo` runs
them) meet the data on `es`: the suspicious-vessel alert whose MMSI is a vessel the Guardia
Civil holds is flagged on arrival (and acknowledged by the demo's es part), the discreet check
on the checks demo's person (held by DGSN only in Arabic script) is flagged when the Guardia
Civil officer checks "Abdelatif El Khattabi" at the port, and the Guardia Civil's stolen-van
alert, released on es by its supervisor, reaches the DGSN on ma.

What runs inside a node is in tests/nodes/alerts.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from strait.alerts.demo import DISCREET, STOLEN_CAR, VESSEL
from strait.federation.testing import LocalNode
from tests.nodes import alerts, on

# One worker runs the module (--dist loadgroup): its three nodes start once, not once per worker.
pytestmark = [pytest.mark.nodes, pytest.mark.xdist_group("alerts-done-when")]

FAST = {"STRAIT_FEDERATION_BACKOFF_BASE": "0.05"}
TIMEOUT = 60.0
USERS = {"ma": ["dgsn.officer", "dgsn.supervisor"], "es": ["gc.officer"]}


@dataclass
class Pair:
    ma: LocalNode
    es: LocalNode
    tokens: dict[str, str] = field(default_factory=dict)
    demo: dict[str, str] = field(default_factory=dict)  # what `demo --alerts` printed

    def api(self, username: str) -> httpx.Client:
        node = self.ma if username in USERS["ma"] else self.es
        return httpx.Client(
            base_url=f"{node.url}/api/v1",
            headers={"Authorization": f"Bearer {self.tokens[username]}"},
            timeout=30.0,
        )


# Session, not module: the run once split this module's tests on one worker around another
# module's, and the nodes (minutes to start under load) were started twice.
@pytest.fixture(scope="session")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp("alerts-nodes")
    ma = LocalNode("ma", root / "ma", country="MA", settings_env=FAST)
    es = LocalNode("es", root / "es", country="ES", settings_env=FAST)
    # The demo's third node: the situation picture has the PSP observing, so ma sends it there.
    pt = LocalNode("pt", root / "pt", country="PT", settings_env=FAST)
    nodes = (ma, es, pt)
    try:
        for node in nodes:
            node.init()
            node.strait("manage", "demo", "--json")  # users, channels, records
            node.start_server(workers=1, threads=4)
        for node in nodes:
            for other in nodes:
                if other is not node:
                    node.add_peer(other)
        for node in nodes:
            node.start_worker()
        tokens = on(ma, alerts.tokens_for, usernames=USERS["ma"])
        tokens |= on(es, alerts.tokens_for, usernames=USERS["es"])
        # The demo's situation picture: made on ma, the Spanish segments added from es.
        for node in (ma, es):
            on(node, alerts.seed_situation)
        # The demo's alerts: released on ma, then acknowledged and answered from es (which
        # waits for ma's copies), as `strait demo` runs them after the joint operations.
        demo = {node.code: node.strait("manage", "demo", "--alerts") for node in (ma, es)}
        yield Pair(ma, es, tokens, demo)
    finally:
        for node in nodes:
            node.stop()


def wait_for(what: str, check: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


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
    on_es = "SELECT count(*) FROM alerts_alert WHERE title = ?"
    assert pair.es.query(on_es, (SURGE["title"],))[0][0] == 0  # nothing has left ma

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
    notified = on(pair.es, alerts.notified, username="gc.officer")
    assert [n["topic"] for n in notified if uid in n["url"]] == ["alerts.alert"]

    with pair.api("gc.officer") as api:
        detail = api.get(f"/alerts/{uid}").json()
        assert detail["required_action"] == "Reinforce the segment and report the measures taken."
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
    told = on(pair.ma, alerts.notified, username="dgsn.officer")
    assert [n["topic"] for n in told if uid in n["url"]] == ["alerts.acknowledged"]

    # The surge on both nodes' maps, on its segment with the segment's impact level (the
    # picture is shared: the same level on both).
    levels = {}
    for username in ("dgsn.officer", "gc.officer"):
        with pair.api(username) as api:
            drawn = api.get("/situation/map", params={"window": "6h"})
        assert drawn.status_code == 200, drawn.text
        (surge,) = [a for a in drawn.json()["alerts"] if str(a["uid"]) == uid]
        assert (surge["areas"], surge["people"], surge["boats"]) == (["tanger-fnideq"], 300, 0)
        (segment,) = [g for g in drawn.json()["segments"] if g["code"] == "tanger-fnideq"]
        levels[username] = segment["level"]
    assert levels["dgsn.officer"] == levels["gc.officer"]
    assert levels["gc.officer"] in ("low", "medium", "high")

    # The rapid-reaction log: from the release to the partner's acknowledgement, in minutes.
    with pair.api("dgsn.officer") as api:
        log = api.get(f"/situation/surges/{uid}/log")
    assert log.status_code == 200, log.text
    steps = [(step["kind"], step["agency"]) for step in log.json()["steps"]]
    assert steps[:2] == [("released", "ma-dgsn"), ("acknowledged", "es-gc")]
    minutes = log.json()["minutes_to_acknowledgement"]
    print(f"rapid-reaction log: first report to partner acknowledgement: {minutes} minutes")
    assert minutes == 0  # within the minute


def demo_alert(pair: Pair, username: str, title: str) -> str:
    """The uid of the demo alert titled ``title`` on the user's board."""
    with pair.api(username) as api:
        board = api.get("/alerts/").json()
    return next(str(a["uid"]) for a in board if a["title"] == title)


def test_the_demo_vessel_alert_meets_the_guardia_civils_record_on_arrival(pair: Pair) -> None:
    assert "released by dgsn.supervisor" in pair.demo["ma"]
    uid = demo_alert(pair, "gc.officer", VESSEL.title)
    # The MMSI is the Guardia Civil's demo vessel ESTRELLA SUR: flagged on arrival, on es only.
    (hit,) = on(pair.es, alerts.hits, uid=uid)
    assert (hit["agency"], hit["source"]) == ("es-gc", "record")
    assert "Estrella Sur" in hit["label"]
    assert on(pair.ma, alerts.hits, uid=uid) == []
    with pair.api("gc.officer") as api:
        shown = api.get(f"/alerts/{uid}").json()["hits"]
    assert [h["source"] for h in shown] == ["record"]
    told = on(pair.es, alerts.notified, username="gc.officer")
    assert "alerts.hit_record" in [n["topic"] for n in told if uid in n["url"]]

    # The demo's es part acknowledged it; ma shows who.
    def acknowledged_on_ma() -> list[dict[str, Any]]:
        with pair.api("dgsn.officer") as api:
            return list(api.get(f"/alerts/{uid}").json()["acknowledgements"])

    (ack,) = wait_for("the demo's acknowledgement on ma", acknowledged_on_ma)
    assert (ack["agency"], ack["kind"]) == ("es-gc", "received")


def test_a_later_check_at_the_port_matching_an_active_alert_is_flagged(pair: Pair) -> None:
    # The demo's discreet check on DGSN's person of the checks demo, held only as
    # عبد اللطيف الخطابي (born 1980-03-12): es holds no record of him.
    uid = demo_alert(pair, "gc.officer", DISCREET.title)
    assert on(pair.es, alerts.hits, uid=uid) == []

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
        # The frontline sees the required action, never why (the grounds are withheld).
        detail = api.get(f"/alerts/{uid}").json()
    assert detail["required_action"] == "Report discreetly. Do not alert the person."
    assert "courier" not in str(detail.get("grounds", ""))
    # Flagged at once on es, in the check's own transaction: no waiting for ma's answer.
    (hit,) = on(pair.es, alerts.hits, uid=uid)
    assert (hit["agency"], hit["source"], hit["ref"]) == ("es-gc", "check", check.json()["uid"])
    told = on(pair.es, alerts.notified, username="gc.officer")
    assert "alerts.hit_check" in [n["topic"] for n in told if uid in n["url"]]
    # On ma the check arrives at the DGSN, the alert's issuer: flagged there too, under the
    # partner's name and the check's reference (who met the person, and where to ask).
    (issuer,) = wait_for("the hit on ma", lambda: on(pair.ma, alerts.hits, uid=uid))
    assert (issuer["agency"], issuer["source"]) == ("ma-dgsn", "check")
    assert issuer["label"].startswith("GC CK-")


def test_the_guardia_civils_alert_released_on_es_reaches_the_dgsn(pair: Pair) -> None:
    assert "released by gc.supervisor" in pair.demo["es"]
    uid = wait_for(
        "the stolen-van alert on ma",
        lambda: demo_alert_or_none(pair, "dgsn.officer", STOLEN_CAR.title),
    )
    seen = on_board(pair, "dgsn.officer", uid)
    assert seen is not None
    assert seen["type"] == "stolen_object"
    assert seen["origin_agency"] == "es-gc"


def demo_alert_or_none(pair: Pair, username: str, title: str) -> str | None:
    try:
        return demo_alert(pair, username, title)
    except StopIteration:
        return None
