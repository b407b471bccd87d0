"""The half-done login between the password and the second factor, kept in the session.

Nobody is logged in during this step: the session only remembers which user passed the
password check, and when. The state lasts five minutes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from strait.accounts.models import User

PENDING_SECONDS = 5 * 60
_USER = "strait_pending_user"
_AT = "strait_pending_at"
_NEXT = "strait_pending_next"


@dataclass(frozen=True)
class Pending:
    user: User
    next_url: str


def start(request: HttpRequest, user: User, next_url: str = "") -> None:
    # A new session key at the privilege change: a planted session id is worthless (fixation).
    request.session.cycle_key()
    request.session[_USER] = user.pk
    request.session[_AT] = int(time.time())
    request.session[_NEXT] = safe_next(request, next_url)


def has_expired(request: HttpRequest) -> bool:
    started = request.session.get(_AT)
    return isinstance(started, int) and time.time() - started > PENDING_SECONDS


def load(request: HttpRequest) -> Pending | None:
    """The live pending login, or None (none started, expired, or the user was deactivated)."""
    user_id, started = request.session.get(_USER), request.session.get(_AT)
    if user_id is None or not isinstance(started, int) or has_expired(request):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).select_related("agency").first()
    if user is None:
        clear(request)
        return None
    return Pending(user=user, next_url=str(request.session.get(_NEXT, "")))


def clear(request: HttpRequest) -> None:
    for key in (_USER, _AT, _NEXT):
        request.session.pop(key, None)


def safe_next(request: HttpRequest, next_url: str) -> str:
    """Only a path on this site: never an open redirect after login."""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""
