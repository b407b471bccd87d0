"""Every write of shared objects: creating one at its home, proposing a change, and ordering a
change at the home (``order``, also called by ``federation`` for a proposal that arrived).

Each runs in one transaction with its audit entry and its envelopes (REL-01): the change, the
copy's rows its op writes, and one ``sharing.change`` per node with an active participant agency
commit together or not at all. A node that joins (its first agency added) gets every earlier
change first, in order, in the same transaction.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import pydantic
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.federation.kinds import EnvelopeKind
from strait.federation.outbox import UnknownPeer, send, send_many
from strait.markings import HANDLING_ORDER
from strait.sharing import (
    builtin,  # noqa: F401  (registers the built-in ops)
    changes,
    queries,
    registry,
)
from strait.sharing.models import Change, ParticipantRole, Proposal, SharedObject
from strait.sharing.refusals import InvalidChange, NotParticipant, RightMissing, UnknownOp
from strait.sharing.registry import Applied, Op

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.agencies.models import Agency


def validate(op: Op, body: dict[str, Any]) -> pydantic.BaseModel:
    """The op's body, validated; ``InvalidChange`` names each field that does not fit."""
    if not isinstance(body, dict):
        raise InvalidChange(_("The change is not a set of fields."))
    try:
        return op.body.model_validate(body)
    except pydantic.ValidationError as exc:
        problems = [(".".join(str(p) for p in e["loc"]), str(e["msg"])) for e in exc.errors()[:10]]
        raise InvalidChange(_("The change does not validate."), problems=problems) from exc


def _own_agency(op: Op, body: pydantic.BaseModel, by_agency: Agency) -> None:
    if op.own_agency_only and getattr(body, "agency", by_agency.code) != by_agency.code:
        raise RightMissing(_("Each agency records this for itself."))


def vet(
    obj: SharedObject,
    op_name: str,
    body: dict[str, Any],
    by_agency: Agency,
    by_user: str,
    taking_part: queries.Participation | None = None,
) -> Applied:
    """What every node checks before a change: the op exists for this type, the agency's role
    gives its right, the body validates, the op's own check passes. Raises a ``Refused``.
    ``taking_part``: the participants as already read (``order`` reads them once)."""
    op = registry.find_op(obj.kind, op_name)
    if taking_part is None:
        taking_part = queries.participation(obj)
    if op.right not in taking_part.rights(by_agency):
        if taking_part.role_of(by_agency) is None:
            raise NotParticipant(_("%(code)s does not take part.") % {"code": by_agency.code})
        raise RightMissing(_("The agency's role here does not allow this."))
    validated = validate(op, body)
    _own_agency(op, validated, by_agency)
    applied = Applied(obj, op, validated, by_agency, by_user, timezone.now(), 0)
    if op.check is not None:
        op.check(applied)
    return applied


def _send_change(obj: SharedObject, nodes: list[str], wire: dict[str, Any]) -> None:
    """The change to each node, in one ``send_many`` (each peer's sequence as ``send``'s)."""
    body = {
        "object": str(obj.uid),
        "kind": obj.kind,
        "home": obj.home,
        "home_agency": obj.home_agency.code,
        "ceiling": obj.ceiling,
        "change": wire,
    }
    try:
        send_many(nodes, EnvelopeKind.SHARING_CHANGE, body, handling=obj.ceiling)
    except UnknownPeer as missing:
        raise InvalidChange(_("No link to node %(node)s.") % {"node": missing.code}) from None


def _replay(obj: SharedObject, node: str, upto: int) -> None:
    """Every change before ``upto``, in order, to a node that joins now."""
    current = changes.current_key_id()
    for change in Change.objects.filter(obj=obj, seq__lt=upto).order_by("seq"):
        wire = changes.wire_of(change)
        if change.key_id != current:
            # Signed with a key since rotated: sign it again, so the node can check it.
            wire = changes.sign(obj.uid, obj.home, wire)
        _send_change(obj, [node], wire)


# The ops that change which nodes take part; after any other, the nodes are those before it.
NODE_OPS = frozenset({registry.ADD_PARTICIPANT, registry.REMOVE_PARTICIPANT})


def _fan_out(obj: SharedObject, wire: dict[str, Any], before: set[str]) -> list[str]:
    """Send the change to every node with an active participant agency, and to a node whose
    last agency it removes; a node that joins gets the earlier changes first."""
    here = queries.local_node()
    after = queries.nodes_of(obj) if wire["op"] in NODE_OPS else before
    for node in sorted(after - before - {here}):
        _replay(obj, node, wire["seq"])
    nodes = sorted((after | before) - {here})
    if nodes:
        _send_change(obj, nodes, wire)
    return nodes


def order(
    obj: SharedObject,
    op_name: str,
    body: dict[str, Any],
    *,
    by_agency: Agency,
    by_user: str,
    by_name: str,
    proposal: str = "",
    actor: Any = None,
    trusted: bool = False,
) -> Change:
    """At the home: check, apply, sign and send change ``obj.seq + 1``. Raises a ``Refused`` and
    leaves nothing behind when the change is refused. ``trusted``: the creator's first changes,
    made before anyone takes part (no role to check yet)."""
    if obj.home != queries.local_node():
        raise NotParticipant(_("Only the home node orders changes."))
    with transaction.atomic():
        obj = SharedObject.objects.select_for_update().select_related("home_agency").get(pk=obj.pk)
        # Read once under the lock: the role check and the nodes the change goes to.
        taking_part = queries.participation(obj)
        if trusted:
            op = registry.find_op(obj.kind, op_name)
            validated = validate(op, body)
            applied = Applied(obj, op, validated, by_agency, by_user, timezone.now(), 0)
            if op.check is not None:
                op.check(applied)
        else:
            applied = vet(obj, op_name, body, by_agency, by_user, taking_part)
        before = taking_part.nodes()
        seq = obj.seq + 1
        applied = dataclasses.replace(applied, seq=seq, by_name=by_name, proposal=proposal)
        applied.op.apply(applied)
        wire: dict[str, Any] = {
            "seq": seq,
            "op": applied.op.name,
            "body": applied.body.model_dump(mode="json"),
            "by_agency": by_agency.code,
            "by_user": by_user,
            "by_name": by_name,
            "at": changes.format_at(applied.at),
            "proposal": proposal,
        }
        wire["digest"] = changes.next_digest(obj.digest, wire)
        wire = changes.sign(obj.uid, obj.home, wire)
        change = Change.objects.create(
            obj=obj,
            seq=seq,
            op=wire["op"],
            body=wire["body"],
            by_agency=by_agency.code,
            by_user=by_user,
            by_name=by_name,
            at=applied.at,
            proposal=proposal,
            digest=wire["digest"],
            signature=wire["signature"],
            key_id=wire["key_id"],
        )
        obj.seq, obj.digest, obj.updated_at = seq, wire["digest"], applied.at
        obj.save(update_fields=["seq", "digest", "updated_at"])
        if applied.op.after is not None:
            applied.op.after(dataclasses.replace(applied, obj=obj))
        nodes = _fan_out(obj, wire, before)
        record(
            AuditAction.SHARING_CHANGE_ORDERED,
            actor=actor,
            target=str(obj.uid),
            agency=obj.home_agency.code if actor is None else "",
            details={
                "kind": obj.kind,
                "seq": seq,
                "op": change.op,
                "by_agency": by_agency.code,
                "by_user": by_user,
                "proposal": proposal,
                "sent_to": nodes,
            },
        )
    return change


def create(
    user: User,
    kind: str,
    *,
    create_op: str,
    body: dict[str, Any],
    ceiling: str,
    participants: list[tuple[Agency, str]],
) -> SharedObject:
    """Create a shared object at its home (this node), led by the user's agency: change 1 is
    ``create_op`` (the domain's apply builds its copy), then one ``sharing.add_participant`` per
    agency, then ``sharing.add_member`` for the creator. The domain's action checks the user's
    permission first."""
    spec = registry.shared_type(kind)
    if spec is None or create_op not in {op.name for op in spec.ops}:
        raise UnknownOp(_("%(op)s does not create a %(kind)s.") % {"op": create_op, "kind": kind})
    if ceiling not in HANDLING_ORDER:
        raise InvalidChange(_("Choose a handling ceiling."))
    if not user.is_active:
        raise NotParticipant(_("You do not take part in this."))
    lead = user.agency
    others: dict[str, tuple[Agency, str]] = {}
    for agency, role in participants:
        if agency.pk != lead.pk:
            others[agency.code] = (agency, role)
    with transaction.atomic():
        obj = SharedObject.objects.create(
            kind=kind, home=queries.local_node(), home_agency=lead, ceiling=ceiling
        )
        obj.digest = changes.digest_zero(obj.uid)
        obj.save(update_fields=["digest"])
        steps: list[tuple[str, dict[str, Any]]] = [(create_op, body)]
        steps.append(
            (registry.ADD_PARTICIPANT, {"agency": lead.code, "role": ParticipantRole.LEAD})
        )
        steps += [
            (registry.ADD_PARTICIPANT, {"agency": code, "role": role})
            for code, (_agency, role) in sorted(others.items())
        ]
        member = {"agency": lead.code, "username": user.username, "name": user.full_name}
        steps.append((registry.ADD_MEMBER, member))
        for op_name, op_body in steps:
            order(
                obj,
                op_name,
                op_body,
                by_agency=lead,
                by_user=user.username,
                by_name=user.full_name,
                actor=user,
                trusted=True,
            )
        obj.refresh_from_db()
        record(
            AuditAction.SHARED_OBJECT_CREATED,
            actor=user,
            target=str(obj.uid),
            details={
                "kind": kind,
                "ceiling": ceiling,
                "participants": [lead.code, *sorted(others)],
                "seq": obj.seq,
            },
        )
    return obj


def propose(user: User, obj: SharedObject, op: str, body: dict[str, Any]) -> Change | Proposal:
    """A user's change: ordered at once on the home, otherwise a ``Proposal`` sent to the home
    (the page shows it as waiting until the home's change, or its refusal, comes back)."""
    if not queries.is_visible(user, obj):
        raise NotParticipant(_("You do not take part in this."))
    if obj.home == queries.local_node():
        # ``order`` makes every check (``vet``) under the object's lock: not twice here.
        return order(
            obj,
            op,
            body,
            by_agency=user.agency,
            by_user=user.username,
            by_name=user.full_name,
            actor=user,
        )
    # The same checks as the home's (the agency's role, the body, the op's own check), here
    # first, so the form shows the refusal at once.
    applied = vet(obj, op, body, user.agency, user.username)
    normal = applied.body.model_dump(mode="json")
    with transaction.atomic():
        proposal = Proposal.objects.create(obj=obj, op=op, body=normal, by_user=user)
        send(
            obj.home,
            EnvelopeKind.SHARING_PROPOSAL,
            {
                "proposal": str(proposal.uid),
                "object": str(obj.uid),
                "op": op,
                "body": normal,
                "by_agency": user.agency.code,
                "by_user": user.username,
                "by_name": user.full_name,
            },
            handling=obj.ceiling,
        )
        record(
            AuditAction.SHARING_PROPOSAL_SENT,
            actor=user,
            target=str(obj.uid),
            details={"kind": obj.kind, "op": op, "proposal": str(proposal.uid), "to": obj.home},
        )
    return proposal
