"""The exchange between two real nodes (issue 4): `ma` and `es` as separate processes with their
own databases, the demo users and channels on each, envelopes carried through fault-injecting
proxies in both directions (faults switched on where a test says so).

Each node's Django code runs inside that node (tests/nodes/exchange.py, through
`strait manage shell`): users, messages, replies, consents and corrections are made by the app's
own actions, as its pages would. Waiting polls the node's database; the final checks read it back
through Django again.

Runs on SQLite files, or on two PostgreSQL databases when STRAIT_DATABASE_URL names a server
(`bin/with-postgres`).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest

from strait.federation.faultproxy import FaultPlan, FaultProxy
from strait.federation.testing import LocalNode
from tests.nodes import exchange, on

# One worker starts the module's pair for its five tests (not each worker its own).
pytestmark = [pytest.mark.nodes, pytest.mark.xdist_group("exchange-two-nodes")]

# One envelope per request, so the few envelopes of a test meet many faults; a fast back-off.
FAST = {"STRAIT_FEDERATION_BATCH_SIZE": "1", "STRAIT_FEDERATION_BACKOFF_BASE": "0.05"}
TIMEOUT = 60.0


@dataclass
class Pair:
    ma: LocalNode
    es: LocalNode
    to_es: FaultProxy  # ma → es
    to_ma: FaultProxy  # es → ma

    def faults(self, on: bool) -> None:
        self.to_es.enabled = self.to_ma.enabled = on


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    """Both demo nodes with their users, peered through proxies (faults off), workers running."""
    root = tmp_path_factory.mktemp("exchange-nodes")
    ma = LocalNode("ma", root / "ma", country="MA", settings_env=FAST)
    es = LocalNode("es", root / "es", country="ES", settings_env=FAST)
    proxies: list[FaultProxy] = []
    try:
        for node in (ma, es):
            node.init()
            node.strait("manage", "demo", "--json")  # the demo users (demo mode only)
            node.start_server(workers=1, threads=4)
        to_es = FaultProxy(es.port, FaultPlan.uniform(0.35, seed=4)).start()
        to_ma = FaultProxy(ma.port, FaultPlan.uniform(0.35, seed=5)).start()
        proxies = [to_es, to_ma]
        to_es.enabled = to_ma.enabled = False
        ma.add_peer(es, via_url=f"http://127.0.0.1:{to_es.port}")
        es.add_peer(ma, via_url=f"http://127.0.0.1:{to_ma.port}")
        ma.start_worker()
        es.start_worker()
        yield Pair(ma, es, to_es, to_ma)
    finally:
        for proxy in proxies:
            proxy.stop()
        ma.stop()
        es.stop()


def uid_arg(node: LocalNode, uid: str) -> Any:
    """A uuid as the node's database stores it (hex text on SQLite, uuid on PostgreSQL)."""
    value = uuid.UUID(uid)
    return value.hex if node.database_url.startswith("sqlite") else value


def wait_until(what: str, check: Callable[[], bool], timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def count(node: LocalNode, sql: str, *uids: str) -> int:
    """``sql`` is a count with one ``?`` per uid."""
    return int(node.query(sql, tuple(uid_arg(node, u) for u in uids))[0][0])


def arrived(node: LocalNode, *uids: str, erased: bool = False) -> Callable[[], bool]:
    """All of ``uids`` stored on ``node`` (and erased there, with ``erased``)."""
    sql = "SELECT count(*) FROM exchange_message WHERE uid = ?"
    if erased:
        sql += " AND erased_at IS NOT NULL"
    return lambda: all(count(node, sql, uid) == 1 for uid in uids)


def wait_drained(pair: Pair) -> None:
    sql = "SELECT count(*) FROM federation_outboxenvelope WHERE status = 'pending'"
    wait_until(
        "both outboxes drained",
        lambda: pair.ma.query(sql)[0][0] == 0 and pair.es.query(sql)[0][0] == 0,
    )


# --- a. a request and its answer, with the receipts --------------------------------------------


def test_request_answered_across_nodes_with_deadline_and_receipts(pair: Pair) -> None:
    ma, es = pair.ma, pair.es
    sent = on(ma, exchange.send_urgent_request)
    uid = sent["uid"]
    wait_until("the request on es", arrived(es, uid))

    answered = on(es, exchange.read_and_answer, uid=uid)
    assert answered["in_inbox"]
    assert answered["deadline"] == sent["deadline"], "the same deadline on both nodes"
    deadline = datetime.fromisoformat(sent["deadline"]) - datetime.fromisoformat(sent["created"])
    assert deadline == timedelta(hours=8)
    assert answered["urgency"] == "urgent_direct"
    assert (answered["sender"], answered["origin"], answered["sender_user"]) == (
        "ma-dgst",
        "ma",
        None,
    )
    assert answered["body"] == "طلب معلومات عاجل"
    assert answered["before"] == {"es-pn-cgi": [True, False]}, "delivered on arrival, not read"
    assert answered["answered"], "answering marks the request answered on es too"
    assert ["exchange.consulted", "cgi.analyst"] in answered["audit"]
    assert ["exchange.received", ""] in answered["audit"]
    assert ["exchange.disclosed", "cgi.analyst"] in answered["reply_audit"]
    reply = answered["reply"]

    answered_sql = "SELECT count(*) FROM exchange_message WHERE uid = ? AND answered_at IS NOT NULL"
    read_sql = (
        "SELECT count(*) FROM exchange_recipient r JOIN exchange_message m ON m.id = r.message_id"
        " WHERE m.uid = ? AND r.delivered_at IS NOT NULL AND r.read_at IS NOT NULL"
    )
    wait_until(
        "the answer and both receipts on ma",
        lambda: count(ma, answered_sql, uid) == 1 and count(ma, read_sql, uid) == 1,
    )
    seen = on(ma, exchange.the_thread, uid=uid, reply=reply)
    assert [tuple(x) for x in seen["thread"]] == [
        ("request", "ma-dgst", "طلب معلومات عاجل", "ar"),
        ("reply", "es-pn-cgi", "Sin antecedentes en nuestras bases.", "es"),
    ]
    assert (seen["recipient"], seen["read_by"]) == ("es-pn-cgi", "Lucía Navarro Gil")
    assert seen["order"]
    assert ["exchange.disclosed", "dgst.analyst"] in seen["audit"]
    assert ["exchange.received", ""] in seen["reply_audit"]


# --- b. the receiver checks the channel rules against its own copy -----------------------------


def test_receiver_parks_what_its_own_channel_rules_refuse(pair: Pair) -> None:
    ma, es = pair.ma, pair.es
    sent = on(ma, exchange.send_what_the_receiver_refuses)
    # Envelopes apply in order: once the valid one is there, the other two were decided.
    wait_until("the valid item on es", arrived(es, sent["fine"]["uid"]))
    wait_drained(pair)

    checked = on(es, exchange.what_the_receiver_kept, sent=sent)
    inbox = checked["inbox"]
    assert inbox["h3"]["status"] == "parked"
    assert "carries handling codes up to H1, not H3" in inbox["h3"]["reason"]
    assert inbox["stranger"]["status"] == "parked"
    assert "does not take part in the channel" in inbox["stranger"]["reason"]
    assert inbox["fine"] == {"kind": "exchange.message", "status": "applied", "reason": ""}
    assert checked["stored"] == [sent["fine"]["uid"]], "nothing stored of the parked items"
    assert checked["received"]["h3"] == checked["received"]["stranger"] == []
    assert ["exchange.received", ""] in checked["received"]["fine"]

    back = on(ma, exchange.what_the_sender_learnt, sent=sent)
    # The sender learns it from the signed receipt; no delivery receipt for a parked item.
    assert back["h3"]["outbox"][0] == back["stranger"]["outbox"][0] == "parked"
    assert "H3" in back["h3"]["outbox"][1]
    assert back["fine"]["outbox"] == ["delivered", ""]
    assert (back["h3"]["delivered"], back["stranger"]["delivered"]) == (False, False)
    assert back["fine"]["delivered"]


# --- c. an erasure reaches every copy, through faults --------------------------------------------


def test_erasure_reaches_every_copy_exactly_once_under_faults(pair: Pair) -> None:
    ma, es = pair.ma, pair.es
    items = 6
    # What es had applied from ma before this test (other tests share the nodes).
    seq_before = es.query("SELECT coalesce(max(seq), 0) FROM federation_inboxenvelope")[0][0]
    pair.faults(True)
    try:
        # Items from DGSN to two Spanish agencies at once (one copy on es, two recipients).
        uids = on(ma, exchange.send_items_to_erase, items=items)
        wait_until("the items on es", arrived(es, *uids))

        # The CGI passes the first item on to the Guardia Civil, a third party: with consent.
        first = uids[0]
        consent = on(
            es,
            exchange.ask_consent_to_forward,
            uid=first,
            to="es-gc",
            reason="Joint operation in Algeciras",
        )
        consent_sql = "SELECT count(*) FROM exchange_consent WHERE uid = ?"
        wait_until("the consent request on ma", lambda: count(ma, consent_sql, consent) == 1)
        on(ma, exchange.grant_consent, uid=consent)
        granted_sql = "SELECT count(*) FROM exchange_consent WHERE uid = ? AND status = 'granted'"
        wait_until("the consent granted on es", lambda: count(es, granted_sql, consent) == 1)
        copy = on(es, exchange.forward_to_the_guardia_civil, uid=first)

        # The originator erases every item; the notices travel through the same faults.
        on(ma, exchange.erase, uids=uids)
        everything = [*uids, copy]
        wait_until("every copy erased on es", arrived(es, *everything, erased=True))
        wait_drained(pair)
        time.sleep(pair.to_es.plan.late_by + 0.5)  # late copies arrive: they must change nothing
        wait_drained(pair)
    finally:
        pair.faults(False)

    state = on(
        es,
        exchange.after_the_erasure,
        everything=everything,
        first=first,
        copy=copy,
        seq_before=seq_before,
    )
    assert len(state["copies"]) == items + 1
    for uid, (erased, subject, body, about, notices) in state["copies"].items():
        assert erased, uid
        assert (subject, body, about) == ("", "", 0), uid
        assert notices == 1, f"{uid}: one erasure notice, not {notices}"
    # The notices say what happened without repeating what was erased.
    assert len(state["notices"]) == items + 1
    assert not [n for n in state["notices"] if "erase me" in (n[0] + n[1]).lower()], state[
        "notices"
    ]
    assert state["recipients"] == ["es-pn", "es-pn-cgi"]
    assert state["forwarded"] == [first, consent]
    # Each item and each notice applied once on es (the copy's notice was made there), and
    # every envelope from ma in this test (with the consent answer) applied, none parked.
    messages, rows, distinct, not_applied = state["inbox"]
    assert messages == 2 * items
    assert distinct == rows
    assert not_applied == []

    faults = sum(n for f, n in (pair.to_es.counts + pair.to_ma.counts).items() if f != "pass")
    assert faults > 0, (pair.to_es.counts, pair.to_ma.counts)


# --- d. H2 onward use needs the originator's consent, asked across nodes --------------------------


def test_h2_item_forwarded_only_with_the_originators_consent(pair: Pair) -> None:
    ma, es = pair.ma, pair.es
    uid = on(ma, exchange.send_h2_item)
    wait_until("the H2 item on es", arrived(es, uid))

    # es-pn shares the channel but was not a party: H2 needs consent whichever the third party.
    asked = on(es, exchange.try_to_forward_then_ask, uid=uid)
    assert asked["before"].endswith("needs the originator's consent."), asked["before"]
    assert asked["pending"] == asked["before"], "a pending request is not consent"
    assert asked["copies"] == 0
    consent = asked["consent"]

    consent_sql = "SELECT count(*) FROM exchange_consent WHERE uid = ?"
    wait_until("the consent request on ma", lambda: count(ma, consent_sql, consent) == 1)
    answered = on(ma, exchange.see_and_grant_consent, uid=consent)
    assert answered["seen"] == [
        "pending",
        "es-pn-cgi",
        "Lucía Navarro Gil",
        "es-pn",
        "Shared investigation",
    ]
    assert answered["status"] == "granted"

    granted_sql = "SELECT count(*) FROM exchange_consent WHERE uid = ? AND status = 'granted'"
    wait_until("the consent granted on es", lambda: count(es, granted_sql, consent) == 1)
    forwarded = on(es, exchange.forward_with_consent, uid=uid, consent=consent)
    assert forwarded["copy"] == [
        uid,
        consent,
        "H2",  # markings only narrow: asking for H1 keeps the original's H2
        "es-pn-cgi",
        ["es-pn"],
        "Not to be passed on without permission",
    ]
    assert forwarded["consent"] == ["granted", "Nadia Tazi", "Only for this investigation"]
    assert forwarded["in_pn_inbox"]


# --- g. a thread goes on: a follow-up on the answer, closed on one node, reopened on both ------


def test_a_thread_goes_on_is_closed_and_reopened_across_nodes(pair: Pair) -> None:
    ma, es = pair.ma, pair.es
    sent = on(ma, exchange.request_marked_amber)
    wait_until("the request on es", arrived(es, sent["uid"]))
    answer = on(es, exchange.answer_with_the_defaults, uid=sent["uid"])
    assert (answer["tlp"], answer["subject"]) == ("AMBER", "Vehículo")  # kept, no "Re:"
    wait_until("the answer on ma", arrived(ma, answer["uid"]))
    more = on(ma, exchange.follow_up_on, uid=answer["uid"])
    assert more["to"] == ["es-pn-cgi"]
    wait_until("the follow-up on es", arrived(es, more["uid"]))

    on(es, exchange.close_the_thread, thread=sent["thread"])
    closed = "SELECT count(*) FROM exchange_threadstate WHERE thread_uid = ? AND closed"
    assert count(es, closed, sent["thread"]) == 1
    wait_until("the closing on ma", lambda: count(ma, closed, sent["thread"]) == 1)

    # A new message reopens the thread, on both nodes alike.
    again = on(ma, exchange.follow_up_on, uid=answer["uid"])
    assert count(ma, closed, sent["thread"]) == 0
    wait_until("the new follow-up on es", arrived(es, again["uid"]))
    assert count(es, closed, sent["thread"]) == 0
