"""Who may manage whom: the object rules of user management, used by pages and actions alike.

A node administrator manages the users of their own agency only (issue 11): the node holds
several agencies, each its own controller, and an account planted in another agency would read
that agency's exchanges. The operator's command line (``strait createuser``, shell access) is not
a user and stays node-wide; actions take ``acting_user=None`` for it.
"""

from __future__ import annotations

from typing import Any

from strait.permissions import Permission, role_has


def manages_users(admin: Any) -> bool:
    return bool(getattr(admin, "is_active", False)) and role_has(
        admin.role, Permission.USERS_MANAGE
    )


def can_manage_agency(admin: Any, agency_id: int | None) -> bool:
    """May ``admin`` create, change or reset users of the agency ``agency_id``?"""
    return manages_users(admin) and agency_id is not None and admin.agency_id == agency_id


def can_manage(admin: Any, user: Any) -> bool:
    """May ``admin`` see and change ``user`` (edit, (de)activate, password, second factor)?"""
    return can_manage_agency(admin, user.agency_id)
