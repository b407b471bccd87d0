"""Exporting the user's agency's records as FollowTheMoney JSON lines (AC-05, LOG-01).

A bulk export needs a second person: the requester gives a justification
(:func:`request_export`), a supervisor of the same agency who is not the requester approves or
refuses it (:func:`decide`), and the requester downloads it once, within
``ExportRequest.VALID_FOR`` of the approval (:func:`download`). Each step is one audit entry.
Records past their review date are left out (DP-02: overdue review blocks use).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from strait.audit.events import AuditAction
from strait.audit.log import record as audit
from strait.entities import ftm
from strait.entities.models import ExportRequest
from strait.entities.validation import Invalid, reject_nul
from strait.permissions import Permission, require

if TYPE_CHECKING:
    from strait.accounts.models import User


def _refuse(message: str) -> Invalid:
    return Invalid([("", message)])


def may_request(user: User) -> bool:
    return bool(user.agency_id) and user.has_permission(Permission.ENTITIES_IMPORT)


def may_approve(user: User) -> bool:
    return bool(user.agency_id) and user.has_permission(Permission.ENTITIES_EXPORT_APPROVE)


def request_export(
    user: User, justification: str, *, request: HttpRequest | None = None
) -> ExportRequest:
    require(user, Permission.ENTITIES_IMPORT)
    if not user.agency_id:
        raise _refuse(_("You do not have permission to do this."))
    text = justification.strip()
    problems: list[tuple[str, str]] = []
    if not text:
        problems.append(("justification", _("Say why the export is needed.")))
    if len(text) > 1000:
        problems.append(("justification", _("At most 1000 characters.")))
    reject_nul("justification", text, problems)
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        asked = ExportRequest.objects.create(
            agency_id=user.agency_id, requested_by=user, justification=text
        )
        audit(
            AuditAction.ENTITIES_EXPORT_REQUEST,
            request=request,
            actor=user,
            target=f"export:{asked.uid}",
            details={"step": "requested", "justification": text},
        )
    return asked


def visible(user: User) -> list[ExportRequest]:
    """The user's own requests, and for approvers the agency's requests waiting for one."""
    rows = ExportRequest.objects.filter(agency_id=user.agency_id).select_related("requested_by")
    if not may_approve(user):
        rows = rows.filter(requested_by=user)
    return list(rows[:50])


def pending_for(user: User) -> list[ExportRequest]:
    """Requests this user may decide: the agency's pending ones asked by someone else."""
    if not may_approve(user):
        return []
    return list(
        ExportRequest.objects.filter(agency_id=user.agency_id, status=ExportRequest.Status.PENDING)
        .exclude(requested_by=user)
        .select_related("requested_by")
    )


def find(user: User, uid: uuid.UUID | str) -> ExportRequest | None:
    """A request of the user's agency that the user may see (own, or any for approvers)."""
    try:
        uid = uuid.UUID(str(uid))
    except ValueError:
        return None
    found = next((r for r in visible(user) if r.uid == uid), None)
    if found is None and may_approve(user):
        found = ExportRequest.objects.filter(agency_id=user.agency_id, uid=uid).first()
    return found


def decide(
    asked: ExportRequest,
    approver: User,
    *,
    approve: bool,
    note: str = "",
    request: HttpRequest | None = None,
) -> ExportRequest:
    require(approver, Permission.ENTITIES_EXPORT_APPROVE)
    if asked.agency_id != approver.agency_id:
        # Callers find requests through ``find``; reaching here is a programming error.
        raise _refuse(_("You do not have permission to do this."))
    if asked.requested_by_id == approver.pk:
        raise _refuse(_("Another supervisor must approve your own export."))
    problems: list[tuple[str, str]] = []
    reject_nul("note", note, problems)
    if problems:
        raise Invalid(problems)
    with transaction.atomic():
        locked = ExportRequest.objects.select_for_update().get(pk=asked.pk)
        if locked.status != ExportRequest.Status.PENDING:
            raise _refuse(_("This export request is already decided."))
        locked.status = ExportRequest.Status.APPROVED if approve else ExportRequest.Status.REFUSED
        locked.decided_by = approver
        locked.decided_at = timezone.now()
        locked.decision_note = note.strip()[:1000]
        locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        audit(
            AuditAction.ENTITIES_EXPORT_REQUEST,
            request=request,
            actor=approver,
            target=f"export:{locked.uid}",
            details={
                "step": "approved" if approve else "refused",
                "requested_by": asked.requested_by.username,
                "note": locked.decision_note,
            },
        )
    return locked


def download(asked: ExportRequest, user: User, *, request: HttpRequest | None = None) -> str:
    """The approved export, once, by its requester; the records as FtM JSON lines."""
    require(user, Permission.ENTITIES_IMPORT)
    if asked.requested_by_id != user.pk:
        raise _refuse(_("Only the requester may download an approved export."))
    with transaction.atomic():
        locked = ExportRequest.objects.select_for_update().get(pk=asked.pk)
        if not locked.downloadable():
            raise _refuse(_("This export is not approved, already downloaded or expired."))
        lines, withheld = export_lines(user)
        locked.status = ExportRequest.Status.DOWNLOADED
        locked.downloaded_at = timezone.now()
        locked.save(update_fields=["status", "downloaded_at"])
        audit(
            AuditAction.ENTITIES_EXPORTED,
            request=request,
            actor=user,
            target=f"export:{locked.uid}",
            details={
                "format": "ftm",
                "entities": len(lines),
                "review_overdue_withheld": withheld,
                "approved_by": locked.decided_by.username if locked.decided_by else "",
                "justification": locked.justification,
            },
        )
    return "".join(f"{line}\n" for line in lines)


def export_lines(user: User) -> tuple[list[str], int]:
    """The agency's records as FtM lines, without those past their review date (and how many
    were left out). The caller checks the approval and audits."""
    lines: list[str] = []
    withheld = 0
    for line, overdue in ftm.export_lines(user):
        if overdue:
            withheld += 1
        else:
            lines.append(line)
    return lines, withheld


def filename(user: User) -> str:
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    return f"entities-{user.agency.code}-{stamp}.ftm.jsonl"
