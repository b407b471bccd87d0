"""What a user may do in a centre, asked by pages (which forms to show) and the API alike. The
actions and the ops decide for themselves; these only keep a page from offering what would be
refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from strait.permissions import Permission
from strait.ports import queries
from strait.sharing import policy
from strait.sharing.registry import Right

if TYPE_CHECKING:
    from strait.accounts.models import User
    from strait.ports.models import Centre


def is_host(user: User, centre: Centre) -> bool:
    return bool(user.agency_id == centre.obj.home_agency_id)


def can_edit(user: User, centre: Centre) -> bool:
    return user.has_permission(Permission.PORTS_WRITE) and policy.can(user, centre.obj, Right.EDIT)


def can_manage(user: User, centre: Centre) -> bool:
    return user.has_permission(Permission.PORTS_MANAGE) and policy.can(
        user, centre.obj, Right.MANAGE
    )


def can_write_log(user: User, centre: Centre) -> bool:
    """Whether the quick entry form is offered: the user is on duty now."""
    return can_edit(user, centre) and queries.is_on_duty(centre, user)


def agencies_to_post(user: User, centre: Centre) -> list[str]:
    """The agencies whose agents the user may post: their own, or any taking part for the
    host."""
    if not can_edit(user, centre):
        return []
    taking_part = [p.agency.code for p in queries.participants(centre)]
    if is_host(user, centre):
        return taking_part
    return [code for code in taking_part if code == user.agency.code]


def can_end(user: User, centre: Centre, agency: str) -> bool:
    return can_edit(user, centre) and (agency == user.agency.code or is_host(user, centre))


def can_update_incident(user: User, centre: Centre, agency: str) -> bool:
    return can_edit(user, centre) and agency == user.agency.code
