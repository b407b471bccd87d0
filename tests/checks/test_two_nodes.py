"""A check between two real nodes (issue 5): `es` and `ma` as separate processes with their own
databases, the demo users, channels and openings on each (`strait manage demo`), the worker of
each delivering envelopes over HTTP.

The Guardia Civil officer at Algeciras checks "Abdelatif El Khattabi" against DGSN, which holds
the person only in Arabic script: the answer is a hit within seconds and carries nothing but
the result and a reference; the officer asks for the details, the request arrives at `ma`
quoting the reference, and the DGSN analyst sees the candidate, decides and answers.

What runs inside a node is in tests/nodes/checks.py.

Runs on SQLite files, or on two PostgreSQL databases when STRAIT_DATABASE_URL names a server
(`bin/with-postgres`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from strait.federation.testing import LocalNode
from tests.nodes import checks, on

pytestmark = pytest.mark.nodes

FAST = {"STRAIT_FEDERATION_BACKOFF_BASE": "0.05"}
TIMEOUT = 60.0
# The issue asks for an answer "within seconds"; generous for a loaded 2-core machine.
ANSWER_WITHIN = 10.0


@dataclass
class Pair:
    ma: LocalNode
    es: LocalNode


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp("checks-nodes")
    ma = LocalNode("ma", root / "ma", country="MA", settings_env=FAST)
    es = LocalNode("es", root / "es", country="ES", settings_env=FAST)
    try:
        for node in (ma, es):
            node.init()
            node.strait("manage", "demo", "--json")  # users, channels, openings
            node.start_server(workers=1, threads=4)
        ma.add_peer(es)
        es.add_peer(ma)
        ma.start_worker()
        es.start_worker()
        yield Pair(ma, es)
    finally:
        ma.stop()
        es.stop()


def wait_until(what: str, check: Callable[[], bool], timeout: float = TIMEOUT) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if check():
            return time.monotonic() - start
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def test_check_hit_across_scripts_then_details_request_and_decision(pair: Pair) -> None:
    ma, es = pair.ma, pair.es
    # The person of the demo, held by DGSN only in Arabic script (made here if the demo has not).
    on(ma, checks.hold_the_person_in_arabic)
    sent = on(es, checks.send_the_check)
    answered = "SELECT count(*) FROM checks_checkanswer WHERE result != 'pending'"
    wait_until("the answer on es", lambda: es.query(answered)[0][0] == 1)

    seen = on(es, checks.the_answer, uid=sent)
    # From the check's commit on es to its answer stored on es, both by es's clock.
    print(f"check answered in {seen['latency']:.2f} s")
    assert seen["latency"] < ANSWER_WITHIN
    assert seen["result"] == "hit"
    assert seen["reference"].startswith("CK-")
    assert "checks.sent" in seen["audit"]
    assert "checks.answer_received" in seen["audit"]

    travelled = on(ma, checks.the_answer_envelope)
    body = travelled["body"]
    assert set(body) == {"check", "agency", "result", "reference", "reason", "answered_at"}
    assert (body["result"], body["reference"], body["agency"]) == (
        "hit",
        seen["reference"],
        "ma-dgsn",
    )
    assert "الخطابي" not in json.dumps(body, ensure_ascii=False)

    asked = on(es, checks.ask_for_details, uid=sent)
    arrived = "SELECT count(*) FROM exchange_message WHERE kind = 'request'"
    wait_until("the details request on ma", lambda: ma.query(arrived)[0][0] == 1)

    work = on(ma, checks.decide_and_answer)
    assert work["reference"] == seen["reference"]
    assert work["request"] == asked["uid"]
    assert seen["reference"] in work["subject"]
    assert "الخطابي" in work["explanation"]
    assert work["verdict"] == "match"
    assert work["requester"] == "es-gc"
    replied = "SELECT count(*) FROM exchange_message WHERE kind = 'reply'"
    wait_until("the answer to the request on es", lambda: es.query(replied)[0][0] == 1)
