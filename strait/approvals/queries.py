"""Every read of approvals, scoped to the reader's agency: what waits for the user's decision
(the kinds whose permission they hold, asked by a colleague, never their own) and what they
asked for themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from strait.approvals import registry
from strait.approvals.models import Approval, ApprovalStatus

if TYPE_CHECKING:
    from strait.accounts.models import User


def decidable_kinds(user: User) -> list[str]:
    """The kinds the user's role may decide."""
    return [k.name for k in registry.kinds() if user.has_permission(k.permission)]


def may_approve(user: User) -> bool:
    return getattr(user, "agency_id", None) is not None and bool(decidable_kinds(user))


def waiting_for(user: User, kind: str | None = None) -> QuerySet[Approval]:
    """Pending requests of the user's agency the user may decide (not their own), oldest
    first."""
    names = decidable_kinds(user)
    if kind is not None:
        names = [n for n in names if n == kind]
    if getattr(user, "agency_id", None) is None or not names:
        return Approval.objects.none()
    return (
        Approval.objects.filter(
            agency_id=user.agency_id, status=ApprovalStatus.PENDING, kind__in=names
        )
        .exclude(requested_by=user)
        .select_related("requested_by")
        .order_by("requested_at", "id")
    )


def asked_by(user: User) -> QuerySet[Approval]:
    return Approval.objects.filter(requested_by=user).order_by("-requested_at", "-id")


def pending_for_subject(subject: str) -> Approval | None:
    return Approval.objects.filter(subject=subject, status=ApprovalStatus.PENDING).first()


def may_decide(user: User, approval: Approval) -> bool:
    """The same answer as ``actions.check_decider`` plus the status: the pages show the buttons
    only when the action would take the decision."""
    kind = registry.get(approval.kind)
    return (
        kind is not None
        and approval.status == ApprovalStatus.PENDING
        and user.has_permission(kind.permission)
        and user.agency_id == approval.agency_id
        and user.pk != approval.requested_by_id
    )
