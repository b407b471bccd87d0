"""A batch of checks between two real nodes (issue 16): `es` and `ma` as separate processes with
their own databases, the demo's users, channels and openings on each (`strait manage demo`),
each worker delivering envelopes over HTTP.

The Guardia Civil officer at Algeciras checks a sailing's travellers and a car against DGSN in
one batch: DGSN's node answers every item with hit or no hit and a reference, nothing else; the
demo's person (held by DGSN only in Arabic script) is the one hit; after ``erase_after`` each
node's task erases its side of the batch but the hit.

What runs inside a node is in tests/nodes/checks_batch.py.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from strait.federation.testing import LocalNode
from tests.nodes import checks, checks_batch, on

# One worker runs the module (--dist loadgroup), its nodes started once for the session.
pytestmark = [pytest.mark.nodes, pytest.mark.xdist_group("checks-batch-nodes")]

FAST = {"STRAIT_FEDERATION_BACKOFF_BASE": "0.05"}
TIMEOUT = 120.0
# From the batch's commit to its last answer on es, both by es's clock: generous for a loaded
# 2-core machine (two envelopes, the index of DGSN's demo records built on the first).
ANSWER_WITHIN = 30.0


@dataclass
class Pair:
    ma: LocalNode
    es: LocalNode


@pytest.fixture(scope="session")
def batch_pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp("checks-batch-nodes")
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
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def test_a_manifest_is_answered_item_by_item_then_erased_on_both_sides(batch_pair: Pair) -> None:
    ma, es = batch_pair.ma, batch_pair.es
    on(ma, checks.hold_the_person_in_arabic)
    uid = on(es, checks_batch.send_the_manifest)
    items = checks_batch.TRAVELLERS + 2
    answered = "SELECT answered FROM checks_checkbatch"
    wait_until("every answer on es", lambda: es.query(answered)[0][0] == items)

    state = on(es, checks_batch.the_batch, uid=uid)
    print(f"batch of {items} items answered in {state['latency']:.2f} s")
    assert state["latency"] < ANSWER_WITHIN
    assert (state["asked"], state["answered"], state["hits"]) == (items, items, 1)
    assert state["sent_envelopes"] == 2  # 250 items at most an envelope
    answers = state["answers"]
    assert answers["p-khattabi"][0] == "hit"
    assert {result for ref, (result, _) in answers.items() if ref != "p-khattabi"} == {"no_hit"}
    assert all(reference.startswith("CK-") for _, reference in answers.values())

    kept = on(ma, checks_batch.what_ma_kept_and_sent, uid=uid)
    assert kept["rows"] == items
    ((label, candidates, reference),) = kept["hits"]
    assert (label, reference) == ("Abdelatif El Khattabi", answers["p-khattabi"][1])
    assert candidates == 1
    assert kept["no_hit_queries"] == ["{}"]  # a traveller without a hit: nothing kept
    travelled = kept["answers"]
    assert len(travelled) == 2
    for body in travelled:
        assert set(body) == {"batch", "agency", "reason", "answered_at", "items"}
        for one in body["items"]:
            assert set(one) == {"check", "result", "reference"}
        text = json.dumps(body, ensure_ascii=False)
        assert "الخطابي" not in text
        assert "Khattabi" not in text

    answering = on(ma, checks_batch.pass_erase_after_and_run_the_task, uid=uid)
    assert answering["erased"] == items - 1
    assert answering["incoming_left"] == ["hit"]
    assert answering["audit"][0]["side"] == "answering"
    asking = on(es, checks_batch.pass_erase_after_and_run_the_task, uid=uid)
    assert asking["erased"] == items - 1
    assert asking["checks_left"] == ["p-khattabi"]
    assert not asking["batch_left"]
    assert asking["audit"][0] == {
        "side": "asking",
        "erased": items - 1,
        "kept_hits": 1,
        "reason": "erase_after",
    }
