"""How the JSON API knows who calls and what they may do: a bearer token, never the session.

Every API operation declares its permission as ``auth=requires_token(Permission.X)``; the token's
user must hold it through their role, or the answer is 403 before the body is even read. The
permission harness (tests/test_permissions.py) fails for any operation without a declaration.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthorizationError
from ninja.security import HttpBearer

from strait import timefmt
from strait.accounts import tokens
from strait.accounts.models import User
from strait.permissions import Permission


class TokenAuth(HttpBearer):
    """``Authorization: Bearer strait_…``: 401 without a usable token, 403 without
    ``permission`` (and always 403 when an operation declared none: fail closed)."""

    def __init__(self, permission: Permission | None) -> None:
        super().__init__()
        self.permission = permission

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = tokens.authenticate(token)
        if found is None:
            return None
        user = found.user
        if self.permission is None or not user.has_permission(self.permission):
            raise AuthorizationError
        # The token's user is the request's user: audit rows and no-store caching follow.
        request.user = user
        # Its dates on the caller's clock, as the pages do (UserTimeZoneMiddleware, which also
        # deactivates the zone after the request): a reply's review date, "days late" and
        # "today" must not depend on whether it came by the page or the API.
        timezone.activate(timefmt.zone(user.zone_name))
        return user


def requires_token(permission: Permission) -> TokenAuth:
    """Declare (and enforce) the permission an API operation needs."""
    return TokenAuth(permission)


def api_user(request: HttpRequest) -> User:
    """The user a token authenticated (set by ``TokenAuth``)."""
    user: Any = getattr(request, "auth", None)
    if not isinstance(user, User):  # unreachable behind TokenAuth; guards against misuse
        raise AuthorizationError
    return user
