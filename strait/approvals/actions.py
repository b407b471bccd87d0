"""Every write of approvals: asking (``request``), deciding (``decide``) and withdrawing the
request (``cancel``). Four eyes (AC-05): the decider holds the kind's permission, belongs to the
requester's agency and is not the requester. The decision, the kind's callback and the audit
entry commit together or not at all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from strait.approvals import registry
from strait.approvals.models import Approval, ApprovalStatus
from strait.audit.events import AuditAction
from strait.audit.log import record
from strait.permissions import require
from strait.refusals import Refused

if TYPE_CHECKING:
    from strait.accounts.models import User


class UnknownKind(Refused):
    code = "unknown_approval_kind"


class AlreadyPending(Refused):
    """One open request per subject: asking twice is not a second approval."""

    code = "already_pending"


class NotPending(Refused):
    """Already approved, refused or cancelled: a decision is taken once."""

    code = "not_pending"


class OwnRequest(Refused):
    """Four eyes: the requester does not approve (nor refuse) their own request."""

    code = "own_request"
    status = 403


class OtherAgency(Refused):
    """Only a colleague of the requester's agency decides."""

    code = "other_agency"
    status = 403


class NoteRequired(Refused):
    """A refusal says why (the requester reads it)."""

    code = "note_required"


class NotRequester(Refused):
    code = "not_requester"
    status = 403


def _kind(name: str) -> registry.ApprovalKind:
    kind = registry.get(name)
    if kind is None:
        raise UnknownKind(_("Unknown kind of approval: %(kind)s.") % {"kind": name})
    return kind


def request(user: User, kind: str, subject: str, summary: str) -> Approval:
    """Ask the user's agency for a second person's approval of ``subject``. The caller checks
    the user may ask (its own permission); this refuses a second open request."""
    found = _kind(kind)
    if user.agency_id is None:
        raise OtherAgency(_("You belong to no agency."))
    try:
        with transaction.atomic():
            approval = Approval.objects.create(
                kind=found.name,
                subject=subject[:200],
                summary=summary[:300],
                agency_id=user.agency_id,
                requested_by=user,
            )
            record(
                AuditAction.APPROVAL_REQUESTED,
                actor=user,
                target=f"approval:{approval.uid}",
                details={"kind": found.name, "subject": approval.subject},
            )
    except IntegrityError:
        raise AlreadyPending(_("This is already waiting for approval.")) from None
    return approval


def check_decider(user: User, approval: Approval) -> None:
    """Refuse unless ``user`` may decide ``approval``: the kind's permission, the requester's
    agency, not the requester (the pages ask ``queries.may_decide``, which asks this)."""
    kind = _kind(approval.kind)
    require(user, kind.permission)
    if user.agency_id != approval.agency_id:
        raise OtherAgency(_("Only a colleague of the same agency decides this."))
    if user.pk == approval.requested_by_id:
        raise OwnRequest(_("Four eyes: someone other than you must approve what you asked for."))


def decide(user: User, approval: Approval, approve: bool, note: str = "") -> Approval:
    """Approve (the kind's ``on_approve`` runs) or refuse with a note (``on_refuse``), in one
    transaction with the status change and the audit entry. Raises a ``Refused``."""
    note = (note or "").strip()[:1000]
    check_decider(user, approval)
    if not approve and not note:
        raise NoteRequired(
            _("Say why it is refused."), problems=[("note", _("Say why it is refused."))]
        )
    kind = _kind(approval.kind)
    with transaction.atomic():
        locked = Approval.objects.select_for_update().get(pk=approval.pk)
        if locked.status != ApprovalStatus.PENDING:
            raise NotPending(_("This has already been decided."))
        locked.status = ApprovalStatus.APPROVED if approve else ApprovalStatus.REFUSED
        locked.decided_by = user
        locked.decided_at = timezone.now()
        locked.note = note
        locked.save(update_fields=["status", "decided_by", "decided_at", "note"])
        if approve:
            kind.on_approve(locked, user)
        else:
            kind.on_refuse(locked, user, note)
        record(
            AuditAction.APPROVAL_DECIDED,
            actor=user,
            target=f"approval:{locked.uid}",
            details={
                "kind": kind.name,
                "subject": locked.subject,
                "decision": locked.status,
                "requested_by": locked.requested_by.username,
            },
        )
    return locked


def cancel(user: User, approval: Approval) -> Approval:
    """The requester withdraws a request still waiting."""
    with transaction.atomic():
        locked = Approval.objects.select_for_update().get(pk=approval.pk)
        if locked.requested_by_id != user.pk:
            raise NotRequester(_("Only who asked withdraws the request."))
        if locked.status != ApprovalStatus.PENDING:
            raise NotPending(_("This has already been decided."))
        locked.status = ApprovalStatus.CANCELLED
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_at"])
        record(
            AuditAction.APPROVAL_CANCELLED,
            actor=user,
            target=f"approval:{locked.uid}",
            details={"kind": locked.kind, "subject": locked.subject},
        )
    return locked
