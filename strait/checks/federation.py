"""How checks travel: ``checks.query`` to the node of the agencies asked, answered on arrival
in the same transaction by ``checks.answer`` (one per agency asked). The answering node re-checks
the channel itself (FED-06), counts the peer's checks against its limit, and looks only in the
records its agency opened to that partner on that channel (default deny).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone

from strait.agencies.models import Agency
from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.checks import matcher, notify, signals
from strait.checks.models import Candidate, CheckAnswer, CheckOpening, IncomingCheck, Result
from strait.checks.wire import CheckAnswerWire, CheckQueryWire
from strait.exchange import codes, effects, rules
from strait.exchange.models import Channel
from strait.federation.handlers import Arrival, Rejected, handles
from strait.federation.kinds import EnvelopeKind
from strait.federation.models import Peer
from strait.federation.outbox import send

QUERY = EnvelopeKind.CHECKS_QUERY
ANSWER = EnvelopeKind.CHECKS_ANSWER
# A check names a person: it travels marked for police use only, like the request it may become.
HANDLING = "H0"
WINDOW = dt.timedelta(minutes=1)


def per_peer_limit() -> int:
    return int(getattr(settings, "CHECKS_PER_PEER_PER_MINUTE", 120))


def _json(model: Any) -> dict[str, Any]:
    return dict(model.model_dump(mode="json"))


def _agency(arrival: Arrival, code: str, *, on_peer: bool) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    node = arrival.peer.code if on_peer else effects.local_node()
    if agency is None or agency.node_code != node:
        where = f"node {arrival.peer.code}" if on_peer else "this node"
        raise Rejected(f"agency {code!r} is not one of {where}")
    return agency


def _over_limit(peer: Peer, now: dt.datetime) -> bool:
    # The peer's row is locked while counting, so two workers applying this peer's checks at
    # once cannot both slip under the limit (as send_check locks the user's row). The inbox
    # already holds this lock for its batch; taking it here keeps that true for any caller.
    Peer.objects.select_for_update().filter(pk=peer.pk).first()
    # A batch's items have their own limit (batch_federation.py).
    answered = IncomingCheck.objects.filter(
        origin_node=peer.code, received_at__gte=now - WINDOW, batch_uid=None
    ).exclude(result=Result.REFUSED)
    return answered.count() >= per_peer_limit()


def handling_open(opening: CheckOpening, channel: Channel) -> list[str]:
    """The handling codes an opening lets through today: up to its own ceiling, and never above
    the channel's, which may have been lowered since the opening was made."""
    top = min(
        codes.HANDLING_ORDER[opening.max_handling], codes.HANDLING_ORDER[channel.max_handling]
    )
    return [code for code, rank in codes.HANDLING_ORDER.items() if rank <= top]


def _answer(
    wire: CheckQueryWire, requester: Agency, agency: Agency, channel: Channel, peer: Peer
) -> IncomingCheck:
    """Look the check up for one of our agencies, store it with its candidates, audit it."""
    peer_code = peer.code
    now = timezone.now()
    query = {"names": wire.names, "birth_date": wire.birth_date, "value": wire.value}
    query["country"] = wire.country
    label = " / ".join(wire.names) if wire.names else wire.value
    common = {
        "check_uid": wire.uid,
        "origin_node": peer_code,
        "requester": requester,
        "requester_name": wire.requester_name,
        "agency": agency,
        "channel": channel,
        "kind": wire.kind,
        "received_at": now,
    }
    if _over_limit(peer, now):
        incoming = IncomingCheck.objects.create(
            **common, result=Result.REFUSED, reason="rate_limited"
        )
        record(
            AuditAction.CHECK_REFUSED,
            target=str(incoming.uid),
            details={"from": requester.code, "to": agency.code, "reason": "rate_limited"},
        )
        return incoming
    opening = CheckOpening.objects.filter(agency=agency, partner=requester, channel=channel).first()
    found: list[matcher.Found] = []
    if opening is not None and wire.kind in opening.kinds:
        found = [
            f
            for f in matcher.look_up(agency.pk, wire.kind, query, handling_open(opening, channel))
            if f.hit
        ]
    incoming = IncomingCheck.objects.create(
        **common,
        query=query,
        label=label[:300],
        purpose=wire.purpose,
        result=Result.HIT if found else Result.NO_HIT,
    )
    Candidate.objects.bulk_create(
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
        for f in found
    )
    record(
        AuditAction.CHECK_ANSWERED,
        target=str(incoming.uid),
        agency=agency.code,  # no user acted: the answering agency's DPO reads it
        details={
            "from": requester.code,
            "to": agency.code,
            "channel": channel.code,
            "kind": wire.kind,
            "purpose": wire.purpose,
            "result": incoming.result,
            "reference": incoming.reference,
            "opened": opening is not None,
        },
    )
    return incoming


@handles(QUERY, body=CheckQueryWire)
def apply_query(arrival: Arrival) -> None:
    wire: CheckQueryWire = arrival.body
    requester = _agency(arrival, wire.requester_agency, on_peer=True)
    channel = Channel.objects.filter(code=wire.channel).first()
    if channel is None:
        raise Rejected(f"unknown channel {wire.channel!r}")
    here = Agency.objects.filter(code__in=wire.recipients, node_code=effects.local_node())
    if not here:
        raise Rejected("none of the agencies asked is on this node")
    try:
        rules.check_sender(channel, requester)
        rules.check_recipients(channel, requester, here)
    except rules.RuleViolation as violation:
        raise Rejected(str(violation)) from violation
    if IncomingCheck.objects.filter(check_uid=wire.uid, agency__in=here).exists():
        # The envelope layer already answers a resent envelope (same id) with its first receipt;
        # a new envelope reusing a check's uid is refused, like a message's repeated uid.
        raise Rejected(f"check {wire.uid} was already answered")
    for agency in here:
        incoming = _answer(wire, requester, agency, channel, arrival.peer)
        notify.answered(incoming)
        if incoming.result != Result.REFUSED:
            signals.check_recorded.send(
                IncomingCheck,
                agency=agency,
                kind=wire.kind,
                query=incoming.query,
                ref=str(incoming.uid),
                # Who checked and the reference: what was checked is for the analysts only.
                label=f"{requester.abbreviation} {incoming.reference}",
            )
        answer = CheckAnswerWire(
            check=wire.uid,
            agency=agency.code,
            result=incoming.result,  # type: ignore[arg-type]
            reference=incoming.reference,
            reason=incoming.reason,  # type: ignore[arg-type]
            answered_at=incoming.received_at,
        )
        send(arrival.peer, ANSWER, _json(answer), handling=HANDLING)


@handles(ANSWER, body=CheckAnswerWire)
def apply_answer(arrival: Arrival) -> None:
    wire: CheckAnswerWire = arrival.body
    agency = _agency(arrival, wire.agency, on_peer=True)
    answer = (
        CheckAnswer.objects.select_related("check_ref")
        .filter(check_ref__uid=wire.check, agency=agency)
        .first()
    )
    if answer is None:
        raise Rejected("answer to a check this node did not send to that agency")
    if answer.result != Result.PENDING:
        raise Rejected("check already answered")
    CheckAnswer.objects.filter(pk=answer.pk).update(
        result=wire.result, reference=wire.reference, reason=wire.reason, answered_at=timezone.now()
    )
    record(
        AuditAction.CHECK_ANSWER_RECEIVED,
        target=str(answer.check_ref.uid),
        agency=answer.check_ref.agency.code,  # the asking agency's DPO reads it
        details={"from": agency.code, "result": wire.result, "reference": wire.reference},
    )
