"""What tests/checks/test_batch_nodes.py does inside each node (see tests/nodes/__init__.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.utils import timezone

from strait.audit.models import AuditEntry
from strait.checks import actions, batch, tasks
from strait.checks.models import Check, CheckAnswer, CheckBatch, IncomingCheck
from strait.exchange.models import Channel
from strait.federation.models import OutboxEnvelope
from tests.nodes.common import agency, user

TRAVELLERS = 300  # two envelopes of 250 and 50 items, plus the person and the car


def send_the_manifest() -> str:
    """gc.officer at Algeciras checks a sailing's travellers against DGSN in one batch: the
    demo's person (held by DGSN only in Arabic script), invented travellers, one car."""
    items: list[dict[str, Any]] = [
        {
            "ref": "p-khattabi",
            "kind": "person",
            "names": ["Abdelatif El Khattabi"],
            "birth_date": "1980-03-12",
        }
    ]
    items += [
        {"ref": f"p-{n}", "kind": "person", "names": [f"Viajero Inventado{n} Zzyzx"]}
        for n in range(TRAVELLERS)
    ]
    items.append({"ref": "v-1", "kind": "vehicle", "value": "0000 ZZZ"})
    sent = actions.send_batch(
        user("gc.officer"),
        channel=Channel.objects.get(code="port-tanger-med-algeciras"),
        recipients=[agency("ma-dgsn")],
        purpose="Manifest screening, Algeciras - Tanger Med",
        items=items,
        erase_after=timezone.now() + dt.timedelta(hours=48),
    )
    return str(sent.uid)


def the_batch(uid: str) -> dict[str, Any]:
    sent = CheckBatch.objects.get(uid=uid)
    last = CheckAnswer.objects.filter(check_ref__batch=sent).aggregate(last=Max("answered_at"))
    return {
        # From the batch's commit to its last answer stored here, both by this node's clock.
        "latency": (last["last"] - sent.created_at).total_seconds() if last["last"] else None,
        "asked": sent.asked,
        "answered": sent.answered,
        "hits": sent.hits,
        "answers": {a.ref: [a.result, a.reference] for a in batch.item_answers(sent)},
        "sent_envelopes": OutboxEnvelope.objects.filter(kind="checks.batch_query").count(),
    }


def what_ma_kept_and_sent(uid: str) -> dict[str, Any]:
    rows = IncomingCheck.objects.filter(batch_uid=uid)
    hits = rows.filter(result="hit")
    return {
        "rows": rows.count(),
        "hits": [[i.label, i.candidates.count(), i.reference] for i in hits],
        "no_hit_queries": sorted({str(i.query) for i in rows.filter(result="no_hit")}),
        "answers": [
            dict(e.body) for e in OutboxEnvelope.objects.filter(kind="checks.batch_answer")
        ],
    }


def pass_erase_after_and_run_the_task(uid: str) -> dict[str, Any]:
    """As if 48 hours had gone by: the node's own task erases what it must."""
    past = timezone.now() - dt.timedelta(seconds=1)
    IncomingCheck.objects.filter(batch_uid=uid).exclude(erase_after=None).update(erase_after=past)
    CheckBatch.objects.filter(uid=uid).update(erase_after=past)
    erased = tasks.erase_batches()
    entries = AuditEntry.objects.filter(action="checks.batch_erased").order_by("-id")
    return {
        "erased": erased,
        "incoming_left": [i.result for i in IncomingCheck.objects.filter(batch_uid=uid)],
        "checks_left": [c.batch_ref for c in Check.objects.exclude(batch_ref="")],
        "batch_left": CheckBatch.objects.filter(uid=uid).exists(),
        "audit": [e.details for e in entries[:2]],
    }
