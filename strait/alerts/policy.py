"""Who may do what with alerts: the pages ask ``can_*`` to show a form or a button; the actions
``require`` the same permissions, ``strait.approvals`` enforces the four eyes and
``strait.sharing`` checks the agency's right again (and the home once more), so a page never
offers what the action refuses. ``shows_grounds``: the grounds of an alert (and a discreet
check's free text) are not for the frontline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone

from strait.alerts import codes
from strait.approvals import queries as approvals
from strait.approvals.models import ApprovalStatus
from strait.permissions import Permission
from strait.sharing import policy as sharing
from strait.sharing.registry import Right

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.alerts.models import Alert, AlertDraft

EDITABLE = (codes.DraftStatus.DRAFT, codes.DraftStatus.RETURNED)


def can_draft(user: User) -> bool:
    return user.has_permission(Permission.ALERTS_DRAFT) and user.agency_id is not None


def can_edit_draft(user: User, draft: AlertDraft) -> bool:
    """Its author, while it is a draft or returned."""
    return can_draft(user) and draft.author_id == user.pk and draft.status in EDITABLE


can_submit = can_edit_draft


def can_release(user: User, draft: AlertDraft) -> bool:
    """A supervisor of the draft's agency who is not its author, while it waits for review
    (release and return alike)."""
    approval = draft.approval
    return (
        draft.status == codes.DraftStatus.SUBMITTED
        and approval is not None
        and approval.status == ApprovalStatus.PENDING
        and user.has_permission(Permission.ALERTS_RELEASE)
        and approvals.may_decide(user, approval)
    )


can_return = can_release


def can_update(user: User, alert: Alert) -> bool:
    """Update, extend or withdraw: the issuing agency's supervisors, while not withdrawn."""
    return (
        alert.status == codes.Status.ACTIVE
        and user.has_permission(Permission.ALERTS_RELEASE)
        and sharing.can(user, alert.obj, Right.MANAGE)
    )


def can_acknowledge(user: User, alert: Alert, now: Any = None) -> bool:
    """An addressed agency's user, until the alert is withdrawn or expires (what
    ``validation.check_acknowledge`` refuses)."""
    return (
        user.has_permission(Permission.ALERTS_READ)
        and user.agency is not None
        and user.agency.code != alert.origin_agency
        and alert.status == codes.Status.ACTIVE
        and (now or timezone.now()) < alert.valid_until
        and sharing.can(user, alert.obj, Right.EDIT)
    )


def can_add_measure(user: User, alert: Alert) -> bool:
    """The issuing and the addressed agencies log their own measures, until withdrawn."""
    return (
        user.has_permission(Permission.ALERTS_DRAFT)
        and alert.status == codes.Status.ACTIVE
        and sharing.can(user, alert.obj, Right.EDIT)
    )


def shows_grounds(user: User, alert: Alert | None = None) -> bool:
    """The grounds (why) are for analysts, liaison officers and supervisors, never the
    frontline officer."""
    return user.has_permission(Permission.ALERTS_READ_GROUNDS)


def shows_details(user: User, alert: Alert) -> bool:
    """A discreet check's free text is hidden from the frontline too: they see only the
    required action."""
    return alert.type != codes.AlertType.DISCREET_CHECK or shows_grounds(user, alert)
