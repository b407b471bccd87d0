"""Who may do what in governance: the pages ask ``can_*`` to show a form or a button; the actions
``require`` the same permission and ``strait.sharing`` checks the body's right again (and the
home once more), so a page never offers what the action refuses.

Every governance object lives inside one body's shared object: the body's participants edit
(meetings, minutes, recommendations, actions, evidence, courses, documents), its lead manages
(the body itself); a co-chair's chair signs the minutes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strait.governance import minutes
from strait.permissions import Permission
from strait.sharing import queries as sharing_queries
from strait.sharing.registry import Right

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.governance.models import Body, Meeting


def _rights(user: User, body: Body) -> frozenset[Right]:
    cached: dict[int, frozenset[Right]] | None = getattr(user, "_governance_rights", None)
    if cached is None:
        cached = {}
        user._governance_rights = cached  # type: ignore[attr-defined]
    if body.pk not in cached:
        cached[body.pk] = frozenset(sharing_queries.rights_of(user, body.obj))
    return cached[body.pk]


def can_create_body(user: User) -> bool:
    return user.has_permission(Permission.GOVERNANCE_WRITE)


def can_edit(user: User, body: Body) -> bool:
    """Write inside the body: meetings, attendees, agenda, decisions, minutes, recommendations,
    actions, evidence (a secretariat of a member agency)."""
    return user.has_permission(Permission.GOVERNANCE_WRITE) and Right.EDIT in _rights(user, body)


def can_manage(user: User, body: Body) -> bool:
    """Change the body itself (names, mandate, cadence, co-chairs): the lead's secretariat."""
    return user.has_permission(Permission.GOVERNANCE_WRITE) and Right.MANAGE in _rights(user, body)


def is_co_chair(user: User, body: Body) -> bool:
    return getattr(user.agency, "code", None) in set(body.co_chairs)


def minutes_ready(meeting: Meeting) -> bool:
    """Arabic and Spanish minutes written (both are needed before anyone signs)."""
    return not minutes.missing_languages(meeting)


def signed_here(meeting: Meeting, node: str) -> bool:
    """This node already signed the current version (once per node per version)."""
    return any(
        s.version == meeting.minutes_version and s.node == node for s in meeting.signatures.all()
    )


def can_sign(user: User, meeting: Meeting) -> bool:
    """A chair of a co-chair agency signs the current version once, when the Arabic and the
    Spanish minutes are written. (The op's check verifies the rest: digest, key, node.)"""
    from django.conf import settings

    body = meeting.body
    return (
        user.has_permission(Permission.GOVERNANCE_SIGN)
        and Right.EDIT in _rights(user, body)
        and is_co_chair(user, body)
        and getattr(user.agency, "node_code", None) == settings.NODE.code
        and meeting.minutes_version > 0
        and minutes_ready(meeting)
        and not signed_here(meeting, settings.NODE.code)
    )


def can_publish(user: User, meeting: Meeting) -> bool:
    """The joint statement: from fully signed minutes, by a member who writes or signs."""
    return (
        (
            user.has_permission(Permission.GOVERNANCE_WRITE)
            or user.has_permission(Permission.GOVERNANCE_SIGN)
        )
        and Right.READ in _rights(user, meeting.body)
        and minutes.fully_signed(meeting)
    )


def forms_allowed(user: User, body: Body) -> dict[str, bool]:
    """Which of the body's forms the user is offered (the rights read once)."""
    edit = can_edit(user, body)
    return {"edit": edit, "manage": can_manage(user, body)}
