"""What tests/checks/test_two_nodes.py does inside each node (see tests/nodes/__init__.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from strait.audit.models import AuditEntry
from strait.checks import actions, queries
from strait.entities.models import Person, PersonName
from strait.exchange import actions as exchange_actions
from strait.exchange.models import Channel
from strait.federation.models import OutboxEnvelope
from tests.nodes.common import agency, user

NAME_AR = "عبد اللطيف الخطابي"


def hold_the_person_in_arabic() -> bool:
    """The person of the demo, held by DGSN only in Arabic script (made if the demo has not)."""
    if not PersonName.objects.filter(full_name=NAME_AR).exists():
        today = timezone.localdate()
        p = Person.objects.create(
            agency=agency("ma-dgsn"),
            purpose="Test",
            subject_category="suspect",
            fact_or_assessment="fact",
            source_reliability="B",
            information_credibility="2",
            handling="H0",
            review_date=today + dt.timedelta(days=30),
            retention_date=today + dt.timedelta(days=300),
            birth_dates=["1980-03-12"],
        )
        PersonName.objects.create(person=p, full_name=NAME_AR, script="Arab")
    return True


def send_the_check() -> str:
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
    return str(check.uid)


def the_answer(uid: str) -> dict[str, Any]:
    check = queries.check(user("gc.officer"), uid)
    assert check is not None
    (a,) = check.answers.all()
    assert a.answered_at is not None
    return {
        "result": a.result,
        "reference": a.reference,
        "latency": (a.answered_at - check.created_at).total_seconds(),
        "audit": list(AuditEntry.objects.filter(target=uid).values_list("action", flat=True)),
    }


def the_answer_envelope() -> dict[str, Any]:
    (e,) = OutboxEnvelope.objects.filter(kind="checks.answer")
    return {"body": e.body, "handling": e.handling}


def ask_for_details(uid: str) -> dict[str, Any]:
    check = queries.check(user("gc.officer"), uid)
    assert check is not None
    (a,) = check.answers.all()
    m = actions.ask_for_details(a, acting_user=user("gc.officer"))
    return {"uid": str(m.uid), "thread": str(m.thread_uid)}


def decide_and_answer() -> dict[str, Any]:
    analyst = user("dgsn.analyst")
    (incoming,) = queries.incoming_queue(analyst)
    (candidate,) = [c for c in incoming.candidates.all() if "الخطابي" in c.record_label]
    actions.consult(incoming, acting_user=analyst)
    decision = actions.decide(candidate, "match", note="Same date of birth", acting_user=analyst)
    (request,) = queries.details_requests(analyst, incoming)
    reply = exchange_actions.reply(
        request,
        exchange_actions.Draft(
            channel=request.channel,
            kind="reply",
            recipients=[],
            subject="Re",
            body="Known to us; details follow.",
            language="es",
            crime_area="other",
            handling="H0",
            purpose=request.purpose,
            subject_category="suspect",
            fact_or_assessment="fact",
            review_date=request.review_date,
            retention_date=request.retention_date,
        ),
        acting_user=analyst,
    )
    return {
        "reference": incoming.reference,
        "request": str(request.uid),
        "explanation": candidate.explanation,
        "verdict": decision.verdict,
        "requester": incoming.requester.code,
        "reply": str(reply.uid),
        "subject": request.subject,
    }
