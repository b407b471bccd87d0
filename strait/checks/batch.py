"""Checks sent as a batch (a ferry's manifest: 1,500 passengers and 400 vehicles at once), on
the asking node: the rows stored in bulk, the ``checks.batch_query`` envelopes, progress, the
answers read per item, and the batch's erasure after ``erase_after`` (travellers are not
suspects). ``actions.send_batch`` checks the permission, the channel's rules and every item,
then calls ``record``; ``actions.erase_batch`` calls ``erase``. The answering side is
``batch_federation.py``; docs/checks.md, "Batches".
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from strait.agencies.models import Agency
from strait.audit.events import AuditAction
from strait.audit.log import record as audit
from strait.checks.models import Check, CheckAnswer, CheckBatch, IncomingCheck, RecordKind, Result
from strait.checks.wire import BATCH_ENVELOPE_ITEMS, BatchItemWire, CheckBatchQueryWire
from strait.exchange import codes, outbound
from strait.exchange.models import Channel
from strait.exchange.rules import RuleViolation
from strait.federation.kinds import EnvelopeKind
from strait.federation.outbox import send

if TYPE_CHECKING:
    from strait.accounts.models import User

BATCH_QUERY = EnvelopeKind.CHECKS_BATCH_QUERY
BATCH_ANSWER = EnvelopeKind.CHECKS_BATCH_ANSWER
HANDLING = "H0"
WINDOW = dt.timedelta(minutes=1)
# A batch is kept at most this long, whatever the caller asks (the answering node caps it too).
MAX_KEEP = dt.timedelta(days=31)
# Items' JSON per envelope, well under the envelope body limit (192 KB) with the header fields.
ENVELOPE_ITEM_BYTES = 150 * 1024


def max_items() -> int:
    return int(getattr(settings, "CHECKS_BATCH_MAX_ITEMS", 5000))


@dataclass(frozen=True)
class Item:
    """One item, checked and normalised by ``actions.send_batch``."""

    ref: str
    kind: str
    query: dict[str, Any]
    label: str


@dataclass(frozen=True)
class ItemAnswer:
    """One partner agency's answer to one item: all that came back (AC-04). ``reason``: why a
    ``refused`` item was not answered (``rate_limited``, or empty when the partner gave none)."""

    ref: str
    check_uid: str
    agency: str
    result: str
    reference: str
    reason: str = ""


def recent_sends(user: User, since: dt.datetime) -> int:
    """What the per-user limit counts: single checks, and each batch as one."""
    singles = Check.objects.filter(user=user, batch=None, created_at__gte=since).count()
    return singles + CheckBatch.objects.filter(user=user, created_at__gte=since).count()


def _wire_item(check: Check) -> BatchItemWire:
    query = check.query
    return BatchItemWire(
        uid=check.uid,
        kind=RecordKind(check.kind),
        names=query.get("names", []),
        birth_date=query.get("birth_date", ""),
        value=query.get("value", ""),
        country=query.get("country", ""),
    )


def chunks(items: Sequence[BatchItemWire]) -> Iterator[list[BatchItemWire]]:
    """At most ``BATCH_ENVELOPE_ITEMS`` items and ``ENVELOPE_ITEM_BYTES`` of them an envelope."""
    chunk: list[BatchItemWire] = []
    size = 0
    for item in items:
        length = len(json.dumps(item.model_dump(mode="json"), ensure_ascii=False).encode())
        if chunk and (len(chunk) >= BATCH_ENVELOPE_ITEMS or size + length > ENVELOPE_ITEM_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += length
    if chunk:
        yield chunk


def record(
    *,
    user: User,
    channel: Channel,
    recipients: Sequence[Agency],
    purpose: str,
    crime_area: str,
    items: Sequence[Item],
    erase_after: dt.datetime,
    limit: int,
    request: HttpRequest | None = None,
) -> CheckBatch:
    """Store the batch, a ``Check`` per item and a pending ``CheckAnswer`` per item and agency,
    queue the envelopes and audit it, in one transaction. The caller checked everything else."""
    nodes: dict[str, list[str]] = defaultdict(list)
    for agency in recipients:
        nodes[agency.node_code].append(agency.code)
    peers = {node: outbound.peer_for(node) for node in nodes}
    with transaction.atomic():
        from strait.accounts.models import User

        # Lock the user's row so two sends at once cannot both slip under the limit.
        User.objects.select_for_update().filter(pk=user.pk).first()
        now = timezone.now()
        recent = recent_sends(user, now - WINDOW)
        if recent >= limit:
            raise RuleViolation(
                _("You have sent %(n)s checks in the last minute; wait a moment.") % {"n": recent}
            )
        batch = CheckBatch.objects.create(
            agency=user.agency,
            user=user,
            channel=channel,
            purpose=purpose,
            crime_area=crime_area,
            asked=len(items) * len(recipients),
            erase_after=erase_after,
            created_at=now,
        )
        checks = Check.objects.bulk_create(
            [
                Check(
                    agency=user.agency,
                    user=user,
                    channel=channel,
                    kind=item.kind,
                    query=item.query,
                    label=item.label,
                    purpose=purpose,
                    crime_area=crime_area,
                    created_at=now,
                    batch=batch,
                    batch_ref=item.ref,
                )
                for item in items
            ],
            batch_size=500,
        )
        CheckAnswer.objects.bulk_create(
            [
                CheckAnswer(check_ref=check, agency=agency)
                for check in checks
                for agency in recipients
            ],
            batch_size=1000,
        )
        wired = [_wire_item(check) for check in checks]
        envelopes = 0
        for node, agencies in sorted(nodes.items()):
            for chunk in chunks(wired):
                body = CheckBatchQueryWire(
                    batch=batch.uid,
                    channel=channel.code,
                    requester_agency=user.agency.code,
                    requester_name=user.full_name,
                    recipients=agencies,
                    purpose=purpose,
                    crime_area=codes.CrimeArea(crime_area),
                    created_at=now,
                    erase_after=erase_after,
                    items=chunk,
                )
                send(peers[node], BATCH_QUERY, body.model_dump(mode="json"), handling=HANDLING)
                envelopes += 1
        audit(
            AuditAction.CHECK_BATCH_SENT,
            request=request,
            actor=user,
            target=str(batch.uid),
            details={
                "channel": channel.code,
                "purpose": purpose,
                "recipients": [a.code for a in recipients],
                "items": len(items),
                "envelopes": envelopes,
                "erase_after": erase_after.isoformat(),
            },
        )
    return batch


def progress(batch: CheckBatch) -> CheckBatch:
    """The batch's row read again: ``asked``, ``answered``, ``hits``."""
    batch.refresh_from_db(fields=["asked", "answered", "hits"])
    return batch


def item_answers(batch: CheckBatch) -> list[ItemAnswer]:
    """Every answer of the batch by the caller's item reference, pending ones included."""
    rows = CheckAnswer.objects.filter(check_ref__batch=batch).values_list(
        "check_ref__batch_ref", "check_ref__uid", "agency__code", "result", "reference", "reason"
    )
    return [
        ItemAnswer(
            ref, str(uid), agency, result, reference, reason if result == Result.REFUSED else ""
        )
        for ref, uid, agency, result, reference, reason in rows
    ]


def erase(batch: CheckBatch, *, reason: str) -> int:
    """Delete the batch and its checks without a hit (their answers with them); a check a
    partner answered with a hit stays, without the batch, as the ground for asking the details.
    Audited as counts. Returns how many checks were erased."""
    with transaction.atomic():
        hits = CheckAnswer.objects.filter(check_ref__batch=batch, result=Result.HIT)
        gone = Check.objects.filter(batch=batch).exclude(pk__in=hits.values("check_ref"))
        erased = gone.count()
        gone.delete()
        kept = Check.objects.filter(batch=batch).count()
        audit(
            AuditAction.CHECK_BATCH_ERASED,
            target=str(batch.uid),
            agency=batch.agency.code,
            details={"side": "asking", "erased": erased, "kept_hits": kept, "reason": reason},
        )
        batch.delete()
    return erased


def erase_incoming_due(now: dt.datetime, limit: int = 5000) -> int:
    """On the answering node: delete the partners' batch checks past their ``erase_after``
    that were not a hit (a hit stays for the analysts, like any check answered). Audited as a
    count per agency. At most ``limit`` rows a call; returns how many went."""
    due = IncomingCheck.objects.filter(erase_after__lt=now).exclude(result=Result.HIT)
    rows = list(due.values_list("pk", "agency__code")[:limit])
    if not rows:
        return 0
    per_agency: dict[str, int] = defaultdict(int)
    for _pk, agency in rows:
        per_agency[agency] += 1
    with transaction.atomic():
        IncomingCheck.objects.filter(pk__in=[pk for pk, _agency in rows]).delete()
        for agency, count in sorted(per_agency.items()):
            audit(
                AuditAction.CHECK_BATCH_ERASED,
                target="checks:incoming",
                agency=agency,
                details={"side": "answering", "erased": count, "reason": "erase_after"},
            )
    return len(rows)


def batches_due(now: dt.datetime, limit: int = 50) -> list[CheckBatch]:
    """Batches of ours past ``erase_after`` that their caller has not erased yet."""
    return list(CheckBatch.objects.filter(erase_after__lt=now).select_related("agency")[:limit])
