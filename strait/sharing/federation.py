"""How shared objects travel (docs/sharing.md): ``sharing.proposal`` to the home, which orders it
(``actions.order``) or answers ``sharing.refusal``; ``sharing.change`` from the home to every
node with an active participant agency, applied in sequence order exactly once.

Each handler checks the sender first: a proposal comes from the proposing agency's own node, a
change from the object's home. What can never be applied is parked (``Rejected``) with its reason.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from strait.agencies.models import Agency
from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.federation.handlers import Arrival, Rejected, handles
from strait.federation.kinds import EnvelopeKind
from strait.federation.outbox import send
from strait.refusals import Refused
from strait.sharing import actions, changes, queries, registry
from strait.sharing.models import Change, Proposal, ProposalStatus, SharedObject
from strait.sharing.refusals import NotParticipant
from strait.sharing.registry import Applied
from strait.sharing.wire import ChangeEnvelope, ProposalEnvelope, RefusalEnvelope


def _speaks_for(arrival: Arrival, code: str) -> Agency:
    """The agency, if it is one of the sending node's: a peer speaks only for its own."""
    agency = Agency.objects.filter(code=code).first()
    if agency is None or agency.node_code != arrival.peer.code:
        raise Rejected(f"agency {code!r} is not one of node {arrival.peer.code}")
    return agency


def _refuse(arrival: Arrival, wire: ProposalEnvelope, refusal: Refused, handling: str) -> None:
    body = {"proposal": str(wire.proposal), "code": refusal.code, "reason": refusal.message[:500]}
    send(arrival.peer, EnvelopeKind.SHARING_REFUSAL, body, handling=handling)
    record(
        AuditAction.SHARING_PROPOSAL_REFUSED,
        target=str(wire.object),
        details={
            "proposal": str(wire.proposal),
            "op": wire.op,
            "by_agency": wire.by_agency,
            "by_user": wire.by_user,
            "from": arrival.peer.code,
            "code": refusal.code,
            "reason": refusal.message[:300],
        },
    )


@handles(EnvelopeKind.SHARING_PROPOSAL, body=ProposalEnvelope)
def apply_proposal(arrival: Arrival) -> None:
    wire: ProposalEnvelope = arrival.body
    agency = _speaks_for(arrival, wire.by_agency)
    obj = (
        SharedObject.objects.filter(uid=wire.object, home=queries.local_node())
        .select_related("home_agency")
        .first()
    )
    if obj is None:
        _refuse(arrival, wire, NotParticipant("unknown object"), "H0")
        return
    if Change.objects.filter(obj=obj, proposal=str(wire.proposal)).exists():
        return  # already ordered: its change went out then
    try:
        with transaction.atomic():  # a refused change leaves nothing half-applied
            actions.order(
                obj,
                wire.op,
                wire.body,
                by_agency=agency,
                by_user=wire.by_user,
                by_name=wire.by_name,
                proposal=str(wire.proposal),
            )
    except Refused as refusal:
        _refuse(arrival, wire, refusal, obj.ceiling)


def _copy(arrival: Arrival, wire: ChangeEnvelope) -> SharedObject:
    """The local copy of the object, made at its first change; locked for this change."""
    here = queries.local_node()
    if wire.home != arrival.peer.code or wire.home == here:
        raise Rejected(f"changes to {wire.object} come from its home {wire.home} only")
    if registry.shared_type(wire.kind) is None:
        raise Rejected(f"unknown shared type {wire.kind!r} on this node")
    obj = (
        SharedObject.objects.select_for_update()
        .select_related("home_agency")
        .filter(uid=wire.object)
        .first()
    )
    if obj is not None:
        if obj.home != wire.home or obj.kind != wire.kind:
            raise Rejected(f"{wire.object} is a {obj.kind} of home {obj.home}")
        return obj
    # A first change that is not change 1 is refused below as out of sequence (have 0).
    home_agency = _speaks_for(arrival, wire.home_agency)
    return SharedObject.objects.create(
        uid=wire.object,
        kind=wire.kind,
        home=wire.home,
        home_agency=home_agency,
        digest=changes.digest_zero(wire.object),
        ceiling=wire.ceiling,
    )


@handles(EnvelopeKind.SHARING_CHANGE, body=ChangeEnvelope)
def apply_change(arrival: Arrival) -> None:
    wire: ChangeEnvelope = arrival.body
    obj = _copy(arrival, wire)
    change = wire.change
    if change.seq <= obj.seq:
        return  # applied already (a replay to a node that had it): exactly once
    if change.seq > obj.seq + 1:
        raise Rejected(f"out of sequence: have {obj.seq}, got {change.seq}")
    raw = change.model_dump(mode="json")
    try:
        changes.verify_wire(obj.uid, obj.home, raw)
        at = changes.parse_at(change.at)
    except changes.ChangeInvalid as exc:
        raise Rejected(str(exc)) from exc
    digest = changes.next_digest(obj.digest, raw)
    if digest != change.digest:
        raise Rejected(
            f"digest of change {change.seq} differs: home {change.digest[:12]}, here {digest[:12]}"
        )
    by_agency = (  # most changes are the home agency's, already read with the copy
        obj.home_agency
        if obj.home_agency.code == change.by_agency
        else Agency.objects.filter(code=change.by_agency).first()
    )
    if by_agency is None:
        raise Rejected(f"unknown agency {change.by_agency!r}")
    try:
        op = registry.find_op(obj.kind, change.op)
        body = actions.validate(op, change.body)
        applied = Applied(
            obj,
            op,
            body,
            by_agency,
            change.by_user,
            at,
            change.seq,
            by_name=change.by_name,
            proposal=change.proposal,
        )
        op.apply(applied)
    except Refused as refused:  # the home applied it: a copy that cannot has diverged
        problems = "; ".join(f"{f}: {m}" for f, m in refused.problems)
        raise Rejected(
            f"change {change.seq} ({change.op}) refused here: {refused.message} {problems}"
        ) from refused
    Change.objects.create(
        obj=obj,
        seq=change.seq,
        op=change.op,
        body=change.body,
        by_agency=change.by_agency,
        by_user=change.by_user,
        by_name=change.by_name,
        at=at,
        proposal=change.proposal,
        digest=digest,
        signature=change.signature,
        key_id=change.key_id,
    )
    obj.seq, obj.digest, obj.updated_at = change.seq, digest, at
    obj.save(update_fields=["seq", "digest", "updated_at", "ceiling"])
    if op.after is not None:
        op.after(applied)
    if change.proposal:
        Proposal.objects.filter(uid=change.proposal, obj=obj, status=ProposalStatus.PENDING).update(
            status=ProposalStatus.APPLIED, change_seq=change.seq, decided_at=timezone.now()
        )
    record(
        AuditAction.SHARING_CHANGE_APPLIED,
        target=str(obj.uid),
        agency=_local_agency(obj),
        details={
            "kind": obj.kind,
            "seq": change.seq,
            "op": change.op,
            "by_agency": change.by_agency,
            "by_user": change.by_user,
            "from": arrival.peer.code,
        },
    )


def _local_agency(obj: SharedObject) -> str:
    """Whose data-protection officer reads the entry: this node's first participant agency."""
    here = queries.local_node()
    codes = [p.agency.code for p in queries.participants(obj) if p.agency.node_code == here]
    return codes[0] if codes else ""


@handles(EnvelopeKind.SHARING_REFUSAL, body=RefusalEnvelope)
def apply_refusal(arrival: Arrival) -> None:
    wire: RefusalEnvelope = arrival.body
    proposal = (
        Proposal.objects.select_related("obj", "by_user__agency").filter(uid=wire.proposal).first()
    )
    if proposal is None or proposal.obj.home != arrival.peer.code:
        raise Rejected(
            f"refusal of a proposal {wire.proposal} this node did not send to {arrival.peer.code}"
        )
    if proposal.status != ProposalStatus.PENDING:
        raise Rejected(f"proposal {wire.proposal} is already {proposal.status}")
    proposal.status, proposal.code, proposal.reason = ProposalStatus.REFUSED, wire.code, wire.reason
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "code", "reason", "decided_at"])
    record(
        AuditAction.SHARING_PROPOSAL_REFUSED,
        target=str(proposal.obj.uid),
        agency=proposal.by_user.agency.code,
        details={"proposal": str(proposal.uid), "op": proposal.op, "code": wire.code},
    )
