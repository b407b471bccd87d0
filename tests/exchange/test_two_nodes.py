"""The exchange between two real nodes (issue 4): `ma` and `es` as separate processes with their
own databases, the demo users and channels on each, envelopes carried through fault-injecting
proxies in both directions (faults switched on where a test says so).

Each node's Django code runs inside that node (`strait manage shell -c`): users, messages,
replies, consents and corrections are made by the app's own actions, as its pages would. Waiting
polls the node's database; the final checks read it back through Django again.

Runs on SQLite files, or on two PostgreSQL databases when STRAIT_DATABASE_URL names a server
(`bin/with-postgres`).
"""

from __future__ import annotations

import json
import textwrap
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest

from strait.federation.faultproxy import FaultPlan, FaultProxy
from strait.federation.testing import LocalNode

pytestmark = pytest.mark.nodes

# One envelope per request, so the few envelopes of a test meet many faults; a fast back-off.
FAST = {"STRAIT_FEDERATION_BATCH_SIZE": "1", "STRAIT_FEDERATION_BACKOFF_BASE": "0.05"}
TIMEOUT = 60.0

# Defined in the node's shell before each snippet: how a test writes through the app's actions.
PRELUDE = '''
import datetime as dt
import json
from django.utils import timezone
from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.audit.models import AuditEntry
from strait.exchange import actions, codes, onward, queries
from strait.exchange.models import Channel, Consent, Message, Recipient
from strait.exchange.rules import RuleViolation
from strait.federation.models import InboxEnvelope, OutboxEnvelope


def user(name):
    return User.objects.select_related("agency").get(username=name)


def agency(code):
    return Agency.objects.get(code=code)


def channel(code):
    return Channel.objects.get(code=code)


def message(uid):
    return Message.objects.select_related("channel", "sender_agency").get(uid=uid)


def draft(channel_code, kind, to, **fields):
    today = timezone.localdate()
    values = dict(
        channel=channel(channel_code),
        kind=kind,
        recipients=[agency(code) for code in to],
        subject="Test item",
        body="Test body",
        language="en",
        crime_area="terrorism",
        handling="H1",
        purpose="Prevention of a terrorist offence",
        subject_category="suspect",
        fact_or_assessment="fact",
        review_date=today + dt.timedelta(days=30),
        retention_date=today + dt.timedelta(days=365),
    )
    if kind == "information":
        values.update(source_reliability="B", information_credibility="2")
    values.update(fields)
    return actions.Draft(**values)


def envelope_of(uid):
    """The outbox envelope that carried the message ``uid`` to the peer."""
    row = OutboxEnvelope.objects.get(kind="exchange.message", body__uid=str(uid))
    return str(row.envelope_id)


def audit(target):
    return sorted(
        AuditEntry.objects.filter(target=str(target)).values_list("action", "actor").distinct()
    )


def result(value):
    print("RESULT " + json.dumps(value, default=str))
'''


def django(node: LocalNode, code: str) -> Any:
    """Run ``code`` in ``node``'s Django (after PRELUDE) and return what it passed to result()."""
    output = node.strait("manage", "shell", "-c", PRELUDE + textwrap.dedent(code))
    for line in reversed(output.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line.removeprefix("RESULT "))
    raise AssertionError(f"no RESULT from node {node.code}:\n{output}")


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
    sent = django(
        ma,
        """
        m = actions.send_message(
            draft("direct-dgst-cgi", "request", ["es-pn-cgi"], urgency="urgent_direct",
                  subject="Solicitud urgente", body="طلب معلومات عاجل", language="ar"),
            acting_user=user("dgst.analyst"),
        )
        result({"uid": str(m.uid), "deadline": m.deadline.isoformat(),
                "created": m.created_at.isoformat()})
        """,
    )
    uid = sent["uid"]
    wait_until("the request on es", arrived(es, uid))

    answered = django(
        es,
        f"""
        cgi = user("cgi.analyst")
        inbox = [r.message for r in queries.inbox(cgi)]
        m = queries.message(cgi, "{uid}")
        before = {{r.agency.code: (r.delivered_at is not None, r.read_at is not None)
                  for r in m.recipients.select_related("agency")}}
        actions.mark_read([m], acting_user=cgi)
        reply = actions.reply(
            m,
            draft("direct-dgst-cgi", "reply", [], subject="Respuesta",
                  body="Sin antecedentes en nuestras bases.", language="es"),
            acting_user=cgi,
        )
        m.refresh_from_db()
        result({{
            "in_inbox": "{uid}" in [str(i.uid) for i in inbox],
            "deadline": m.deadline.isoformat(), "urgency": m.urgency,
            "sender": m.sender_agency.code, "sender_user": m.sender_user_id,
            "body": m.body, "origin": m.origin_node, "answered": m.answered_at is not None,
            "before": before, "reply": str(reply.uid), "audit": audit("{uid}"),
            "reply_audit": audit(reply.uid),
        }})
        """,
    )
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
    seen = django(
        ma,
        f"""
        salma = user("dgst.analyst")
        m = message("{uid}")
        thread = queries.thread(salma, m.thread_uid)
        r = m.recipients.get()
        result({{
            "thread": [(x.kind, x.sender_agency.code, x.body, x.language) for x in thread],
            "recipient": r.agency.code, "read_by": r.read_by_name,
            "order": r.delivered_at <= r.read_at,
            "audit": audit("{uid}"), "reply_audit": audit("{reply}"),
        }})
        """,
    )
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
    sent = django(
        ma,
        """
        port = channel("port-tanger-med-algeciras")  # H1 at most, on both nodes
        direct = channel("direct-dgst-cgi")  # ma-dgst and es-pn-cgi only, on both nodes
        # Ma's copies made more permissive than es's, as a misconfigured or hostile node would.
        port.max_handling = "H3"
        port.save()
        direct.agencies.add(agency("es-pn-cgef"))
        try:
            h3 = actions.send_message(
                draft("port-tanger-med-algeciras", "information", ["es-gc"], handling="H3",
                      handling_conditions="No use in court", subject="Rules: H3"),
                acting_user=user("dgsn.officer"),
            )
            stranger = actions.send_message(
                draft("direct-dgst-cgi", "information", ["es-pn-cgef"], subject="Rules: agency"),
                acting_user=user("dgst.analyst"),
            )
        finally:
            port.max_handling = "H1"
            port.save()
            direct.agencies.remove(agency("es-pn-cgef"))
        fine = actions.send_message(
            draft("port-tanger-med-algeciras", "information", ["es-gc"], subject="Rules: fine"),
            acting_user=user("dgsn.officer"),
        )
        result({name: {"uid": str(m.uid), "envelope": envelope_of(m.uid)}
                for name, m in (("h3", h3), ("stranger", stranger), ("fine", fine))})
        """,
    )
    # Envelopes apply in order: once the valid one is there, the other two were decided.
    wait_until("the valid item on es", arrived(es, sent["fine"]["uid"]))
    wait_drained(pair)

    checked = django(
        es,
        f"""
        sent = {json.dumps(sent)}
        inbox = {{name: InboxEnvelope.objects.filter(envelope_id=item["envelope"])
                        .values("kind", "status", "reason").first()
                 for name, item in sent.items()}}
        result({{
            "inbox": inbox,
            "stored": sorted(str(u) for u in Message.objects.filter(
                uid__in=[item["uid"] for item in sent.values()]).values_list("uid", flat=True)),
            "received": {{name: audit(item["uid"]) for name, item in sent.items()}},
        }})
        """,
    )
    inbox = checked["inbox"]
    assert inbox["h3"]["status"] == "parked"
    assert "carries handling codes up to H1, not H3" in inbox["h3"]["reason"]
    assert inbox["stranger"]["status"] == "parked"
    assert "does not take part in the channel" in inbox["stranger"]["reason"]
    assert inbox["fine"] == {"kind": "exchange.message", "status": "applied", "reason": ""}
    assert checked["stored"] == [sent["fine"]["uid"]], "nothing stored of the parked items"
    assert checked["received"]["h3"] == checked["received"]["stranger"] == []
    assert ["exchange.received", ""] in checked["received"]["fine"]

    back = django(
        ma,
        f"""
        sent = {json.dumps(sent)}
        result({{name: {{
            "outbox": OutboxEnvelope.objects.filter(envelope_id=item["envelope"])
                      .values_list("status", "reason").get(),
            "delivered": message(item["uid"]).recipients.get().delivered_at is not None,
        }} for name, item in sent.items()}})
        """,
    )
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
        uids = django(
            ma,
            f"""
            officer = user("dgsn.officer")
            sent = [
                actions.send_message(
                    draft("liaison-es-ct-rabat", "information", ["es-pn", "es-pn-cgi"],
                          subject=f"Erase me {{n}}", body=f"Persona equivocada {{n}}"),
                    acting_user=officer,
                )
                for n in range({items})
            ]
            result([str(m.uid) for m in sent])
            """,
        )
        wait_until("the items on es", arrived(es, *uids))

        # The CGI passes the first item on to the Guardia Civil, a third party: with consent.
        first = uids[0]
        consent = django(
            es,
            f"""
            m = message("{first}")
            c = onward.request_consent(m, purpose="forward", third_party=agency("es-gc"),
                                       reason="Joint operation in Algeciras",
                                       acting_user=user("cgi.analyst"))
            result(str(c.uid))
            """,
        )
        consent_sql = "SELECT count(*) FROM exchange_consent WHERE uid = ?"
        wait_until("the consent request on ma", lambda: count(ma, consent_sql, consent) == 1)
        django(
            ma,
            f"""
            c = Consent.objects.get(uid="{consent}")
            onward.answer_consent(c, granted=True, note="", acting_user=user("dgsn.supervisor"))
            result(None)
            """,
        )
        granted_sql = "SELECT count(*) FROM exchange_consent WHERE uid = ? AND status = 'granted'"
        wait_until("the consent granted on es", lambda: count(es, granted_sql, consent) == 1)
        copy = django(
            es,
            f"""
            copy = onward.forward(message("{first}"), channel=channel("liaison-ma-madrid"),
                                  to=agency("es-gc"), note="Para su conocimiento",
                                  handling="H1", acting_user=user("cgi.analyst"))
            result(str(copy.uid))
            """,
        )

        # The originator erases every item; the notices travel through the same faults.
        django(
            ma,
            f"""
            officer = user("dgsn.officer")
            for uid in {json.dumps(uids)}:
                actions.correct(message(uid), "erasure", "Wrong person: erase.",
                                acting_user=officer)
            result(None)
            """,
        )
        everything = [*uids, copy]
        wait_until("every copy erased on es", arrived(es, *everything, erased=True))
        wait_drained(pair)
        time.sleep(pair.to_es.plan.late_by + 0.5)  # late copies arrive: they must change nothing
        wait_drained(pair)
    finally:
        pair.faults(False)

    state = django(
        es,
        f"""
        everything = {json.dumps(everything)}
        copies = Message.objects.filter(uid__in=everything)
        rows = InboxEnvelope.objects.filter(origin__code="ma", seq__gt={seq_before})
        result({{
            "copies": {{str(m.uid): [m.erased_at is not None, m.subject, m.body, m.about.count(),
                                   Message.objects.filter(kind="erasure",
                                                          in_reply_to_uid=m.uid).count()]
                       for m in copies}},
            "notices": sorted(Message.objects.filter(kind="erasure", in_reply_to_uid__in=everything)
                              .values_list("subject", "search_text")),
            "recipients": sorted(Recipient.objects.filter(message__uid="{first}")
                                 .values_list("agency__code", flat=True)),
            "forwarded": Message.objects.filter(uid="{copy}")
                         .values_list("forwarded_from_uid", "consent_uid").get(),
            "inbox": [rows.filter(kind="exchange.message").count(),
                      rows.count(), rows.values("envelope_id").distinct().count(),
                      list(rows.exclude(status="applied").values_list("kind", "reason"))],
        }})
        """,
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
    uid = django(
        ma,
        """
        m = actions.send_message(
            draft("liaison-es-ct-rabat", "information", ["es-pn-cgi"], handling="H2",
                  subject="H2 item", body="Not to be passed on without permission"),
            acting_user=user("dgsn.officer"),
        )
        result(str(m.uid))
        """,
    )
    wait_until("the H2 item on es", arrived(es, uid))

    # es-pn shares the channel but was not a party: H2 needs consent whichever the third party.
    asked = django(
        es,
        f"""
        cgi = user("cgi.analyst")
        m = message("{uid}")

        def attempt():
            try:
                onward.forward(m, channel=channel("liaison-es-ct-rabat"), to=agency("es-pn"),
                               note="", handling="H2", acting_user=cgi)
            except RuleViolation as refused:
                return str(refused)
            return None

        before = attempt()
        c = onward.request_consent(m, purpose="forward", third_party=agency("es-pn"),
                                   reason="Shared investigation", acting_user=cgi)
        result({{"before": before, "pending": attempt(), "consent": str(c.uid),
                 "copies": Message.objects.filter(forwarded_from_uid=m.uid).count()}})
        """,
    )
    assert asked["before"].endswith("needs the originator's consent."), asked["before"]
    assert asked["pending"] == asked["before"], "a pending request is not consent"
    assert asked["copies"] == 0
    consent = asked["consent"]

    consent_sql = "SELECT count(*) FROM exchange_consent WHERE uid = ?"
    wait_until("the consent request on ma", lambda: count(ma, consent_sql, consent) == 1)
    answered = django(
        ma,
        f"""
        c = Consent.objects.select_related("requester_agency", "third_party").get(uid="{consent}")
        seen = [c.status, c.requester_agency.code, c.requester_name, c.third_party.code, c.reason]
        c = onward.answer_consent(c, granted=True, note="Only for this investigation",
                                  acting_user=user("dgsn.supervisor"))
        result({{"seen": seen, "status": c.status}})
        """,
    )
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
    forwarded = django(
        es,
        f"""
        cgi = user("cgi.analyst")
        copy = onward.forward(message("{uid}"), channel=channel("liaison-es-ct-rabat"),
                              to=agency("es-pn"), note="", handling="H1", acting_user=cgi)
        c = Consent.objects.get(uid="{consent}")
        result({{
            "copy": [str(copy.forwarded_from_uid), str(copy.consent_uid), copy.handling,
                     copy.sender_agency.code, [r.agency.code for r in copy.recipients.all()],
                     copy.body],
            "consent": [c.status, c.answered_by_name, c.answer_note],
            "in_pn_inbox": copy.uid in [
                r.message.uid for r in queries.inbox(user("pn.supervisor"))
            ],
        }})
        """,
    )
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
