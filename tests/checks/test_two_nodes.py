"""A check between two real nodes (issue 5): `es` and `ma` as separate processes with their own
databases, the demo users, channels and openings on each (`strait manage demo`), the worker of
each delivering envelopes over HTTP.

The Guardia Civil officer at Algeciras checks "Abdelatif El Khattabi" against DGSN, which holds
the person only in Arabic script: the answer is a hit within seconds and carries nothing but
the result and a reference; the officer asks for the details, the request arrives at `ma`
quoting the reference, and the DGSN analyst sees the candidate, decides and answers.

Runs on SQLite files, or on two PostgreSQL databases when STRAIT_DATABASE_URL names a server
(`bin/with-postgres`).
"""

from __future__ import annotations

import json
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from strait.federation.testing import LocalNode

pytestmark = pytest.mark.nodes

FAST = {"STRAIT_FEDERATION_BACKOFF_BASE": "0.05"}
TIMEOUT = 60.0
# The issue asks for an answer "within seconds"; generous for a loaded 2-core machine.
ANSWER_WITHIN = 10.0

PRELUDE = """
import datetime as dt
import json
from django.utils import timezone
from strait.accounts.models import User
from strait.agencies.models import Agency
from strait.audit.models import AuditEntry
from strait.checks import actions, queries
from strait.checks.models import Check, CheckAnswer, IncomingCheck
from strait.exchange import actions as exchange_actions
from strait.exchange import queries as exchange_queries
from strait.exchange.models import Channel, Message
from strait.federation.models import OutboxEnvelope


def user(name):
    return User.objects.select_related("agency").get(username=name)


def agency(code):
    return Agency.objects.get(code=code)


def result(value):
    print("RESULT " + json.dumps(value, default=str))
"""


def django(node: LocalNode, code: str) -> Any:
    output = node.strait("manage", "shell", "-c", PRELUDE + textwrap.dedent(code))
    for line in reversed(output.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line.removeprefix("RESULT "))
    raise AssertionError(f"no RESULT from node {node.code}:\n{output}")


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
    django(
        ma,
        """
        from strait.entities.models import Person, PersonName
        if not PersonName.objects.filter(full_name="عبد اللطيف الخطابي").exists():
            today = timezone.localdate()
            p = Person.objects.create(
                agency=agency("ma-dgsn"), purpose="Test", subject_category="suspect",
                fact_or_assessment="fact", source_reliability="B", information_credibility="2",
                handling="H0", review_date=today + dt.timedelta(days=30),
                retention_date=today + dt.timedelta(days=300), birth_dates=["1980-03-12"],
            )
            PersonName.objects.create(person=p, full_name="عبد اللطيف الخطابي", script="Arab")
        result(True)
        """,
    )
    sent = django(
        es,
        """
        check = actions.send_check(
            actions.Ask(
                kind="person",
                channel=Channel.objects.get(code="port-tanger-med-algeciras"),
                recipients=[agency("ma-dgsn")],
                purpose="Border control at Algeciras",
                names=["Abdelatif El Khattabi"],
                birth_date="1980-03-12",
            ),
            acting_user=user("gc.officer"),
        )
        result(str(check.uid))
        """,
    )
    answered = "SELECT count(*) FROM checks_checkanswer WHERE result != 'pending'"
    wait_until("the answer on es", lambda: es.query(answered)[0][0] == 1)

    seen = django(
        es,
        f"""
        check = queries.check(user("gc.officer"), "{sent}")
        (a,) = check.answers.all()
        result({{"result": a.result, "reference": a.reference,
                "latency": (a.answered_at - check.created_at).total_seconds(),
                 "audit": list(AuditEntry.objects.filter(target="{sent}")
                               .values_list("action", flat=True))}})
        """,
    )
    # From the check's commit on es to its answer stored on es, both by es's clock.
    print(f"check answered in {seen['latency']:.2f} s")
    assert seen["latency"] < ANSWER_WITHIN
    assert seen["result"] == "hit"
    assert seen["reference"].startswith("CK-")
    assert "checks.sent" in seen["audit"]
    assert "checks.answer_received" in seen["audit"]

    travelled = django(
        ma,
        """
        (e,) = OutboxEnvelope.objects.filter(kind="checks.answer")
        result({"body": e.body, "handling": e.handling})
        """,
    )
    body = travelled["body"]
    assert set(body) == {"check", "agency", "result", "reference", "reason", "answered_at"}
    assert (body["result"], body["reference"], body["agency"]) == (
        "hit",
        seen["reference"],
        "ma-dgsn",
    )
    assert "الخطابي" not in json.dumps(body, ensure_ascii=False)

    asked = django(
        es,
        f"""
        check = queries.check(user("gc.officer"), "{sent}")
        (a,) = check.answers.all()
        m = actions.ask_for_details(a, acting_user=user("gc.officer"))
        result({{"uid": str(m.uid), "thread": str(m.thread_uid)}})
        """,
    )
    arrived = "SELECT count(*) FROM exchange_message WHERE kind = 'request'"
    wait_until("the details request on ma", lambda: ma.query(arrived)[0][0] == 1)

    work = django(
        ma,
        """
        analyst = user("dgsn.analyst")
        (incoming,) = queries.incoming_queue(analyst)
        (candidate,) = [c for c in incoming.candidates.all()
                        if "الخطابي" in c.record_label]
        actions.consult(incoming, acting_user=analyst)
        decision = actions.decide(candidate, "match", note="Same date of birth",
                                  acting_user=analyst)
        (request,) = queries.details_requests(analyst, incoming)
        reply = exchange_actions.reply(
            request,
            exchange_actions.Draft(
                channel=request.channel, kind="reply", recipients=[], subject="Re",
                body="Known to us; details follow.", language="es", crime_area="other",
                handling="H0", purpose=request.purpose, subject_category="suspect",
                fact_or_assessment="fact", review_date=request.review_date,
                retention_date=request.retention_date,
            ),
            acting_user=analyst,
        )
        result({"reference": incoming.reference, "request": str(request.uid),
                 "explanation": candidate.explanation, "verdict": decision.verdict,
                 "requester": incoming.requester.code, "reply": str(reply.uid),
                 "subject": request.subject})
        """,
    )
    assert work["reference"] == seen["reference"]
    assert work["request"] == asked["uid"]
    assert seen["reference"] in work["subject"]
    assert "الخطابي" in work["explanation"]
    assert work["verdict"] == "match"
    assert work["requester"] == "es-gc"
    replied = "SELECT count(*) FROM exchange_message WHERE kind = 'reply'"
    wait_until("the answer to the request on es", lambda: es.query(replied)[0][0] == 1)
