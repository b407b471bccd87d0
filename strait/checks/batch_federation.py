"""How batches of checks travel: ``checks.batch_query`` (at most 250 items) to the node of the
agencies asked, answered on arrival, in the inbox transaction, by one ``checks.batch_answer``
per agency asked carrying per item only the check, hit / no hit / refused and a reference
(AC-04). The answering node re-checks the channel (FED-06) and looks each item up, as a single
check is (``federation.py``), only in what its agency opened to that partner on that channel.

A hit is stored as any partner's check (``IncomingCheck`` with its ``Candidate`` rows, for the
analysts, notified); a no-hit keeps only what its erasure and the rate limit need: no query, no
label, no purpose, and it goes after the batch's ``erase_after`` (travellers are not
suspects; task ``checks.erase_batches``). One audit entry per envelope and agency, with the
counts and the hits' references. The peer's batches have their own limit, in items per minute
(``CHECKS_BATCH_ITEMS_PER_PEER_PER_MINUTE``, default 10,000): over it every item is answered
``refused`` (reason ``rate_limited``) and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from strait.agencies.models import Agency
from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.bulk import update_by_pk
from strait.checks import batch_matcher, matcher, notify, signals
from strait.checks.batch import BATCH_ANSWER, BATCH_QUERY, HANDLING, MAX_KEEP, ItemAnswer
from strait.checks.federation import _agency, handling_open
from strait.checks.models import (
    Candidate,
    Check,
    CheckAnswer,
    CheckBatch,
    CheckOpening,
    IncomingCheck,
    Result,
    new_reference,
)
from strait.checks.wire import (
    BatchAnswerItemWire,
    BatchItemWire,
    CheckBatchAnswerWire,
    CheckBatchQueryWire,
)
from strait.exchange import effects, rules
from strait.exchange.models import Channel
from strait.federation.handlers import Arrival, Rejected, handles
from strait.federation.models import Peer
from strait.federation.outbox import send

WINDOW = dt.timedelta(minutes=1)


def per_peer_items_limit() -> int:
    return int(getattr(settings, "CHECKS_BATCH_ITEMS_PER_PEER_PER_MINUTE", 10_000))


def _json(model: Any) -> dict[str, Any]:
    return dict(model.model_dump(mode="json"))


def _over_limit(peer: Peer, now: dt.datetime, items: int) -> bool:
    # Locked while counting, as a single check's limit is (the inbox holds it anyway).
    Peer.objects.select_for_update().filter(pk=peer.pk).first()
    answered = IncomingCheck.objects.filter(
        origin_node=peer.code, received_at__gte=now - WINDOW, batch_uid__isnull=False
    ).count()
    return answered + items > per_peer_items_limit()


def _query(item: BatchItemWire) -> dict[str, Any]:
    return {
        "names": item.names,
        "birth_date": item.birth_date,
        "value": item.value,
        "country": item.country,
    }


def _answer_batch(
    wire: CheckBatchQueryWire, requester: Agency, agency: Agency, channel: Channel, peer: Peer
) -> list[BatchAnswerItemWire]:
    """Look every item up for one of our agencies; store, notify, signal and audit it."""
    now = timezone.now()
    if _over_limit(peer, now, len(wire.items)):
        record(
            AuditAction.CHECK_REFUSED,
            target=str(wire.batch),
            agency=agency.code,
            details={
                "from": requester.code,
                "to": agency.code,
                "reason": "rate_limited",
                "items": len(wire.items),
            },
        )
        return [
            BatchAnswerItemWire(check=i.uid, result="refused", reference=new_reference())
            for i in wire.items
        ]
    opening = CheckOpening.objects.filter(agency=agency, partner=requester, channel=channel).first()
    handling = handling_open(opening, channel) if opening is not None else []
    erase_after = min(wire.erase_after, now + MAX_KEEP)
    queries = [_query(item) for item in wire.items]
    kinds_open = opening.kinds if opening is not None else []
    looked_up = iter(
        batch_matcher.look_up_hits(
            agency.pk,
            [(i.kind, q) for i, q in zip(wire.items, queries, strict=True) if i.kind in kinds_open],
            handling,
        )
    )
    rows: list[IncomingCheck] = []
    found_per_row: list[list[matcher.Found]] = []
    for item, query in zip(wire.items, queries, strict=True):
        found = next(looked_up) if item.kind in kinds_open else []
        label = " / ".join(item.names) if item.names else item.value
        rows.append(
            IncomingCheck(
                check_uid=item.uid,
                origin_node=peer.code,
                requester=requester,
                requester_name=wire.requester_name if found else "",
                agency=agency,
                channel=channel,
                kind=item.kind,
                # A no-hit keeps nothing of what was asked: it is erased after the batch anyway.
                query=query if found else {},
                label=label[:300] if found else "",
                purpose=wire.purpose if found else "",
                result=Result.HIT if found else Result.NO_HIT,
                received_at=now,
                batch_uid=wire.batch,
                erase_after=None if found else erase_after,
            )
        )
        found_per_row.append(found)
    IncomingCheck.objects.bulk_create(rows, batch_size=500)
    Candidate.objects.bulk_create(
        [
            Candidate(
                incoming=incoming,
                record_kind=f.kind,
                record_uid=f.uid,
                record_label=f.label,
                score=f.score,
                features=f.features,
                explanation=f.explanation,
                evidence=f.evidence,
            )
            for incoming, found in zip(rows, found_per_row, strict=True)
            for f in found
        ],
        batch_size=500,
    )
    for incoming, query in zip(rows, queries, strict=True):
        notify.answered(incoming)
        signals.check_recorded.send(
            IncomingCheck,
            agency=agency,
            kind=incoming.kind,
            query=query,
            ref=str(incoming.uid),
            # Who checked and the reference: what was checked is for the analysts only.
            label=f"{requester.abbreviation} {incoming.reference}",
        )
    hits = [i.reference for i in rows if i.result == Result.HIT]
    record(
        AuditAction.CHECK_BATCH_ANSWERED,
        target=str(wire.batch),
        agency=agency.code,  # no user acted: the answering agency's DPO reads it
        details={
            "from": requester.code,
            "to": agency.code,
            "channel": channel.code,
            "purpose": wire.purpose,
            "items": len(rows),
            "hits": len(hits),
            "hit_references": hits,
            "opened": opening is not None,
            "erase_after": erase_after.isoformat(),
        },
    )
    return [
        BatchAnswerItemWire(check=i.check_uid, result=i.result, reference=i.reference)  # type: ignore[arg-type]
        for i in rows
    ]


@handles(BATCH_QUERY, body=CheckBatchQueryWire)
def apply_batch_query(arrival: Arrival) -> None:
    wire: CheckBatchQueryWire = arrival.body
    requester = _agency(arrival, wire.requester_agency, on_peer=True)
    channel = Channel.objects.filter(code=wire.channel).first()
    if channel is None:
        raise Rejected(f"unknown channel {wire.channel!r}")
    here = list(Agency.objects.filter(code__in=wire.recipients, node_code=effects.local_node()))
    if not here:
        raise Rejected("none of the agencies asked is on this node")
    try:
        rules.check_sender(channel, requester)
        rules.check_recipients(channel, requester, here)
    except rules.RuleViolation as violation:
        raise Rejected(str(violation)) from violation
    uids = [item.uid for item in wire.items]
    if len(set(uids)) != len(uids):
        raise Rejected("a check uid is repeated in the batch")
    if IncomingCheck.objects.filter(check_uid__in=uids, agency__in=here).exists():
        # As for a single check: a new envelope reusing a check's uid is refused.
        raise Rejected(f"a check of batch {wire.batch} was already answered")
    for agency in here:
        items = _answer_batch(wire, requester, agency, channel, arrival.peer)
        answer = CheckBatchAnswerWire(
            batch=wire.batch,
            agency=agency.code,
            reason="rate_limited" if items and items[0].result == "refused" else "",
            answered_at=timezone.now(),
            items=items,
        )
        send(arrival.peer, BATCH_ANSWER, _json(answer), handling=HANDLING)


@handles(BATCH_ANSWER, body=CheckBatchAnswerWire)
def apply_batch_answer(arrival: Arrival) -> None:
    wire: CheckBatchAnswerWire = arrival.body
    agency = _agency(arrival, wire.agency, on_peer=True)
    batch = CheckBatch.objects.filter(uid=wire.batch).select_related("agency").first()
    if batch is None:
        raise Rejected(f"answer to batch {wire.batch}, which this node did not send (or erased)")
    by_uid = {item.check: item for item in wire.items}
    # Two reads by index (the checks by uid, then their pending answers by check): joined in
    # one query, PostgreSQL took 140 ms an envelope on a freshly written batch.
    checks = {
        pk: (uid, ref)
        for pk, uid, ref in Check.objects.filter(batch=batch, uid__in=list(by_uid)).values_list(
            "pk", "uid", "batch_ref"
        )
    }
    answers = [
        (pk, *checks[check_id])
        for pk, check_id in CheckAnswer.objects.filter(
            check_ref_id__in=list(checks), agency=agency, result=Result.PENDING
        ).values_list("pk", "check_ref_id")
    ]
    if len(answers) != len(by_uid):
        raise Rejected("answers to checks of the batch not asked of that agency, or answered")
    now = timezone.now()
    # One prepared UPDATE per row (bulk_update's CASE per row took 1.3 s for a ferry's 1,900).
    update_by_pk(
        CheckAnswer,
        ["result", "reference", "reason", "answered_at"],
        [
            (pk, (by_uid[uid].result, by_uid[uid].reference, wire.reason, now))
            for pk, uid, _ref in answers
        ],
    )
    hits = sum(1 for _pk, uid, _ref in answers if by_uid[uid].result == Result.HIT)
    CheckBatch.objects.filter(pk=batch.pk).update(
        answered=F("answered") + len(answers), hits=F("hits") + hits
    )
    batch.refresh_from_db(fields=["asked", "answered", "hits"])
    record(
        AuditAction.CHECK_BATCH_ANSWER_RECEIVED,
        target=str(batch.uid),
        agency=batch.agency.code,  # the asking agency's DPO reads it
        details={
            "from": agency.code,
            "items": len(answers),
            "hits": hits,
            "reason": wire.reason,
        },
    )
    signals.batch_answered.send(
        CheckBatch,
        batch=batch,
        answers=[
            ItemAnswer(
                ref,
                str(uid),
                agency.code,
                by_uid[uid].result,
                by_uid[uid].reference,
                wire.reason if by_uid[uid].result == Result.REFUSED else "",
            )
            for _pk, uid, ref in answers
        ],
    )
