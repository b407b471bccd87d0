"""Who may do what in a joint operation: the pages ask ``can_*`` to show a form or a button; the
actions ``require`` the same permission and ``strait.sharing`` checks the same right again (and
the home once more), so a page never offers what the action refuses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from strait.permissions import Permission
from strait.sharing import policy as sharing
from strait.sharing import queries as sharing_queries
from strait.sharing.registry import Right

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.operations.models import Operation


def can_create(user: User) -> bool:
    return user.has_permission(Permission.OPERATIONS_CREATE)


def can_edit(user: User, op: Operation) -> bool:
    """Add to the operation: relations, events, tasks, notes, threads, outcomes (a participant's
    or the lead's role; an observer only reads)."""
    return user.has_permission(Permission.OPERATIONS_WRITE) and sharing.can(
        user, op.obj, Right.EDIT
    )


def can_manage(user: User, op: Operation) -> bool:
    """Change the operation itself and who takes part: the lead agency."""
    return user.has_permission(Permission.OPERATIONS_WRITE) and sharing.can(
        user, op.obj, Right.MANAGE
    )


def can_share(user: User, op: Operation) -> bool:
    """Share the agency's own records into the operation: who may edit it and read them."""
    return can_edit(user, op) and user.has_permission(Permission.ENTITIES_READ)


def forms_allowed(user: User, op: Operation) -> dict[str, bool]:
    """Which of the operation page's forms the user is offered (the rights read once): the same
    answers as ``can_edit``, ``can_manage`` and ``can_share``."""
    rights = (
        sharing_queries.rights_of(user, op.obj)
        if user.has_permission(Permission.OPERATIONS_WRITE)
        else frozenset()
    )
    edit = Right.EDIT in rights
    manage = Right.MANAGE in rights
    return {
        "update": manage,
        "share": edit and user.has_permission(Permission.ENTITIES_READ),
        "relation": edit,
        "timeline": edit,
        "task": edit,
        "note": edit,
        "thread": edit and user.has_permission(Permission.MESSAGES_READ),
        "outcome": edit,
        "participant": manage,
        "ceiling": manage,
        "member": edit,
    }
