"""What tests/exchange/test_two_nodes.py does inside each node (see tests/nodes/__init__.py):
users, messages, replies, consents and corrections made by the app's own actions, as its pages
would, and read back through Django."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from strait.audit.models import AuditEntry
from strait.exchange import actions, defaults, onward, queries
from strait.exchange.models import Channel, Consent, Message, Recipient
from strait.exchange.rules import RuleViolation
from strait.federation.models import InboxEnvelope, OutboxEnvelope
from tests.nodes.common import agency, user


def channel(code: str) -> Channel:
    return Channel.objects.get(code=code)


def message(uid: str) -> Message:
    return Message.objects.select_related("channel", "sender_agency").get(uid=uid)


def draft(channel_code: str, kind: str, to: list[str], **fields: Any) -> actions.Draft:
    today = timezone.localdate()
    values: dict[str, Any] = dict(
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


def envelope_of(uid: Any) -> str:
    """The outbox envelope that carried the message ``uid`` to the peer."""
    row = OutboxEnvelope.objects.get(kind="exchange.message", body__uid=str(uid))
    return str(row.envelope_id)


def audit(target: Any) -> list[tuple[str, str]]:
    return sorted(
        AuditEntry.objects.filter(target=str(target)).values_list("action", "actor").distinct()
    )


# --- a. a request and its answer, with the receipts ----------------------------------------------


def send_urgent_request() -> dict[str, Any]:
    m = actions.send_message(
        draft(
            "direct-dgst-cgi",
            "request",
            ["es-pn-cgi"],
            urgency="urgent_direct",
            subject="Solicitud urgente",
            body="طلب معلومات عاجل",
            language="ar",
        ),
        acting_user=user("dgst.analyst"),
    )
    assert m.deadline is not None
    return {
        "uid": str(m.uid),
        "deadline": m.deadline.isoformat(),
        "created": m.created_at.isoformat(),
    }


def read_and_answer(uid: str) -> dict[str, Any]:
    cgi = user("cgi.analyst")
    inbox = [r.message for r in queries.inbox(cgi)]
    m = queries.message(cgi, uid)
    assert m is not None
    before = {
        r.agency.code: (r.delivered_at is not None, r.read_at is not None)
        for r in m.recipients.select_related("agency")
    }
    actions.mark_read([m], acting_user=cgi)
    reply = actions.reply(
        m,
        draft(
            "direct-dgst-cgi",
            "reply",
            [],
            subject="Respuesta",
            body="Sin antecedentes en nuestras bases.",
            language="es",
        ),
        acting_user=cgi,
    )
    m.refresh_from_db()
    assert m.deadline is not None
    return {
        "in_inbox": uid in [str(i.uid) for i in inbox],
        "deadline": m.deadline.isoformat(),
        "urgency": m.urgency,
        "sender": m.sender_agency.code,
        "sender_user": m.sender_user_id,
        "body": m.body,
        "origin": m.origin_node,
        "answered": m.answered_at is not None,
        "before": before,
        "reply": str(reply.uid),
        "audit": audit(uid),
        "reply_audit": audit(reply.uid),
    }


def the_thread(uid: str, reply: str) -> dict[str, Any]:
    salma = user("dgst.analyst")
    m = message(uid)
    thread = queries.thread(salma, m.thread_uid)
    r = m.recipients.get()
    assert r.delivered_at is not None
    assert r.read_at is not None
    return {
        "thread": [(x.kind, x.sender_agency.code, x.body, x.language) for x in thread],
        "recipient": r.agency.code,
        "read_by": r.read_by_name,
        "order": r.delivered_at <= r.read_at,
        "audit": audit(uid),
        "reply_audit": audit(reply),
    }


# --- b. the receiver checks the channel rules against its own copy -------------------------------


def send_what_the_receiver_refuses() -> dict[str, Any]:
    port = channel("port-tanger-med-algeciras")  # H1 at most, on both nodes
    direct = channel("direct-dgst-cgi")  # ma-dgst and es-pn-cgi only, on both nodes
    # Ma's copies made more permissive than es's, as a misconfigured or hostile node would.
    port.max_handling = "H3"
    port.save()
    direct.agencies.add(agency("es-pn-cgef"))
    try:
        h3 = actions.send_message(
            draft(
                "port-tanger-med-algeciras",
                "information",
                ["es-gc"],
                handling="H3",
                handling_conditions="No use in court",
                subject="Rules: H3",
            ),
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
    return {
        name: {"uid": str(m.uid), "envelope": envelope_of(m.uid)}
        for name, m in (("h3", h3), ("stranger", stranger), ("fine", fine))
    }


def what_the_receiver_kept(sent: dict[str, dict[str, str]]) -> dict[str, Any]:
    inbox = {
        name: InboxEnvelope.objects.filter(envelope_id=item["envelope"])
        .values("kind", "status", "reason")
        .first()
        for name, item in sent.items()
    }
    uids = [item["uid"] for item in sent.values()]
    return {
        "inbox": inbox,
        "stored": sorted(
            str(u) for u in Message.objects.filter(uid__in=uids).values_list("uid", flat=True)
        ),
        "received": {name: audit(item["uid"]) for name, item in sent.items()},
    }


def what_the_sender_learnt(sent: dict[str, dict[str, str]]) -> dict[str, Any]:
    return {
        name: {
            "outbox": OutboxEnvelope.objects.filter(envelope_id=item["envelope"])
            .values_list("status", "reason")
            .get(),
            "delivered": message(item["uid"]).recipients.get().delivered_at is not None,
        }
        for name, item in sent.items()
    }


# --- c. an erasure reaches every copy, through faults --------------------------------------------


def send_items_to_erase(items: int) -> list[str]:
    """Items from DGSN to two Spanish agencies at once (one copy on es, two recipients)."""
    officer = user("dgsn.officer")
    sent = [
        actions.send_message(
            draft(
                "liaison-es-ct-rabat",
                "information",
                ["es-pn", "es-pn-cgi"],
                subject=f"Erase me {n}",
                body=f"Persona equivocada {n}",
            ),
            acting_user=officer,
        )
        for n in range(items)
    ]
    return [str(m.uid) for m in sent]


def ask_consent_to_forward(uid: str, to: str, reason: str) -> str:
    c = onward.request_consent(
        message(uid),
        purpose="forward",
        third_party=agency(to),
        reason=reason,
        acting_user=user("cgi.analyst"),
    )
    return str(c.uid)


def grant_consent(uid: str) -> None:
    c = Consent.objects.get(uid=uid)
    onward.answer_consent(c, granted=True, note="", acting_user=user("dgsn.supervisor"))


def forward_to_the_guardia_civil(uid: str) -> str:
    copy = onward.forward(
        message(uid),
        channel=channel("liaison-ma-madrid"),
        to=agency("es-gc"),
        note="Para su conocimiento",
        handling="H1",
        acting_user=user("cgi.analyst"),
    )
    return str(copy.uid)


def erase(uids: list[str]) -> None:
    officer = user("dgsn.officer")
    for uid in uids:
        actions.correct(message(uid), "erasure", "Wrong person: erase.", acting_user=officer)


def after_the_erasure(
    everything: list[str], first: str, copy: str, seq_before: int
) -> dict[str, Any]:
    copies = Message.objects.filter(uid__in=everything)
    rows = InboxEnvelope.objects.filter(origin__code="ma", seq__gt=seq_before)
    return {
        "copies": {
            str(m.uid): [
                m.erased_at is not None,
                m.subject,
                m.body,
                m.about.count(),
                Message.objects.filter(kind="erasure", in_reply_to_uid=m.uid).count(),
            ]
            for m in copies
        },
        "notices": sorted(
            Message.objects.filter(kind="erasure", in_reply_to_uid__in=everything).values_list(
                "subject", "search_text"
            )
        ),
        "recipients": sorted(
            Recipient.objects.filter(message__uid=first).values_list("agency__code", flat=True)
        ),
        "forwarded": Message.objects.filter(uid=copy)
        .values_list("forwarded_from_uid", "consent_uid")
        .get(),
        "inbox": [
            rows.filter(kind="exchange.message").count(),
            rows.count(),
            rows.values("envelope_id").distinct().count(),
            list(rows.exclude(status="applied").values_list("kind", "reason")),
        ],
    }


# --- d. H2 onward use needs the originator's consent, asked across nodes --------------------------


def send_h2_item() -> str:
    m = actions.send_message(
        draft(
            "liaison-es-ct-rabat",
            "information",
            ["es-pn-cgi"],
            handling="H2",
            subject="H2 item",
            body="Not to be passed on without permission",
        ),
        acting_user=user("dgsn.officer"),
    )
    return str(m.uid)


def try_to_forward_then_ask(uid: str) -> dict[str, Any]:
    """es-pn shares the channel but was not a party: H2 needs consent whichever the third
    party."""
    cgi = user("cgi.analyst")
    m = message(uid)

    def attempt() -> str | None:
        try:
            onward.forward(
                m,
                channel=channel("liaison-es-ct-rabat"),
                to=agency("es-pn"),
                note="",
                handling="H2",
                acting_user=cgi,
            )
        except RuleViolation as refused:
            return str(refused)
        return None

    before = attempt()
    c = onward.request_consent(
        m,
        purpose="forward",
        third_party=agency("es-pn"),
        reason="Shared investigation",
        acting_user=cgi,
    )
    return {
        "before": before,
        "pending": attempt(),
        "consent": str(c.uid),
        "copies": Message.objects.filter(forwarded_from_uid=m.uid).count(),
    }


def see_and_grant_consent(uid: str) -> dict[str, Any]:
    c = Consent.objects.select_related("requester_agency", "third_party").get(uid=uid)
    assert c.third_party is not None
    seen = [c.status, c.requester_agency.code, c.requester_name, c.third_party.code, c.reason]
    c = onward.answer_consent(
        c, granted=True, note="Only for this investigation", acting_user=user("dgsn.supervisor")
    )
    return {"seen": seen, "status": c.status}


def forward_with_consent(uid: str, consent: str) -> dict[str, Any]:
    cgi = user("cgi.analyst")
    copy = onward.forward(
        message(uid),
        channel=channel("liaison-es-ct-rabat"),
        to=agency("es-pn"),
        note="",
        handling="H1",
        acting_user=cgi,
    )
    c = Consent.objects.get(uid=consent)
    return {
        "copy": [
            str(copy.forwarded_from_uid),
            str(copy.consent_uid),
            copy.handling,
            copy.sender_agency.code,
            [r.agency.code for r in copy.recipients.all()],
            copy.body,
        ],
        "consent": [c.status, c.answered_by_name, c.answer_note],
        "in_pn_inbox": copy.uid in [r.message.uid for r in queries.inbox(user("pn.supervisor"))],
    }


# --- g. a thread goes on: a follow-up on the answer, closed on one node, reopened on both --------


def request_marked_amber() -> dict[str, Any]:
    m = actions.send_message(
        draft("direct-dgst-cgi", "request", ["es-pn-cgi"], tlp="AMBER", subject="Vehículo"),
        acting_user=user("dgst.analyst"),
    )
    return {"uid": str(m.uid), "thread": str(m.thread_uid)}


def answer_with_the_defaults(uid: str) -> dict[str, Any]:
    """An answer filled in as the page and the API fill it (``defaults.reply``)."""
    cgi = user("cgi.analyst")
    m = queries.message(cgi, uid)
    assert m is not None
    answer = actions.reply(
        m, defaults.reply(m, kind="reply", body="Alquilado a una empresa."), acting_user=cgi
    )
    return {"uid": str(answer.uid), "tlp": answer.tlp, "subject": answer.subject}


def follow_up_on(uid: str) -> dict[str, Any]:
    salma = user("dgst.analyst")
    m = queries.message(salma, uid)
    assert m is not None
    more = actions.reply(
        m, defaults.reply(m, kind="reply", body="Quelle entreprise ?"), acting_user=salma
    )
    return {"uid": str(more.uid), "to": [r.agency.code for r in more.recipients.all()]}


def close_the_thread(thread: str) -> None:
    cgi = user("cgi.analyst")
    actions.set_thread_closed(queries.thread(cgi, thread), True, acting_user=cgi)
